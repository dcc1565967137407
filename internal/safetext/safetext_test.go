package safetext

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// Hostile is a corpus of text that would steer a terminal if printed raw:
// colours, the window title, screen clearing, the clipboard (OSC 52), a
// hyperlink (OSC 8), a DCS string, C1 controls, bidi overrides, NUL. Tests
// across the program place these in every field a server or callback
// controls.
var hostile = []string{
	"invalid_request\x1b[31m",
	"bad \x1b]0;PWNED\x07 thing \x1b[2J",
	"\x1b]52;c;aGVsbG8=\x07",
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1bP+q544e\x1b\\",
	"\u009b31m C1 CSI \u009d0;t\u009c",
	"admin\u202e gnp.exe \u2066x\u2069",
	"nul\x00 bel\x07 del\x7f cr\r",
	"line\u2028sep\u2029",
	"bad utf8 \x9b\xff",
}

func TestLineEscapes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text, é and 日本", "plain text, é and 日本"},
		{"invalid_request\x1b[31m", `invalid_request\x1b[31m`},
		{"bad \x1b]0;PWNED\x07 thing \x1b[2J", `bad \x1b]0;PWNED\x07 thing \x1b[2J`},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"\u009b31m", `\u009b31m`},
		{"x\u202ey\u2066z", `x\u202ey\u2066z`},
		{"del\x7f nul\x00", `del\x7f nul\x00`},
		{"raw \x9b byte", `raw \x9b byte`},
		{"sep\u2028", `sep\u2028`},
		{`back\slash`, `back\slash`},
	}
	for _, c := range cases {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBlockKeepsLayout(t *testing.T) {
	in := "HTTP/1.1 400\nX: a\tb\r\n\n{\"e\":\"\x1b[2J\"}"
	want := "HTTP/1.1 400\nX: a\tb\\r\n\n{\"e\":\"\\x1b[2J\"}"
	if got := Block(in); got != want {
		t.Errorf("Block = %q, want %q", got, want)
	}
}

func TestHTML(t *testing.T) {
	got := HTML("<script>\x1b]52;c;x\x07</script>")
	if strings.ContainsAny(got, "<>\x1b\x07") {
		t.Errorf("HTML left markup or controls: %q", got)
	}
}

func TestHostileCorpusNeutralised(t *testing.T) {
	for _, h := range hostile {
		for name, out := range map[string]string{"Line": Line(h), "Block": Block(h)} {
			if !terminalSafe(out) {
				t.Errorf("%s(%q) = %q still holds a control", name, h, out)
			}
		}
	}
}

func TestJSONStaysValidAndSafe(t *testing.T) {
	for _, h := range hostile {
		b, err := json.Marshal(map[string]string{"error_description": h})
		if err != nil {
			t.Fatal(err)
		}
		out := JSON(b)
		if !terminalSafe(string(out)) {
			t.Errorf("JSON(%q) = %q still holds a control", h, out)
		}
		var back map[string]string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("JSON(%q) is no longer JSON: %v", h, err)
		}
		var want strings.Builder
		for _, r := range h {
			want.WriteRune(r) // an invalid byte reads as U+FFFD, one per byte
		}
		if back["error_description"] != want.String() {
			t.Errorf("JSON changed the value: %q, want %q", back["error_description"], want.String())
		}
	}
	// Indented output keeps its layout.
	in := []byte("{\n\t\"a\": 1\n}")
	if got := JSON(in); string(got) != string(in) {
		t.Errorf("JSON changed clean text: %q", got)
	}
}

func TestPrintableToken(t *testing.T) {
	if !PrintableToken("eyJhbGciOi.abc-_~+/=") {
		t.Error("a normal token was refused")
	}
	for _, bad := range []string{"tok\x1b[31m", "tok\n", "tök", "tok\x7f"} {
		if PrintableToken(bad) {
			t.Errorf("PrintableToken(%q) = true", bad)
		}
	}
}

// terminalSafe reports whether s holds no ESC, BEL, other C0 control
// (newline and tab aside), DEL, C1 control, bidi control or non-UTF-8 byte.
func terminalSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if Unsafe(r) {
			return false
		}
	}
	return true
}

func FuzzSanitize(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Add("plain printable text")
	f.Fuzz(func(t *testing.T, s string) {
		line, block := Line(s), Block(s)
		if !terminalSafe(line) || strings.ContainsAny(line, "\n\t") {
			t.Fatalf("Line(%q) = %q is not printable", s, line)
		}
		if !terminalSafe(block) {
			t.Fatalf("Block(%q) = %q is not printable", s, block)
		}
		if terminalSafe(s) && block != s {
			t.Fatalf("Block changed printable input %q to %q", s, block)
		}
		if terminalSafe(s) && !strings.ContainsAny(s, "\n\t") && line != s {
			t.Fatalf("Line changed printable input %q to %q", s, line)
		}
		if IsSafe(s) != terminalSafe(s) {
			t.Fatalf("IsSafe(%q) = %v", s, IsSafe(s))
		}
		if j := JSON([]byte(s)); !terminalSafe(string(j)) && utf8.ValidString(s) {
			t.Fatalf("JSON(%q) = %q is not printable", s, j)
		}
	})
}
