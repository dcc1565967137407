package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// TestPasteBoxWordsFromPrompt checks that the paste input says what the
// prompt takes: its heading the prompt's PasteHint, its placeholder the
// PasteExample, made safe (the example holds a redirect URI from the
// settings).
func TestPasteBoxWordsFromPrompt(t *testing.T) {
	c := newTestModel(testConfig(0)).common
	pr := &flows.Prompt{Paste: true, PasteHint: "the address with its #fragment",
		PasteExample: "http://127.0.0.1:8080/cb\x1b]52;c;aGk=\x07#access_token=…&state=…"}
	p := newPasteBox().forPrompt(pr).setCommon(c, 120)
	p.input.Focus()
	got := ansi.Strip(strings.Join(p.lines(c.styles), "\n"))
	for _, want := range []string{"Paste the address with its #fragment, then enter", "#access_token=…&state=…"} {
		if !strings.Contains(got, want) {
			t.Errorf("paste box lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(p.input.Placeholder, "\x1b") || strings.Contains(p.input.Placeholder, "\x07") {
		t.Errorf("placeholder keeps an escape sequence: %q", p.input.Placeholder)
	}
	if got := newPasteBox().forPrompt(nil).hint; got == "" {
		t.Errorf("no words without a prompt")
	}
}
