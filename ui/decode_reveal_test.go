package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// TestDecoderMasksToken: a token pasted into the decoder shows masked, as
// tokens do everywhere (its first characters and its length); ctrl+r,
// which the footer offers, shows it and masks it again; started with
// --reveal (Config.Reveal) it shows at once.
func TestDecoderMasksToken(t *testing.T) {
	tok := testIDToken()
	// The token's end, its signature: what the input shows in clear,
	// and no masked screen may show.
	sig := tok[len(tok)-10:]
	m := atDecoder(t, testConfig(1200), 80, 24)
	m = drive(t, m, tea.PasteMsg{Content: tok})
	s := screenText(m)
	if strings.Contains(s, sig) || !strings.Contains(s, flows.Hide(tok)[:10]) {
		t.Errorf("the pasted token shows in clear, or not as a masked token:\n%s", s)
	}
	if !strings.Contains(s, "ctrl+r show token") {
		t.Errorf("the footer does not offer ctrl+r:\n%s", s)
	}
	if m.decode.tok == nil {
		t.Fatalf("the token was not decoded: %v", m.decode.err)
	}
	m = drive(t, m, press("ctrl+r"))
	if s := screenText(m); !strings.Contains(s, sig) || !strings.Contains(s, "ctrl+r mask token") {
		t.Errorf("ctrl+r does not show the token:\n%s", s)
	}
	if m.decode.token.Value() != tok {
		t.Errorf("ctrl+r changed the input: %q", m.decode.token.Value())
	}
	m = drive(t, m, press("ctrl+r"))
	if strings.Contains(screenText(m), sig) {
		t.Errorf("ctrl+r again does not mask it:\n%s", screenText(m))
	}
	cfg := testConfig(1200)
	cfg.Reveal = true
	m = atDecoder(t, cfg, 80, 24)
	m = drive(t, m, tea.PasteMsg{Content: tok})
	if !strings.Contains(screenText(m), "ctrl+r mask token") {
		t.Errorf("with --reveal the token is masked:\n%s", screenText(m))
	}
}
