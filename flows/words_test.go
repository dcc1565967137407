package flows

import "testing"

type testWords struct{}

func (testWords) Setting(name string) string { return "--" + name }
func (testWords) View(name string) string    { return "[" + name + "]" }

func TestPhrase(t *testing.T) {
	cases := []struct{ in, want string }{
		{"switch {setting:auth-method} between basic and post", "switch --auth-method between basic and post"},
		{"read {view:response} and {view:request}", "read [response] and [request]"},
		{"no placeholder {here}", "no placeholder {here}"},
		{"{setting:Bad Name} stays", "{setting:Bad Name} stays"},
	}
	for _, c := range cases {
		if got := Phrase(c.in, testWords{}); got != c.want {
			t.Errorf("Phrase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Phrase("set {setting:scope}", nil); got != "set the scope setting" {
		t.Errorf("plain words: %q", got)
	}
	d := (&Diagnosis{What: "{view:response}", Causes: []string{"{setting:timeout}"}, Try: []string{"x"}}).Phrased(testWords{})
	if d.What != "[response]" || d.Causes[0] != "--timeout" || d.Try[0] != "x" {
		t.Errorf("Phrased: %+v", d)
	}
}
