package flows

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestGrantsDeclareTheirWait checks what a screen relies on to find the
// wait without naming a step: a step that waits for the user is not the
// first, nor right after another that waits (a step before it asks, and
// a screen shows the newest prompt); only the mcp grant waits twice, for
// its step-up's login.
func TestGrantsDeclareTheirWait(t *testing.T) {
	for _, g := range Grants() {
		f := g.New(providers.Provider{}, Options{})
		waits := 0
		steps := f.Steps()
		for i, st := range steps {
			if st.Waits {
				waits++
				if i == 0 || steps[i-1].Waits {
					t.Errorf("%s: step %s waits, with no step before it to ask", g.ID, st.ID)
				}
			}
		}
		if limit := map[bool]int{true: 2, false: 1}[g.ID == FlowIDMCP]; waits > limit {
			t.Errorf("%s: %d steps wait for the user", g.ID, waits)
		}
		_ = f.Close()
	}
	if !ACLogin.Waits || ACAuthRequest.Waits || ACCallback.Waits {
		t.Error("the authorization code grant waits in its login step, and only there")
	}
}

// TestAuthCodePrompt checks the prompt of the authorization request and
// the callback on the Callback step's result, listened for and pasted.
func TestAuthCodePrompt(t *testing.T) {
	srv := demotest.Start(t)
	now := time.Date(2026, 11, 27, 1, 14, 10, 0, time.UTC)
	for _, paste := range []bool{false, true} {
		opened := ""
		opts := Options{Now: func() time.Time { return now }, CallbackTimeout: 2 * time.Minute,
			OpenBrowser: func(u string) error { opened = u; return errors.New("no browser here") }}
		f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), opts)
		pr := startAuth(t, f)
		switch {
		case pr == nil:
			t.Fatal("the authorization request made no prompt")
		case pr.Kind != PromptBrowser || pr.UserCode != "" || pr.CodeURI() != "":
			t.Errorf("kind %v, user code %q, QR %q: want a browser prompt without a code", pr.Kind, pr.UserCode, pr.CodeURI())
		case pr.URL != opened || pr.BrowserOpened || pr.BrowserErr == nil:
			t.Errorf("URL %q (opened %q), opened %v, error %v", pr.URL, opened, pr.BrowserOpened, pr.BrowserErr)
		case !pr.Paste || !pr.Listening || pr.PasteOnly() || pr.RedirectURI == "":
			t.Errorf("paste %v, listening %v on %q", pr.Paste, pr.Listening, pr.RedirectURI)
		case pr.ExpiresIn != 2*time.Minute || !pr.Deadline.Equal(now.Add(2*time.Minute)):
			t.Errorf("expires in %v at %v", pr.ExpiresIn, pr.Deadline)
		case pr.Title == "" || pr.Waiting == "" || pr.Where == "" || pr.URLName == "":
			t.Errorf("texts missing: %+v", pr)
		}
		redirect, err := demotest.Login(context.Background(), pr.URL, true)
		if err != nil {
			t.Fatal(err)
		}
		if paste {
			if err := f.Paste(redirect); err != nil {
				t.Fatal(err)
			}
		} else {
			go deliver(t, redirect)
		}
		var cb *Callback
		for !f.Done() && cb == nil {
			r := f.Next(context.Background())
			if r.Status != Done {
				t.Fatalf("%s: %v %v", r.Step.Title, r.Status, r.Err)
			}
			if r.Step.Waits && r.Callback != nil {
				t.Error("the waiting step carries the callback; the step that checks it should")
			}
			cb = r.Callback
		}
		if cb == nil || cb.URL != redirect || cb.Pasted != paste || cb.Code == "" {
			t.Errorf("pasted %v: callback %+v, want %s", paste, cb, redirect)
		}
		if !paste && (cb == nil || cb.Exchange.Request.URL != redirect) {
			t.Error("the callback lacks the listener's exchange")
		}
	}
}
