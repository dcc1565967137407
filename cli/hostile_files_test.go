package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// tomlString writes s as a TOML basic string, with the characters TOML
// forbids raw (controls) and the ones safetext escapes as \uXXXX escapes:
// the file is valid, its values hostile.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case safetext.Unsafe(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hostileProvidersFile writes a providers file whose names, values, keys
// and preset fields hold s; its first entry's issuer is issuer.
func hostileProvidersFile(t *testing.T, s, issuer string) (path, name string) {
	t.Helper()
	q := tomlString(s)
	text := fmt.Sprintf(`[providers.%s]
issuer = %s
client_id = %s
client_secret_command = %s
scopes = [%s, "openid"]
%s = "an unknown key"

[providers.redirect]
issuer = "https://id.example"
redirect_uri = %s

[providers.%s]
preset = %s
client_id = "x"

[providers.kc]
preset = "keycloak"
url = %s
realm = %s
client_id = %s

[providers.tok]
token_url = %s
client_secret = %s
auth_method = %s
`, q, tomlString(issuer), q, tomlString("echo "+s), q, q, q,
		tomlString("second "+s), q,
		tomlString("https://kc.example/"+s), q, q,
		tomlString("https://tok.example/"+s), q, q)
	return providersFile(t, text), s
}

// TestProvidersHostileFile: the providers file is the user's, but it may be
// copied from anywhere: names, values, keys and preset fields are shown as
// text by the list, the description of one entry, and --check.
func TestProvidersHostileFile(t *testing.T) {
	for _, s := range append(append([]string{}, safetexttest.Corpus...), safetexttest.All()) {
		srv := hostileDiscovery(t, s, "")
		path, name := hostileProvidersFile(t, s, srv.URL)
		for _, args := range [][]string{
			{"--config", path},
			{"--config", path, name},
			{"--config", path, "second " + s},
			{"--config", path, "kc"},
			{"--config", path, "tok"},
			{"--config", path, "--check", name},
			{"--config", path, "--check", "kc"},
			{"--config", path, "--check", "tok"},
		} {
			_, out, errOut := runProviders(t, args...)
			assertSafe(t, fmt.Sprintf("providers %q", args[2:]), out, errOut)
		}
		// The same through the token command, which reads the file too.
		_, out, errOut := run(t, nil, "token", "--config", path, "--provider", name)
		assertSafe(t, fmt.Sprintf("token --provider %q", name), out, errOut)
	}
}

// TestProvidersHostileCheck: --check prints a discovery document's values
// (endpoints, lists) and a refused issuer as text.
func TestProvidersHostileCheck(t *testing.T) {
	for _, s := range append(append([]string{}, safetexttest.Corpus...), safetexttest.All()) {
		for _, issuer := range []string{"", "https://other.example/" + s} {
			srv := hostileDiscovery(t, s, issuer)
			path := providersFile(t, "[providers.h]\nissuer = "+tomlString(srv.URL)+"\nclient_id = \"x\"\n")
			code, out, errOut := runProviders(t, "--config", path, "--check", "h")
			assertSafe(t, fmt.Sprintf("--check, issuer %q, %q", issuer, s), out, errOut)
			if issuer == "" && (code != 0 || !strings.Contains(out, "Endpoints:")) {
				t.Errorf("%q: exit %d; want the report:\n%s%s", s, code, out, errOut)
			}
		}
	}
}

// TestProvidersBrokenFileHostile: a file that is not TOML because of a raw
// control character is quoted, line and caret, as text.
func TestProvidersBrokenFileHostile(t *testing.T) {
	path := providersFile(t, "[providers.x]\nissuer = \"bad \x1b]0;PWNED\x07 \x1b[2J\"\n")
	code, out, errOut := runProviders(t, "--config", path)
	if code != 1 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	assertSafe(t, "broken file", out, errOut)
}

// unsignedJWT builds "header.claims." from two JSON objects given as
// ordered name/value pairs.
func unsignedJWT(header, claims [][2]any) string {
	part := func(kv [][2]any) string {
		var b strings.Builder
		b.WriteByte('{')
		for i, p := range kv {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(p[0])
			v, _ := json.Marshal(p[1])
			b.Write(k)
			b.WriteByte(':')
			b.Write(v)
		}
		b.WriteByte('}')
		return base64.RawURLEncoding.EncodeToString([]byte(b.String()))
	}
	return part(header) + "." + part(claims) + "."
}

// TestDecodeHostileToken: a token's header and claims are the issuer's
// text, or anyone's: decode shows them as text, and --json keeps them as
// JSON with their values.
func TestDecodeHostileToken(t *testing.T) {
	for _, s := range append(append([]string{}, safetexttest.Corpus...), safetexttest.All()) {
		jwks := httptest.NewServer(jsonReply(200, map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": s, "alg": s, "use": s, "n": "AQAB", "e": "AQAB"}}}))
		disc := hostileDiscovery(t, s, "https://other.example/"+s)
		for _, alg := range []string{"none", s} {
			tok := unsignedJWT(
				[][2]any{{"alg", alg}, {"typ", s}, {"kid", s}, {s, s}},
				[][2]any{{"iss", s}, {"sub", s}, {"aud", []string{s, "api"}}, {"azp", s}, {"nonce", s}, {"exp", 4102444800}, {s, s}, {"nested", map[string]string{s: s}}},
			)
			for _, args := range [][]string{
				{"decode", tok},
				{"decode", "--json", tok},
				{"decode", "--jwks", jwks.URL, "--audience", s, "--client-id", s, "--nonce", "n", tok},
				{"decode", "--json", "--jwks", jwks.URL, "--nonce", "n", tok},
				{"decode", "--issuer", disc.URL, tok},
				{"decode", "-"},
			} {
				in := strings.NewReader("Bearer " + tok + "\n")
				_, out, errOut := run(t, in, args...)
				what := fmt.Sprintf("alg %q, %q, %q", alg, args[1], s)
				assertSafe(t, what, out, errOut)
				if args[1] != "--json" {
					continue
				}
				var rep struct {
					Header, Claims []struct {
						Name  string
						Value json.RawMessage
					}
				}
				if err := json.Unmarshal([]byte(out), &rep); err != nil {
					t.Errorf("%s: not JSON: %v\n%s", what, err, out)
					continue
				}
				found := 0
				for _, it := range append(rep.Header, rep.Claims...) {
					var v string
					if it.Name == s && json.Unmarshal(it.Value, &v) == nil && v == s {
						found++
					}
				}
				if found != 2 {
					t.Errorf("%s: the hostile name and value did not survive --json (%d of 2 found):\n%s", what, found, out)
				}
			}
		}
		jwks.Close()
	}
}

// TestDecodeHostileArgument: a token that is not a JWT at all is quoted in
// the error as text.
func TestDecodeHostileArgument(t *testing.T) {
	for _, s := range safetexttest.Corpus {
		for _, tok := range []string{s, "a." + s + ".c", base64.RawURLEncoding.EncodeToString([]byte(s)) + ".e30."} {
			code, out, errOut := run(t, nil, "decode", tok)
			if code != 1 {
				t.Errorf("%q: exit %d", tok, code)
			}
			assertSafe(t, fmt.Sprintf("decode %q", tok), out, errOut)
		}
	}
}

// TestExecuteErrorHostile: the last resort, Execute's own error line,
// quotes arguments and files as text.
func TestExecuteErrorHostile(t *testing.T) {
	for _, args := range [][]string{
		{"--bogus\x1b]52;c;UFdORUQ=\x07"},
		{"token", "--output", "x\x1b[2J"},
		{"token", "--flow", "x\u202e"},
		{"token", "--provider", "nope\x1b]0;PWNED\x07", "--config", providersFile(t, "")},
	} {
		code, out, errOut := run(t, nil, args...)
		if code == 0 {
			t.Errorf("%q: exit 0", args)
		}
		assertSafe(t, fmt.Sprintf("%q", args), out, errOut)
	}
}

// TestProvidersHostileFileListed: the hostile entry is valid, so the list
// shows it (its values are not only quoted in problems).
func TestProvidersHostileFileListed(t *testing.T) {
	s := "bad \x1b]0;PWNED\x07 \u202e"
	path, _ := hostileProvidersFile(t, s, "https://id.example")
	_, out, _ := runProviders(t, "--config", path)
	if !strings.Contains(out, `bad \x1b]0;PWNED\x07 \u202e  issuer https://id.example`) {
		t.Errorf("the entry is not listed with its name escaped:\n%s", out)
	}
}

// TestReportsHostileParts: the parts of the reports that today's
// producers already quote (discovery warnings, decode warnings) are made
// safe by the report writers too, so that a new producer cannot slip.
func TestReportsHostileParts(t *testing.T) {
	s := safetexttest.All()
	var b strings.Builder
	printCheck(&b, providers.Provider{Name: s, Preset: s, Quirks: []string{"q"}},
		&providers.Metadata{Kind: providers.KindOpenID, Issuer: s, Source: s, TokenEndpoint: s, Warnings: []string{s}, ScopesSupported: []string{s}})
	if p := safetexttest.Problem(b.String()); p != "" {
		t.Errorf("providers --check: %s", p)
	}
	for _, symbols := range []bool{false, true} {
		b.Reset()
		rep := &decodeReport{Kind: "JWS", Warnings: []string{s}, Verified: true,
			Header: []decodeItem{{Name: s, display: s, Meaning: s, Ref: s}},
			Claims: []decodeItem{{Name: s, display: s, Meaning: s}},
			Checks: []decodeCheck{{Name: s, Status: "fail", Detail: s}}}
		if err := writeDecodeText(&b, rep, symbols); err != nil {
			t.Fatal(err)
		}
		if p := safetexttest.Problem(b.String()); p != "" {
			t.Errorf("decode, symbols %v: %s", symbols, p)
		}
	}
}
