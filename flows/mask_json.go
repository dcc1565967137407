package flows

import (
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// jsonFrame is an open object or array while maskJSON walks a document.
type jsonFrame struct {
	object bool
	// wantKey: the next string of this object is a member name.
	wantKey bool
	// secret names the secret field this container is the value of, or
	// the one of the member being read; "" when none.
	secret, member string
}

// span is a value of a JSON text to replace.
type span struct {
	start, end int
	with       string
}

// maskJSON masks the values of secret fields in a JSON text (or a stream of
// them) by walking its tokens, so that a member name written with escapes
// ("c\u006fde") or a secret inside an array or object value is recognised,
// and the text's layout is kept. A string value that holds a JSON document
// itself is masked within. Text that is not JSON, or the rest of a
// document cut short, falls back to matching names.
func maskJSON(s string) string {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var (
		stack []jsonFrame
		spans []span
		done  int64 // the end of the last token read
	)
	// owner is the secret field the next value belongs to, if any.
	owner := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := stack[len(stack)-1]
		if top.object {
			return top.member
		}
		return top.secret
	}
	valueRead := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			switch {
			case errors.Is(err, io.EOF):
			case owner() != "":
				// Cut or broken inside a secret's value: hide the rest.
				rest := s[done:]
				value := strings.TrimLeft(rest, ":, \t\r\n")
				spans = append(spans, span{int(done), len(s), rest[:len(rest)-len(value)] + HideAll(value) + " [cut]"})
			default:
				spans = append(spans, span{int(done), len(s), maskJSONByName(s[done:])})
			}
			break
		}
		end := dec.InputOffset()
		done = end
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				stack = append(stack, jsonFrame{object: v == '{', wantKey: v == '{', secret: owner()})
			default:
				stack = stack[:len(stack)-1]
				valueRead()
			}
		case string:
			start := int(before) + strings.IndexByte(s[before:end], '"')
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				top := &stack[n-1]
				top.wantKey = false
				top.member = top.secret
				if IsSecretName(v) {
					top.member = v
				}
				continue
			}
			if name := owner(); name != "" {
				spans = append(spans, span{start, int(end), `"` + hideNamed(name, v) + `"`})
			} else if inner, ok := nestedJSON(v); ok {
				spans = append(spans, span{start, int(end), inner})
			}
			valueRead()
		case json.Number:
			if name := owner(); name != "" {
				spans = append(spans, span{int(end) - len(v), int(end), `"` + hideNamed(name, v.String()) + `"`})
			}
			valueRead()
		default:
			valueRead()
		}
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(sp.with)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// nestedJSON masks a string value that is itself a JSON object or array
// and returns it re-quoted; ok is false when there was nothing to mask.
func nestedJSON(v string) (quoted string, ok bool) {
	t := strings.TrimSpace(v)
	if !(strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) || !json.Valid([]byte(t)) {
		return "", false
	}
	masked := maskJSON(v)
	if masked == v {
		return "", false
	}
	q, err := json.Marshal(masked)
	if err != nil {
		return "", false
	}
	return string(q), true
}

var jsonSecretField = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp {
	return regexp.MustCompile(`"(client_secret|code|code_verifier|access_token|refresh_token|id_token|assertion|client_assertion|subject_token|actor_token|password|device_code|token|issued_token|registration_access_token)"(\s*:\s*)"((?:[^"\\]|\\.)*)"?`)
}}

// maskJSONByName masks string values of secret fields in text that is not
// valid JSON (a body cut at the size cap, a broken document): by the names
// written plainly, up to the end of the text for a value cut short.
func maskJSONByName(s string) string {
	return jsonSecretField.Get().ReplaceAllStringFunc(s, func(match string) string {
		sub := jsonSecretField.Get().FindStringSubmatch(match)
		return `"` + sub[1] + `"` + sub[2] + `"` + hideNamed(sub[1], sub[3]) + `"`
	})
}
