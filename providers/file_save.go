package providers

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// SaveOptions tune Save.
type SaveOptions struct {
	// IncludeSecret writes Entry.ClientSecret into the file. Off, a secret
	// that lives only in ClientSecret is left out (client_secret_env and
	// client_secret_command are always written: they are not secrets).
	IncludeSecret bool
}

// Save writes one entry to the providers file at path: it replaces the
// entry's [providers.NAME] table (with its sub-tables) where it is, or
// appends it; the rest of the file, comments included, is kept. Comments
// inside the replaced table are lost. The file is written with mode 0600
// (its directory created 0700), through a temporary file renamed over it,
// following a symbolic link. An entry Load would reject is not written.
func Save(path string, e Entry, opts SaveOptions) error {
	if e.Name == "" {
		return errors.New("saving a provider: it has no name")
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("saving provider %s: %w", e.Name, err)
	}
	if len(old) > 0 {
		if _, err := parseFile(path, old); err != nil {
			return fmt.Errorf("saving provider %s: fix the file first: %w", e.Name, err)
		}
	}
	text := replaceEntry(string(old), e.Name, encodeEntry(e, opts))
	check, err := parseFile(path, []byte(text))
	if err != nil {
		// The file was valid: the entry must be written some other way
		// (keys of [providers], an inline table) and appending clashed.
		return fmt.Errorf("saving provider %s: it is not written as a [providers.%s] table, so it cannot be replaced; edit the file by hand (%w)", e.Name, e.Name, err)
	}
	for _, p := range check.Problems {
		if p.Provider == e.Name && p.Severity == Error {
			return fmt.Errorf("saving provider %s: %s", e.Name, p.Message)
		}
	}
	return writeFile0600(path, []byte(text))
}

func writeFile0600(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("saving the providers file: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".providers-*.toml")
	if err != nil {
		return fmt.Errorf("saving the providers file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the providers file: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the providers file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the providers file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the providers file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving the providers file: %w", err)
	}
	return nil
}

// replaceEntry puts block in place of the [providers.NAME] table and its
// sub-tables, or appends it. Blank and comment lines just before the next
// table stay with that table.
func replaceEntry(text, name, block string) string {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	headers := tableHeaders(lines)
	start := -1
	end := len(lines)
	for _, h := range headers {
		switch {
		case start < 0 && slices.Equal(h.key, []string{"providers", name}):
			start = h.line
		case start >= 0 && !(len(h.key) > 2 && h.key[0] == "providers" && h.key[1] == name):
			end = h.line
		}
		if start >= 0 && end < len(lines) {
			break
		}
	}
	if start < 0 {
		out := strings.Join(lines, "")
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
		if out != "" {
			out += "\n"
		}
		return out + block
	}
	for end > start+1 && isBlankOrComment(lines[end-1]) {
		end--
	}
	for end < len(lines) && strings.TrimSpace(lines[end]) == "" {
		end++
	}
	tail := strings.Join(lines[end:], "")
	if tail != "" {
		block += "\n"
	}
	return strings.Join(lines[:start], "") + block + tail
}

func isBlankOrComment(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#")
}

// encodeEntry writes an entry as a TOML table, keys in a fixed order.
func encodeEntry(e Entry, opts SaveOptions) string {
	var b strings.Builder
	prefix := "providers." + tomlKey(e.Name)
	fmt.Fprintf(&b, "[%s]\n", prefix)
	kv := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", k, tomlQuote(v))
		}
	}
	kv("preset", e.Preset)
	fieldNames := sortedKeys(e.Fields)
	if p, ok := PresetByID(e.Preset); ok {
		// The preset's order first, then any others.
		var ordered []string
		for _, f := range p.Fields {
			if _, set := e.Fields[f.Name]; set {
				ordered = append(ordered, f.Name)
			}
		}
		for _, k := range fieldNames {
			if !slices.Contains(ordered, k) {
				ordered = append(ordered, k)
			}
		}
		fieldNames = ordered
	}
	for _, k := range fieldNames {
		kv(tomlKey(k), e.Fields[k])
	}
	kv("issuer", e.Issuer)
	kv("authorization_url", e.AuthorizationURL)
	kv("token_url", e.TokenURL)
	kv("jwks_url", e.JWKSURL)
	kv("userinfo_url", e.UserinfoURL)
	kv("device_authorization_url", e.DeviceAuthorizationURL)
	kv("client_id", e.ClientID)
	switch {
	case e.ClientSecretEnv != "":
		kv("client_secret_env", e.ClientSecretEnv)
	case e.ClientSecretCommand != "":
		kv("client_secret_command", e.ClientSecretCommand)
	case e.ClientSecret != "" && opts.IncludeSecret:
		kv("client_secret", e.ClientSecret)
	case e.ClientSecret != "":
		b.WriteString("# The client secret was not saved: add client_secret_env or client_secret_command.\n")
	}
	if len(e.Scopes) > 0 {
		q := make([]string, len(e.Scopes))
		for i, s := range e.Scopes {
			q[i] = tomlQuote(s)
		}
		fmt.Fprintf(&b, "scopes = [%s]\n", strings.Join(q, ", "))
	}
	kv("audience", e.Audience)
	kv("resource", e.Resource)
	kv("auth_method", e.AuthMethod)
	kv("redirect_uri", e.RedirectURI)
	kv("api_url", e.APIURL)
	for _, t := range []struct {
		name string
		m    map[string]string
	}{{"auth_params", e.AuthParams}, {"token_params", e.TokenParams}} {
		if len(t.m) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n[%s.%s]\n", prefix, t.name)
		for _, k := range sortedKeys(t.m) {
			fmt.Fprintf(&b, "%s = %s\n", tomlKey(k), tomlQuote(t.m[k]))
		}
	}
	return b.String()
}

// tomlKey writes a key bare when TOML allows it, quoted otherwise.
func tomlKey(k string) string {
	bare := k != ""
	for i := 0; i < len(k) && bare; i++ {
		bare = isBareKeyChar(k[i])
	}
	if bare {
		return k
	}
	return tomlQuote(k)
}

// tomlQuote writes a TOML basic string (TOML 1.0 §String).
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// EntryFor makes the entry that saves p under name, as the TUI does after
// "add provider": a provider built from a preset keeps its preset and
// fields (the preset derives the endpoints again when loaded); any other
// keeps its issuer and endpoints. Client settings are kept; the secret is
// p.ClientSecret, which Save writes only when asked. Only the first value
// of each extra parameter is kept.
func EntryFor(name string, p Provider, fields map[string]string) Entry {
	e := Entry{
		Name: name, ClientID: p.ClientID, ClientSecret: p.ClientSecret,
		Scopes: slices.Clone(p.Scopes), Audience: p.Audience, Resource: p.Resource, AuthMethod: p.AuthMethod,
		RedirectURI: p.RedirectURI, APIURL: p.APIURL,
	}
	if _, ok := PresetByID(p.Preset); ok {
		e.Preset = p.Preset
		for k, v := range fields {
			if v != "" {
				if e.Fields == nil {
					e.Fields = map[string]string{}
				}
				e.Fields[k] = v
			}
		}
	} else {
		e.Issuer, e.AuthorizationURL, e.TokenURL, e.JWKSURL = p.Issuer, p.AuthURL, p.TokenURL, p.JWKSURL
		e.UserinfoURL, e.DeviceAuthorizationURL = p.UserinfoURL, p.DeviceAuthURL
	}
	for _, t := range []struct {
		from url.Values
		to   *map[string]string
	}{{p.AuthParams, &e.AuthParams}, {p.TokenParams, &e.TokenParams}} {
		for k := range t.from {
			if *t.to == nil {
				*t.to = map[string]string{}
			}
			(*t.to)[k] = t.from.Get(k)
		}
	}
	return e
}
