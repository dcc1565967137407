package ui

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// labServer answers the fake flow's token requests as a token endpoint
// that lets the client have api.read only (RFC 6749 §3.3): nothing leaves
// the process.
type labServer struct{}

func (labServer) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	status, answer := http.StatusOK, `{"access_token":"lab-token-lab-token-lab-token","token_type":"Bearer","expires_in":3600}`
	if strings.Contains(string(body), "api.admin") {
		status, answer = http.StatusBadRequest, `{"error":"invalid_scope","error_description":"client may not request scope \"api.admin\""}`
	}
	return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(answer)), Request: r}, nil
}

// typing is the key presses of text.
func typing(text string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		out = append(out, press(string(r)))
	}
	return out
}

// atLab runs the fake flow at w x h, opens the lab on its token request
// and widens the scope, unsent.
func atLab(t *testing.T, w, h int) Model {
	t.Helper()
	cfg := testConfig(1200)
	cfg.Options.Transport = labServer{}
	m := atSteps(t, cfg, w, h)
	m = drive(t, m, keys("up", "L")...)
	if m.steps.mode != modeLab {
		t.Fatalf("L on the token request: mode %d\n%s", m.steps.mode, screenText(m))
	}
	m = drive(t, m, keys("down", "down", "down", "down", "enter")...)
	return drive(t, m, append(typing(" api.admin"), press("enter"))...)
}

// TestLab: L opens the lab on the token request; an edit is marked, s
// sends it, and the answer shows beside the original's with the
// protection the server applied; the lab's request is kept with the run.
func TestLab(t *testing.T) {
	m := atLab(t, 100, 30)
	s := screenText(m)
	for _, want := range []string{labBanner, "Request of Token request", "scope", "api.read api.admin ✎ changed", "Nothing is sent until you press s"} {
		if !strings.Contains(s, want) {
			t.Errorf("the lab lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "secret-") || len(m.steps.lab.sends) != 0 {
		t.Errorf("a secret shows, or something was sent before s:\n%s", s)
	}
	m = drive(t, m, press("s"))
	s = screenText(m)
	for _, want := range []string{"Original (sent by the run)", "Edited (sent from the lab)", "→ 200 OK", "→ 400 Bad Request",
		"error: invalid_scope", "What the server protected", "wider than the client may have", "RFC 6749 §3.3, §5.2", "Diagnosis"} {
		if !strings.Contains(s, want) {
			t.Errorf("the answer lacks %q:\n%s", want, s)
		}
	}
	if rs := m.steps.labResults(); len(rs) != 1 || rs[0].Step.Title != "Lab: Token request" || len(rs[0].Exchanges) != 1 {
		t.Errorf("lab results %+v", rs)
	}
	if tr := m.steps.transcript(); !strings.Contains(tr, "api.admin") {
		t.Errorf("the transcript lacks the lab's request:\n%s", tr)
	}
	m = drive(t, m, press("esc"), press("esc"))
	if m.steps.mode != modeBrowse {
		t.Errorf("esc esc leaves mode %d", m.steps.mode)
	}
	dir := t.TempDir()
	m.steps.exportDir = dir
	drive(t, m, press("e"), press("m"))
	mds, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(mds) != 1 {
		t.Fatalf("no Markdown export: %v", mds)
	}
	if b, _ := os.ReadFile(mds[0]); !strings.Contains(string(b), "Lab: Token request") || !strings.Contains(string(b), "api.admin") {
		t.Errorf("the export lacks the lab's request:\n%s", b)
	}
}

// TestLabRemoveAndCancel: x removes a part, esc cancels an edit.
func TestLabRemoveAndCancel(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Options.Transport = labServer{}
	m := atSteps(t, cfg, 80, 24)
	m = drive(t, m, keys("up", "L", "down", "x")...)
	if s := screenText(m); !strings.Contains(s, "Authorization − removed") {
		t.Errorf("x did not remove the header:\n%s", s)
	}
	m = drive(t, m, keys("down", "enter", "z", "esc")...)
	if strings.Contains(screenText(m), "✎") {
		t.Errorf("esc kept an edit:\n%s", screenText(m))
	}
}

// TestGoldenLab: the lab's screens, editing and answered, at 80x24 and
// 120x40.
func TestGoldenLab(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := atLab(t, size[0], size[1])
		name := func(what string) string { return what + "_" + strconv.Itoa(size[0]) + "x" + strconv.Itoa(size[1]) }
		t.Run(name("edit"), func(t *testing.T) {
			s := screenText(m)
			requireFits(t, s, size[0], size[1])
			golden.RequireEqual(t, s)
		})
		m = drive(t, m, press("s"))
		t.Run(name("answer"), func(t *testing.T) {
			s := screenText(m)
			requireFits(t, s, size[0], size[1])
			golden.RequireEqual(t, s)
		})
	}
}

// labHostileServer answers every request with an error whose description
// tries to write the clipboard (OSC 52) and reverse the text.
type labHostileServer struct{}

func (labHostileServer) RoundTrip(r *http.Request) (*http.Response, error) {
	body := `{"error":"invalid_request","error_description":"bad \u001b]52;c;aGk=\u0007 \u202eevil"}`
	return &http.Response{StatusCode: 400, Status: "400 Bad Request", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// TestLabHostileAnswer: the server's words reach the screen as visible
// escapes, never as sequences.
func TestLabHostileAnswer(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Options.Transport = labHostileServer{}
	m := atSteps(t, cfg, 100, 30)
	m = drive(t, m, keys("up", "L", "s")...)
	v := m.View().Content
	if strings.Contains(v, "]52;") && strings.Contains(v, "\x1b]52") || strings.ContainsRune(v, '\u202e') {
		t.Errorf("the answer reached the terminal raw: %q", v)
	}
	if s := screenText(m); !strings.Contains(s, "invalid_request") || !strings.Contains(s, "The lab cannot name the protection") {
		t.Errorf("the answer:\n%s", s)
	}
}

// TestLabClaim: J on a bearer JWT lists its claims and alters one
// without signing the token again; a second send makes ← and → go
// between the answers.
func TestLabClaim(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Options.Transport = labServer{}
	m := atSteps(t, cfg, 100, 30)
	// The last step's request, as if it had called an API with the token.
	tok, _ := testJWT(600)
	r := *m.steps.results[2]
	ex := r.Exchanges[0]
	ex.Request.Header = http.Header{"Authorization": {"Bearer " + tok}}
	r.Exchanges = []flows.Exchange{ex}
	m.steps.results[2] = &r
	m = drive(t, m, keys("L", "down")...)
	if s := screenText(m); !strings.Contains(s, "J alter a claim") {
		t.Errorf("the footer does not offer J on a JWT:\n%s", s)
	}
	m = drive(t, m, press("J"))
	s := screenText(m)
	if !strings.Contains(s, "Its claims") || !strings.Contains(s, `"api.read"`) {
		t.Fatalf("J lists no claims:\n%s", s)
	}
	m = drive(t, m, append(typing("scope=api.admin"), press("enter"))...)
	edited := m.steps.lab.edited.ClaimsAt(1)
	if len(edited) == 0 || edited[len(edited)-1] != [2]string{"scope", `"api.admin"`} || !strings.Contains(screenText(m), "✎ changed") {
		t.Fatalf("the claim was not altered: %v\n%s", edited, screenText(m))
	}
	m = drive(t, m, press("s"), press("esc"), press("s"))
	if s := screenText(m); !strings.Contains(s, "Answer 2 of 2") || !strings.Contains(s, "accepted the edited request") {
		t.Errorf("the second answer:\n%s", s)
	}
	m = drive(t, m, press("left"))
	if !strings.Contains(screenText(m), "Answer 1 of 2") {
		t.Errorf("← does not go to the first answer:\n%s", screenText(m))
	}
}
