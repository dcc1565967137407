package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// atDecoder opens the token decoder with t from the provider picker.
func atDecoder(t *testing.T, cfg Config, w, h int) Model {
	t.Helper()
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: w, Height: h}, press("t"))
	if m.screen != screenDecode {
		t.Fatalf("t on the provider picker gave screen %d, want the decoder", m.screen)
	}
	return m
}

// TestDecodeKeys pastes a token into the decoder and checks what the keys
// do there.
func TestDecodeKeys(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Location = cet
	m := atDecoder(t, cfg, 80, 24)
	if s := screenText(m); !strings.Contains(s, "Decode a token") || !strings.Contains(s, "nothing is sent") {
		t.Fatalf("decoder screen:\n%s", s)
	}
	m = drive(t, m, tea.PasteMsg{Content: "Bearer " + testIDToken() + "\n"})
	if m.decode.tok == nil {
		t.Fatalf("the pasted token was not decoded: %v", m.decode.err)
	}
	s := screenText(m)
	for _, want := range []string{"JWS: a signed JWT", "Expires in 1h", "Decoded, not verified", "issuer: who made"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	// q is typed, not a quit: the inputs have the letters.
	m = drive(t, m, press("tab"), press("q"))
	if m.decode.focus != 1 || m.decode.issuer.Value() != "q" {
		t.Errorf("tab then q: focus %d, issuer %q; want the issuer input holding q", m.decode.focus, m.decode.issuer.Value())
	}
	m = drive(t, m, press("pgdown"))
	if m.decode.viewport.YOffset() == 0 {
		t.Error("pgdown did not scroll the result")
	}
	m = drive(t, m, press("esc"))
	if m.screen != screenProviders {
		t.Errorf("esc gave screen %d, want the provider picker", m.screen)
	}
}

// TestDecodeErrors shows what the decoder says to what is not a JWT, and
// to enter without an issuer.
func TestDecodeErrors(t *testing.T) {
	m := atDecoder(t, testConfig(1200), 80, 24)
	m = drive(t, m, tea.PasteMsg{Content: "not-a-jwt"})
	if s := screenText(m); !strings.Contains(s, "opaque token") {
		t.Errorf("an opaque token is not explained:\n%s", s)
	}
	m = drive(t, m, press("ctrl+u"), tea.PasteMsg{Content: "a.b"})
	if s := screenText(m); !strings.Contains(s, "✗") {
		t.Errorf("a malformed token is not refused:\n%s", s)
	}
	m = drive(t, m, press("ctrl+u"), tea.PasteMsg{Content: testIDToken()}, press("enter"))
	if s := screenText(m); !strings.Contains(s, "Give the issuer URL") {
		t.Errorf("enter without an issuer does not ask for one:\n%s", s)
	}
}

// TestGoldenDecode renders the decoder with an ID token pasted at 80x24
// and 120x40.
func TestGoldenDecode(t *testing.T) {
	for _, size := range learnSizes {
		t.Run(fmt.Sprintf("decoded_%dx%d", size[0], size[1]), func(t *testing.T) {
			cfg := testConfig(1200)
			cfg.Location = cet
			m := atDecoder(t, cfg, size[0], size[1])
			m = drive(t, m, tea.PasteMsg{Content: testIDToken()})
			s := screenText(m)
			requireFits(t, s, size[0], size[1])
			golden.RequireEqual(t, s)
		})
	}
}

// TestDecodeVerify verifies a token of the embedded demo provider in the
// decoder: discovery, the signature from its JWKS, the claims.
func TestDecodeVerify(t *testing.T) {
	srv := demotest.Start(t)
	client, ok := demo.ClientByID("demo-service")
	if !ok {
		t.Fatal("no demo-service client")
	}
	f := flows.NewClientCredentials(providers.Provider{Issuer: srv.Issuer(), ClientID: client.ID, ClientSecret: client.Secret,
		AuthMethod: client.AuthMethod, Scopes: []string{"api.read"}}, flows.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !f.Done() {
		if r := f.Next(ctx); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	tok := f.Token().AccessToken
	h := newHarness(t, Config{}, 120, 40)
	h.send(press("t"), tea.PasteMsg{Content: tok}, press("tab"), tea.PasteMsg{Content: srv.Issuer()}, press("enter"))
	h.waitFor("the verification", func(m Model) bool { return m.decode.verifyID == 0 && len(m.decode.checks) > 0 })
	s := screenText(h.m)
	if !strings.Contains(s, "No check failed") {
		t.Errorf("verification of a demo token failed:\n%s", s)
	}
	for _, c := range h.m.decode.checks {
		if c.Name == "signature" && c.Status.String() != "pass" {
			t.Errorf("signature: %s %s", c.Status, c.Detail)
		}
	}
	// Editing the issuer drops the checks made for the old one.
	h.send(press("x"))
	if len(h.m.decode.checks) != 0 {
		t.Error("the checks stay after the issuer changed")
	}
}

// TestDecodeKeyWhileFiltering types t into the picker's filter instead of
// opening the decoder.
func TestDecodeKeyWhileFiltering(t *testing.T) {
	m := drive(t, newTestModel(testConfig(1200)), tea.WindowSizeMsg{Width: 80, Height: 24}, press("/"), press("t"))
	if m.screen != screenProviders {
		t.Errorf("t in the filter gave screen %d, want the provider picker", m.screen)
	}
}
