package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// cet is the zone of the learning goldens: local times differ from UTC.
var cet = time.FixedZone("CET", 3600)

// learnSizes are the sizes the learning views are checked at: the
// smallest supported terminal and a roomy one.
var learnSizes = [][2]int{{80, 24}, {120, 40}}

// TestGoldenLearn renders at 80x24 and 120x40 the views that teach what
// the demo provider cannot show: a token request refused (its diagnosis
// and its diagram) and the diagram of a flow waiting for the browser. The
// views of a flow that succeeds are golden in cli (TestGoldenGrants), from
// real flows.
func TestGoldenLearn(t *testing.T) {
	cases := []struct {
		name string
		// authCode runs the authorization code flow up to the browser
		// wait; else the client credentials flow runs, its token
		// request refused (failingConfig).
		authCode bool
		keys     []string
		want     []string
	}{
		{name: "diagram_authcode_waiting", authCode: true, keys: []string{"6"},
			want: []string{"Login and consent", "○ Callback", "╌►│"}},
		{name: "diagnosis_invalid_client",
			want: []string{"What happened", "Likely causes", "What to try"}},
		{name: "diagram_cc_failed", keys: []string{"6"},
			want: []string{"✗ Token request", "– Verify token"}},
	}
	for _, tc := range cases {
		for _, size := range learnSizes {
			name := fmt.Sprintf("%s_%dx%d", tc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var m Model
				if tc.authCode {
					h := learnAuthCode(t, size[0], size[1], false)
					h.send(keys(tc.keys...)...)
					m = h.m
				} else {
					cfg := failingConfig()
					cfg.Location = cet
					m = atSteps(t, cfg, size[0], size[1])
					m = drive(t, m, keys(tc.keys...)...)
				}
				s := screenText(m)
				requireFits(t, s, size[0], size[1])
				for _, w := range tc.want {
					if !strings.Contains(s, w) {
						t.Errorf("screen lacks %q", w)
					}
				}
				golden.RequireEqual(t, s)
			})
		}
	}
}

// failingConfig is testConfig with a token request refused with
// invalid_client.
func failingConfig() Config {
	cfg := testConfig(1200)
	cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
		f := newFakeFlow(p, 1200)
		err := &flows.OAuthError{Endpoint: "token endpoint", HTTPStatus: 401, Code: "invalid_client", Description: "client authentication failed"}
		f.results[1] = flows.Result{Step: flows.CCTokenRequest, Status: flows.Failed, Err: err, Diagnosis: flows.Diagnose(err),
			Exchanges: f.results[1].Exchanges}
		f.results = f.results[:2]
		return f
	}
	return cfg
}

// learnAuthCode runs the fake authorization code flow at w x h in CET up
// to the wait for the browser, and with finish to its end.
func learnAuthCode(t *testing.T, w, h int, finish bool) *harness {
	t.Helper()
	now := fixedNow
	var f *fakeAuthCode
	cfg := authCodeConfig(true, &f, &now)
	cfg.Location = cet
	hs := newHarness(t, cfg, w, h).parkedOn(&f)
	hs.send(keys("enter", "enter", "enter")...)
	hs.waitFor("the wait for the browser", func(m Model) bool { return m.steps.waiting() })
	t.Cleanup(func() {
		if hs.m.steps.cancel != nil {
			hs.m.steps.cancel()
		}
	})
	if finish {
		finishByPaste(t, hs)
	}
	return hs
}

// TestDiagramKeys checks the keys of the Diagram tab: 6 and d open it, d
// goes back to the tab shown before, and the selection moves the marker.
func TestDiagramKeys(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		tab  tab
		mark string // the step the diagram marks as selected
	}{
		{name: "6 opens the diagram", keys: []string{"6"}, tab: tabDiagram, mark: "Verify token"},
		{name: "d opens the diagram", keys: []string{"d"}, tab: tabDiagram, mark: "Verify token"},
		{name: "d again goes back", keys: []string{"3", "d", "d"}, tab: tabResponse},
		{name: "tab reaches the diagram", keys: []string{"shift+tab"}, tab: tabDiagram, mark: "Verify token"},
		{name: "up moves the selection", keys: []string{"d", "up", "up"}, tab: tabDiagram, mark: "Discovery"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := atSteps(t, testConfig(1200), 80, 24)
			m = drive(t, m, keys(tc.keys...)...)
			if m.steps.tab != tc.tab {
				t.Fatalf("tab %s, want %s", m.steps.tab.String(), tc.tab.String())
			}
			if tc.mark == "" {
				return
			}
			if s := screenText(m); !strings.Contains(s, "› ✓ "+tc.mark) {
				t.Errorf("the diagram does not mark %q:\n%s", tc.mark, s)
			}
		})
	}
}

// TestDiagramASCII draws the diagram with ASCII only when asked, or when
// the locale has no UTF-8.
func TestDiagramASCII(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   bool
		env   []string
		ascii bool
	}{
		{name: "UTF-8 locale", env: []string{"LANG=en_US.UTF-8"}},
		{name: "no locale", env: nil},
		{name: "C locale", env: []string{"LANG=C"}, ascii: true},
		{name: "LC_ALL wins", env: []string{"LANG=en_US.UTF-8", "LC_ALL=POSIX"}, ascii: true},
		{name: "Latin-1", env: []string{"LC_CTYPE=de_DE.ISO-8859-1"}, ascii: true},
		{name: "utf8 spelling", env: []string{"LC_ALL=C.utf8"}},
		{name: "Config.ASCII", cfg: true, env: []string{"LANG=en_US.UTF-8"}, ascii: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(1200)
			cfg.ASCII = tc.cfg
			m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24}, tea.EnvMsg(tc.env))
			m = drive(t, m, keys("enter", "enter", "enter", "6")...)
			s := ansi.Strip(strings.Join(m.steps.diagramView(), "\n"))
			box := strings.ContainsAny(s, "├►┼")
			ascii := strings.Contains(s, "+---") && strings.Contains(s, "-->")
			if tc.ascii && (box || !ascii) {
				t.Errorf("want an ASCII diagram:\n%s", s)
			}
			if !tc.ascii && (!box || ascii) {
				t.Errorf("want a box-drawn diagram:\n%s", s)
			}
		})
	}
}

// TestDiagramArrows checks the arrows of the authorization code flow: the
// login goes from the resource owner's lane to the server's through the
// browser (dashed), the token request is a solid arrow from the client,
// the callback points back at the client.
func TestDiagramArrows(t *testing.T) {
	h := learnAuthCode(t, 120, 40, true)
	h.send(press("6"))
	lines := h.m.steps.diagramView()
	text := make([]string, len(lines))
	for i, l := range lines {
		text[i] = ansi.Strip(l)
	}
	arrowAfter := func(title string) string {
		for i, l := range text {
			if strings.Contains(l, "✓ "+title) && i+1 < len(text) {
				return text[i+1]
			}
		}
		t.Fatalf("no step %q in the diagram:\n%s", title, strings.Join(text, "\n"))
		return ""
	}
	if a := arrowAfter("Login and consent"); !strings.Contains(a, "├╌") || !strings.Contains(a, "╌┼╌") || !strings.Contains(a, "╌►│") {
		t.Errorf("login arrow %q: want a dashed arrow from the owner across the client to the server", a)
	}
	if a := arrowAfter("Token request"); !strings.Contains(a, "├───") || !strings.Contains(a, "─►│") {
		t.Errorf("token arrow %q: want a solid arrow to the right", a)
	}
	if a := arrowAfter("Callback"); !strings.Contains(a, "│◄╌") || !strings.Contains(a, "╌┤") {
		t.Errorf("callback arrow %q: want a dashed arrow back to the client", a)
	}
	if a := arrowAfter("API call"); strings.Count(a, "┼") != 1 {
		t.Errorf("API call arrow %q: want it to cross the server's lane once", a)
	}
}

// TestPreflightWarningsShown puts two pre-flight warnings on the discovery
// step: the header counts them, the timeline marks the step, and its
// Explain tab lists each with its reference before the explanation.
func TestPreflightWarningsShown(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
		f := newFakeFlow(p, 1200)
		f.results[0].Warnings = []flows.Warning{
			{Check: "auth_method", Message: "the server does not list client authentication method client_secret_basic", Ref: "RFC 8414 §2; RFC 6749 §2.3.1"},
			{Check: "clock", Message: "the server's clock is 2m ahead of this machine's", Ref: "RFC 7519 §4.1.4"},
		}
		return f
	}
	for _, size := range learnSizes {
		m := atSteps(t, cfg, size[0], size[1])
		m = drive(t, m, keys("up", "up")...)
		s := screenText(m)
		requireFits(t, s, size[0], size[1])
		for _, want := range []string{"2 pre-flight warnings", "Discovery !2", "! 2 pre-flight warnings", "client_secret_basic", "(RFC 7519 §4.1.4)"} {
			if !strings.Contains(s, want) {
				t.Errorf("%dx%d: screen lacks %q:\n%s", size[0], size[1], want, s)
			}
		}
	}
}

// TestTokenBadges flags an unsigned token and an HMAC-signed ID token in
// the header.
func TestTokenBadges(t *testing.T) {
	for _, tc := range []struct{ label, alg, badge string }{
		{"access token", "none", "alg:none"},
		{"ID token", "HS256", "HMAC ID token"},
	} {
		cfg := testConfig(1200)
		cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
			f := newFakeFlow(p, 1200)
			in := &f.results[2].Inspections[0]
			tok := *in.Token
			tok.Alg = tc.alg
			in.Token, in.Label = &tok, tc.label
			return f
		}
		m := atSteps(t, cfg, 120, 40)
		if s := screenText(m); !strings.Contains(strings.SplitN(s, "\n", 2)[0], tc.badge) {
			t.Errorf("%s %s: the header lacks the badge %q:\n%s", tc.label, tc.alg, tc.badge, s)
		}
	}
}

// TestClaimsCountdown moves the clock: the countdown to exp on the Claims
// tab follows each tick, which is scheduled only while the tab shows.
func TestClaimsCountdown(t *testing.T) {
	now := fixedNow
	cfg := testConfig(1200)
	cfg.Options.Now = func() time.Time { return now }
	m := atSteps(t, cfg, 80, 24)
	if m.steps.ticking {
		t.Error("the clock ticks on the Explain tab of a finished flow")
	}
	m = drive(t, m, press("4"))
	if !m.steps.ticking {
		t.Fatal("the clock does not tick on the Claims tab")
	}
	if s := screenText(m); !strings.Contains(s, "Expires in 1h") {
		t.Fatalf("no countdown:\n%s", s)
	}
	now = now.Add(10*time.Minute + 5*time.Second)
	m = drive(t, m, clockMsg{id: m.steps.clockID})
	if s := screenText(m); !strings.Contains(s, "Expires in 49m 55s") {
		t.Errorf("countdown not updated:\n%s", s)
	}
	m = drive(t, m, press("1"), clockMsg{id: m.steps.clockID})
	if m.steps.ticking {
		t.Error("the clock still ticks after leaving the Claims tab")
	}
	now = now.Add(time.Hour)
	m = drive(t, m, press("4"))
	if s := screenText(m); !strings.Contains(s, "Expired 10m 5s ago") {
		t.Errorf("no expiry:\n%s", s)
	}
}

// TestClaimMeanings shows each claim and header parameter with its meaning
// and reference, and times in UTC and in the configured zone.
func TestClaimMeanings(t *testing.T) {
	tok, err := inspect.Decode(testIDToken())
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultStyles(true)
	c := common{styles: &s, now: func() time.Time { return fixedNow }, loc: cet}
	// Wrapped lines joined: a reference may break across lines.
	text := strings.Join(strings.Fields(ansi.Strip(strings.Join(tokenLines(c, 100, tok, nil), "\n"))), " ")
	check := func(name string, d inspect.ClaimDoc, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s has no explanation in inspect", name)
			return
		}
		for _, part := range []string{d.Meaning, d.Ref} {
			if !strings.Contains(text, strings.Join(strings.Fields(part), " ")) {
				t.Errorf("%s: %q not shown", name, part)
			}
		}
	}
	for _, cl := range tok.Claims {
		d, ok := inspect.ExplainClaim(cl.Name)
		check(cl.Name, d, ok)
	}
	for _, h := range tok.Header {
		d, ok := inspect.ExplainHeader(h.Name)
		check(h.Name, d, ok)
	}
	for _, want := range []string{"2026-11-27 02:14:10 UTC · 03:14:10 CET (in 1h)", "issuer: who made and signed the token"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
}
