package masktest

import "testing"

func TestLeaks(t *testing.T) {
	tok := Token("access token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
	sec := Opaque("client secret", "Zq8Q~vN3xWb2.Lr7Ty_Kp5Hm9Jd4Fs6Gc1Ae0Ui8")
	cases := []struct {
		name, shown string
		leaks       int
	}{
		{"masked", "token eyJhbG…[40 chars hidden], secret ••••••[40 chars hidden]", 0},
		{"token whole", "token " + tok.Value, 1},
		{"token cut at a line break", "…" + tok.Value[10:20] + "\n", 1},
		{"token one past the prefix", tok.Value[:7] + "…", 1},
		{"secret prefix", "secret " + sec.Value[:6] + "…", 1},
		{"secret middle", "x" + sec.Value[17:23] + "x", 1},
		{"both", tok.Value + " " + sec.Value, 2},
	}
	for _, tc := range cases {
		if got := Leaks(tc.shown, []Secret{tok, sec}); len(got) != tc.leaks {
			t.Errorf("%s: %d leaks, want %d: %q", tc.name, len(got), tc.leaks, got)
		}
	}
}
