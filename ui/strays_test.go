package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// strayingFlow is a waiting flow whose listener ignored requests.
type strayingFlow struct {
	flows.Flow
	strays flows.Strays
}

func (f strayingFlow) Strays() flows.Strays { return f.strays }

// hostileStrays are two ignored requests, the last one carrying the hostile
// corpus wherever a sender controls text.
func hostileStrays() flows.Strays {
	ex := func(method, u string) flows.Exchange {
		return flows.Exchange{Request: flows.Message{Method: method, URL: u},
			Response: &flows.Message{Status: "400 Bad Request " + safetexttest.All(), StatusCode: 400}}
	}
	return flows.Strays{Count: 2, Recent: []flows.StrayRequest{
		{Exchange: ex("GET", "http://127.0.0.1:49152/favicon.ico"), Reason: "no state"},
		{Exchange: ex("GET"+safetexttest.All(), "http://127.0.0.1:49152/callback?x="+safetexttest.All()), Reason: "odd " + safetexttest.All()},
	}}
}

// rawControl reports a terminal control that styling never emits: OSC 52,
// C1 controls, bidi overrides, BEL outside an OSC 8 link.
func rawControl(out string) string {
	for _, bad := range []string{"\x1b]52", "\x1b]0;", "\x1bP", "\x1b_", "\u009b", "\u202e", "\u2066", "\x00", "\x7f", "\r"} {
		if strings.Contains(out, bad) {
			return bad
		}
	}
	return safetexttest.Problem(ansi.Strip(out))
}

func TestWaitingPanelStrays(t *testing.T) {
	h, _, _ := atWaiting(t, true)
	v := h.m.steps
	if got := strings.Join(v.waitingView(), "\n"); strings.Contains(got, "stray") {
		t.Fatalf("strays shown before any came:\n%s", got)
	}
	v.flow = strayingFlow{Flow: v.flow, strays: hostileStrays()}
	out := strings.Join(v.waitingView(), "\n")
	plain := ansi.Strip(out)
	if !strings.Contains(plain, "2 stray requests ignored") || !strings.Contains(strings.ReplaceAll(plain, "\n", ""), `\x1b]52`) {
		t.Errorf("the panel does not show the strays, escaped:\n%s", plain)
	}
	if p := rawControl(out); p != "" {
		t.Errorf("the panel shows a stray raw: %q", p)
	}
}

func TestCallbackDetailsStrays(t *testing.T) {
	h, _, _ := atWaiting(t, true)
	finishByPaste(t, h)
	v := h.m.steps
	// The Callback step's exchanges, as when the listener took the
	// response after ignoring two requests.
	i := 0
	for ; v.steps[i].ID != flows.ACLogin.ID; i++ {
	}
	login := *v.result(i)
	s := hostileStrays()
	login.Strays = &s
	login.Exchanges = []flows.Exchange{{Step: "Callback", Request: flows.Message{Method: "GET", URL: testRedirURL},
		Response: &flows.Message{Status: "200 OK", StatusCode: 200}}}
	v.results[i] = &login
	checked := *v.result(i + 1)
	checked.Callback = &flows.Callback{URL: testRedirURL, Exchange: login.Exchanges[0]}
	v.results[i+1] = &checked
	for _, requests := range []bool{true, false} {
		out := strings.Join(v.callbackExchangesView(v.result(i+1), requests), "\n")
		plain := strings.ReplaceAll(ansi.Strip(out), "\n", "")
		if !strings.Contains(plain, "2 stray requests ignored") || !strings.Contains(plain, `odd invalid_request\x1b[31m`) {
			t.Errorf("the Callback details do not show the last stray, escaped:\n%s", ansi.Strip(out))
		}
		if p := rawControl(out); p != "" {
			t.Errorf("the Callback details show a stray raw: %q", p)
		}
	}
}
