package ui

import (
	"testing"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"
)

// TestSecretMaskHidesLength checks that a masked input shows the same
// mask for a short and a long secret, nothing for none, and the value
// once revealed.
func TestSecretMaskHidesLength(t *testing.T) {
	view := func(v string, mode textinput.EchoMode, focused bool) string {
		in := textinput.New()
		in.Prompt = ""
		in.EchoCharacter = '•'
		in.EchoMode = mode
		in.SetWidth(40)
		in.SetValue(v)
		if focused {
			in.Focus()
		}
		return ansi.Strip(inputView(in))
	}
	for _, focused := range []bool{false, true} {
		short, long := view("abc", textinput.EchoPassword, focused), view("a-secret-of-forty-characters-0123456789", textinput.EchoPassword, focused)
		if short != long {
			t.Errorf("focused %v: masks differ by length: %q and %q", focused, short, long)
		}
		if got := view("", textinput.EchoPassword, focused); got == short {
			t.Errorf("focused %v: an empty secret shows the mask", focused)
		}
	}
	if got := view("abc", textinput.EchoNormal, false); got[:3] != "abc" {
		t.Errorf("revealed: %q", got)
	}
}
