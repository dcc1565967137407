package providers

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// entryTOML is an entry as decoded. Its types accept only what the file
// format allows and fail with an error the TOML library places at the key.
type entryTOML struct {
	Preset                 tomlString `toml:"preset"`
	Issuer                 tomlString `toml:"issuer"`
	AuthorizationURL       tomlString `toml:"authorization_url"`
	TokenURL               tomlString `toml:"token_url"`
	JWKSURL                tomlString `toml:"jwks_url"`
	UserinfoURL            tomlString `toml:"userinfo_url"`
	DeviceAuthorizationURL tomlString `toml:"device_authorization_url"`
	ClientID               tomlString `toml:"client_id"`
	ClientSecret           tomlString `toml:"client_secret"`
	ClientSecretEnv        tomlString `toml:"client_secret_env"`
	ClientSecretCommand    tomlString `toml:"client_secret_command"`
	Scopes                 tomlList   `toml:"scopes"`
	Audience               tomlString `toml:"audience"`
	Resource               tomlString `toml:"resource"`
	AuthMethod             tomlString `toml:"auth_method"`
	RedirectURI            tomlString `toml:"redirect_uri"`
	APIURL                 tomlString `toml:"api_url"`
	AuthParams             tomlParams `toml:"auth_params"`
	TokenParams            tomlParams `toml:"token_params"`
}

// entryKeys are the keys an entry may have besides its preset's fields.
var entryKeys = []string{"preset", "issuer", "authorization_url", "token_url", "jwks_url", "userinfo_url",
	"device_authorization_url", "client_id", "client_secret", "client_secret_env", "client_secret_command",
	"scopes", "audience", "resource", "auth_method", "redirect_uri", "api_url", "auth_params", "token_params"}

func (w entryTOML) entry(name string) Entry {
	return Entry{
		Name: name, Preset: string(w.Preset), Issuer: string(w.Issuer),
		AuthorizationURL: string(w.AuthorizationURL), TokenURL: string(w.TokenURL), JWKSURL: string(w.JWKSURL),
		UserinfoURL: string(w.UserinfoURL), DeviceAuthorizationURL: string(w.DeviceAuthorizationURL),
		ClientID: string(w.ClientID), ClientSecret: string(w.ClientSecret),
		ClientSecretEnv: string(w.ClientSecretEnv), ClientSecretCommand: string(w.ClientSecretCommand),
		Scopes: []string(w.Scopes), Audience: string(w.Audience), Resource: string(w.Resource),
		AuthMethod: string(w.AuthMethod), RedirectURI: string(w.RedirectURI), APIURL: string(w.APIURL),
		AuthParams: map[string]string(w.AuthParams), TokenParams: map[string]string(w.TokenParams),
	}
}

// tomlString is a string value.
type tomlString string

// UnmarshalTOML accepts only a string.
func (s *tomlString) UnmarshalTOML(v any) error {
	str, ok := v.(string)
	if !ok {
		return fmt.Errorf("must be a string in quotes, not %s", tomlKind(v))
	}
	*s = tomlString(str)
	return nil
}

// tomlList is a list of strings, also written as one space-separated string.
type tomlList []string

// UnmarshalTOML accepts ["a", "b"] or "a b".
func (l *tomlList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = strings.Fields(v)
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf(`must be a list of strings, e.g. ["openid", "profile"]; found %s in it`, tomlKind(e))
			}
			out = append(out, strings.Fields(s)...)
		}
		*l = out
		return nil
	}
	return fmt.Errorf(`must be a list of strings, e.g. ["openid", "profile"], not %s`, tomlKind(v))
}

// tomlParams is a table of request parameters; numbers and booleans are
// taken as their text.
type tomlParams map[string]string

// UnmarshalTOML accepts a table of strings, numbers and booleans.
func (p *tomlParams) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf(`must be a table of parameters, e.g. { prompt = "login" }, not %s`, tomlKind(v))
	}
	out := make(tomlParams, len(m))
	for k, e := range m {
		switch e := e.(type) {
		case string:
			out[k] = e
		case int64, float64, bool:
			out[k] = fmt.Sprint(e)
		default:
			return fmt.Errorf("parameter %s must be a string, not %s", k, tomlKind(e))
		}
	}
	*p = out
	return nil
}

func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a date or time"
}

// errProbe is what positionProbe fails with.
var errProbe = errors.New("position probe")

// positionProbe learns where a key is: toml v1.6.0 exposes key positions
// only in the ParseError of a failed decode, so it fails on purpose.
type positionProbe struct{}

// UnmarshalTOML always fails, so that the decoder reports a position.
func (positionProbe) UnmarshalTOML(any) error { return errProbe }

// keyLine returns the line where the key under prim is defined (the table
// header for a table), 0 if unknown. Pass key "" for prim's own key.
func keyLine(md *toml.MetaData, prim toml.Primitive, key string) int {
	var err error
	if key == "" {
		err = md.PrimitiveDecode(prim, &positionProbe{})
	} else {
		var sub map[string]toml.Primitive
		if md.PrimitiveDecode(prim, &sub) != nil {
			return 0
		}
		p, ok := sub[key]
		if !ok {
			return 0
		}
		err = md.PrimitiveDecode(p, &positionProbe{})
	}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Position.Line
	}
	return 0
}

// decodeProblem turns a decode error into a problem at its key.
func decodeProblem(name string, line int, err error) Problem {
	msg := err.Error()
	var pe toml.ParseError
	if errors.As(err, &pe) {
		if pe.Position.Line > 0 {
			line = pe.Position.Line
		}
		key := pe.LastKey
		if i := strings.LastIndex(key, "."); i >= 0 {
			key = key[i+1:]
		}
		msg = key + " " + pe.Message
	}
	return Problem{Provider: name, Line: line, Severity: Error, Message: msg}
}

// parseFile decodes and checks a providers file.
func parseFile(path string, data []byte) (*File, error) {
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		return nil, syntaxError(path, data, err)
	}
	f := &File{Path: path}
	var names []string
	for _, k := range md.Keys() {
		switch {
		case len(k) == 1 && k[0] != "providers":
			what := fmt.Sprintf("unknown key %q at the top level is ignored", k[0])
			if md.Type(k[0]) == "Hash" {
				what = fmt.Sprintf("unknown table [%s] is ignored: a provider's table is written [providers.%s]", k[0], k[0])
			}
			f.Problems = append(f.Problems, Problem{Line: keyLine(&md, top[k[0]], ""), Severity: Warning, Message: what})
		case len(k) == 2 && k[0] == "providers":
			names = append(names, k[1])
		}
	}
	prov, ok := top["providers"]
	if !ok {
		return f, nil
	}
	var entries map[string]toml.Primitive
	if err := md.PrimitiveDecode(prov, &entries); err != nil {
		f.Problems = append(f.Problems, Problem{Line: keyLine(&md, prov, ""), Severity: Error,
			Message: "providers must hold tables: write [providers.NAME] for each provider"})
		return f, nil
	}
	// First decode every entry's known keys, then ask which keys were left:
	// Undecoded covers the whole document.
	wires := make(map[string]*entryTOML, len(names))
	for _, name := range names {
		line := keyLine(&md, entries[name], "")
		if t := md.Type("providers", name); t != "Hash" && t != "" {
			f.Problems = append(f.Problems, Problem{Provider: name, Line: line, Severity: Error,
				Message: fmt.Sprintf("must be a table: write [providers.%s] and its keys below it", name)})
			continue
		}
		var w entryTOML
		if err := md.PrimitiveDecode(entries[name], &w); err != nil {
			f.Problems = append(f.Problems, decodeProblem(name, line, err))
			continue
		}
		wires[name] = &w
	}
	// Undecoded must be asked before keyLine is given a key: it decodes the
	// entry's keys to find that one, which marks them all decoded.
	leftover := map[string][]string{}
	for _, k := range md.Undecoded() {
		if len(k) == 3 && k[0] == "providers" {
			leftover[k[1]] = append(leftover[k[1]], k[2])
		}
	}
	for _, k := range md.Keys() {
		if len(k) != 3 || k[0] != "providers" || k[2] != "client_secret" || f.secretIn != "" {
			continue
		}
		if w, ok := wires[k[1]]; ok && w.ClientSecret == "" {
			continue // an empty secret holds nothing
		}
		f.secretIn, f.secretLine = k[1], keyLine(&md, entries[k[1]], "client_secret")
	}
	for _, name := range names {
		w, ok := wires[name]
		if !ok {
			continue
		}
		e := w.entry(name)
		e.Line = keyLine(&md, entries[name], "")
		at := func(key string) int {
			if l := keyLine(&md, entries[name], key); l > 0 {
				return l
			}
			return e.Line
		}
		var probs []Problem
		preset, known := PresetByID(e.Preset)
		for _, key := range leftover[name] {
			if _, isField := preset.Field(key); known && isField {
				var v tomlString
				if err := v.UnmarshalTOML(fieldValue(&md, entries[name], key)); err != nil {
					probs = append(probs, Problem{Provider: name, Line: at(key), Severity: Error, Message: key + " " + err.Error()})
					continue
				}
				if e.Fields == nil {
					e.Fields = map[string]string{}
				}
				e.Fields[key] = string(v)
				continue
			}
			if e.Preset != "" && !known {
				continue // the unknown preset is the problem to report
			}
			probs = append(probs, Problem{Provider: name, Line: at(key), Severity: Warning, Message: unknownKey(key, preset, known)})
		}
		probs = append(probs, checkEntry(e, at)...)
		f.Problems = append(f.Problems, probs...)
		if !slices.ContainsFunc(probs, func(p Problem) bool { return p.Severity == Error }) {
			f.Entries = append(f.Entries, e)
		}
	}
	slices.SortStableFunc(f.Problems, func(a, b Problem) int { return a.Line - b.Line })
	return f, nil
}

// fieldValue returns the raw value of a key of the table behind prim.
func fieldValue(md *toml.MetaData, prim toml.Primitive, key string) any {
	var m map[string]any
	_ = md.PrimitiveDecode(prim, &m)
	return m[key]
}

// unknownKey explains an unknown key, with the nearest known one.
func unknownKey(key string, preset Preset, known bool) string {
	candidates := slices.Clone(entryKeys)
	if known {
		for _, f := range preset.Fields {
			candidates = append(candidates, f.Name)
		}
	} else {
		var of []string
		for _, p := range presetTable() {
			if _, ok := p.Field(key); ok {
				of = append(of, p.ID)
			}
		}
		if len(of) > 0 {
			return fmt.Sprintf("key %s is ignored: it is a field of preset %s, and this entry has no preset = %q", key, strings.Join(of, ", "), of[0])
		}
	}
	msg := fmt.Sprintf("unknown key %s is ignored", key)
	if s := nearest(key, candidates); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return msg
}

// nearest returns the candidate within two edits of s, or "".
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// sortedKeys lists a map's keys in order, for stable output.
func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
