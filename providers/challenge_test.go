package providers

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseChallenges(t *testing.T) {
	type ch = Challenge
	type pp = ChallengeParam
	tests := []struct {
		name string
		in   []string
		want []Challenge
		bad  bool
	}{
		{"scheme alone", []string{"Bearer"}, []ch{{Scheme: "Bearer"}}, false},
		{"RFC 6750 §3 example", []string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
			[]ch{{Scheme: "Bearer", Params: []pp{{"realm", "example"}, {"error", "invalid_token"}, {"error_description", "The access token expired"}}}}, false},
		{"RFC 9728 §5.1 example", []string{`Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"`},
			[]ch{{Scheme: "Bearer", Params: []pp{{"resource_metadata", "https://resource.example.com/.well-known/oauth-protected-resource"}}}}, false},
		{"token values and BWS", []string{`Bearer error = invalid_token ,scope="a b"`},
			[]ch{{Scheme: "Bearer", Params: []pp{{"error", "invalid_token"}, {"scope", "a b"}}}}, false},
		{"names lower-cased", []string{`Bearer Realm="x", ERROR="y"`}, []ch{{Scheme: "Bearer", Params: []pp{{"realm", "x"}, {"error", "y"}}}}, false},
		{"escapes", []string{`Bearer error_description="say \"hi\" \\ back\x"`},
			[]ch{{Scheme: "Bearer", Params: []pp{{"error_description", `say "hi" \ backx`}}}}, false},
		{"comma inside quotes", []string{`Bearer scope="a, b", realm="r"`}, []ch{{Scheme: "Bearer", Params: []pp{{"scope", "a, b"}, {"realm", "r"}}}}, false},
		{"several challenges in one value", []string{`Basic realm="b", Bearer realm="x", error="invalid_token", DPoP algs="ES256"`},
			[]ch{{Scheme: "Basic", Params: []pp{{"realm", "b"}}}, {Scheme: "Bearer", Params: []pp{{"realm", "x"}, {"error", "invalid_token"}}}, {Scheme: "DPoP", Params: []pp{{"algs", "ES256"}}}}, false},
		{"several header lines", []string{`Basic realm="b"`, `Bearer scope="s"`},
			[]ch{{Scheme: "Basic", Params: []pp{{"realm", "b"}}}, {Scheme: "Bearer", Params: []pp{{"scope", "s"}}}}, false},
		{"schemes alone and empty elements", []string{`, Negotiate ,, Bearer ,`}, []ch{{Scheme: "Negotiate"}, {Scheme: "Bearer"}}, false},
		{"token68", []string{`Negotiate abc+/=, Bearer realm="x"`}, []ch{{Scheme: "Negotiate", Token68: "abc+/="}, {Scheme: "Bearer", Params: []pp{{"realm", "x"}}}}, false},
		{"empty quoted value", []string{`Bearer realm=""`}, []ch{{Scheme: "Bearer", Params: []pp{{"realm", ""}}}}, false},
		{"empty header", []string{""}, nil, false},
		{"unterminated quote", []string{`Bearer realm="x`}, []ch{{Scheme: "Bearer"}}, true},
		{"backslash at the end", []string{`Bearer realm="x\`}, []ch{{Scheme: "Bearer"}}, true},
		{"missing comma", []string{`Bearer realm="x" error="y"`}, []ch{{Scheme: "Bearer", Params: []pp{{"realm", "x"}}}}, true},
		{"repeated parameter", []string{`Bearer resource_metadata="https://a", resource_metadata="https://evil"`},
			[]ch{{Scheme: "Bearer", Params: []pp{{"resource_metadata", "https://a"}}}}, true},
		{"no value: a token68, then a scheme with =", []string{`Bearer realm=, error="x"`}, []ch{{Scheme: "Bearer", Token68: "realm="}}, true},
		{"no value at the end", []string{`Bearer realm="x", error=`}, []ch{{Scheme: "Bearer", Params: []pp{{"realm", "x"}}}}, true},
		{"garbage scheme", []string{`"Bearer"`}, nil, true},
		{"control character in quotes", []string{"Bearer realm=\"a\x1b[31mb\""}, []ch{{Scheme: "Bearer"}}, true},
		{"scheme glued to quote", []string{`Bearer"x"`}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChallenges(tt.in...)
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v, want error %v", err, tt.bad)
			}
			if err != nil && !errors.Is(err, ErrChallengeSyntax) {
				t.Errorf("err = %v, not ErrChallengeSyntax", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseChallengesHostile(t *testing.T) {
	if _, err := ParseChallenges(`Bearer realm="` + strings.Repeat("a", maxChallengeText) + `"`); err == nil {
		t.Error("an oversized header was read")
	}
	many := strings.Repeat("Bearer, ", maxChallenges+5)
	if cs, err := ParseChallenges(many); err == nil || len(cs) > maxChallenges {
		t.Errorf("%d challenges read, err %v", len(cs), err)
	}
	var params []string
	for i := range maxChallengeParams + 1 {
		params = append(params, "p"+strings.Repeat("x", i)+"=1")
	}
	if _, err := ParseChallenges("Bearer " + strings.Join(params, ", ")); err == nil {
		t.Error("too many parameters were read")
	}
	cs, _ := ParseChallenges("Bearer error_description=\"\u202eevil\"")
	if v, _ := cs[0].Param("error_description"); v != "\u202eevil" {
		t.Errorf("the value is kept as sent, for safetext to show: %q", v)
	}
}

func TestBearerChallenge(t *testing.T) {
	cs, _ := ParseChallenges(`Basic realm="b", DPoP algs="ES256", bearer scope="s"`)
	c, ok := Bearer(cs)
	if v, _ := c.Param("SCOPE"); !ok || v != "s" {
		t.Errorf("Bearer = %+v, %v", c, ok)
	}
}

// FuzzParseChallenges checks that no input panics, that the limits hold
// and that a parsed value survives being quoted and parsed again.
func FuzzParseChallenges(f *testing.F) {
	for _, s := range []string{`Bearer realm="x", error="invalid_token"`, `Negotiate abc==`, `Bearer x="\\\""`, `,,`, `a b=c, d`, `Bearer realm="`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, _ := ParseChallenges(s)
		if len(cs) > maxChallenges {
			t.Fatalf("%d challenges", len(cs))
		}
		for _, c := range cs {
			if c.Scheme == "" || len(c.Params) > maxChallengeParams {
				t.Fatalf("challenge %+v", c)
			}
			for _, p := range c.Params {
				q := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(p.Value)
				again, err := ParseChallenges(`X ` + p.Name + `="` + q + `"`)
				if err != nil || len(again) != 1 || again[0].Params[0].Value != p.Value {
					t.Fatalf("%q does not survive quoting: %v %+v", p.Value, err, again)
				}
			}
		}
	})
}
