package flows

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func deviceProvider(t testing.TB, srv *demo.Server) providers.Provider {
	t.Helper()
	p := authCodeProvider(t, srv, "demo-device")
	p.APIURL = srv.Endpoints().API + "/reports"
	return p
}

// sleeper is Options.Sleep for tests: it returns at once, recording the
// waits asked for, advancing a fake clock by them, and calling then (if
// set) before the poll after the n-th wait.
type sleeper struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
	then  func(n int)
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.now = s.now.Add(d)
	n, then := len(s.waits), s.then
	s.mu.Unlock()
	if then != nil {
		then(n)
	}
	return nil
}

func (s *sleeper) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *sleeper) options() Options {
	return Options{Sleep: s.Sleep, Now: s.Now}
}

// byStep indexes results by step ID.
func byStep(rs []Result) map[string]Result {
	m := map[string]Result{}
	for _, r := range rs {
		m[r.Step.ID] = r
	}
	return m
}

func hasNote(r Result, sub string) bool {
	return slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, sub) })
}

// TestDeviceAgainstDemo: the user approves after two polls; every poll is
// a recorded exchange, the waits follow the server's interval, and the
// tokens are verified and used.
func TestDeviceAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	s := &sleeper{now: time.Now()}
	var prompt *Prompt
	s.then = func(n int) {
		if n == 3 {
			if err := demotest.Device(context.Background(), prompt.CompleteURI, true); err != nil {
				t.Error(err)
			}
		}
	}
	f := NewDevice(deviceProvider(t, srv), s.options())
	var rs []Result
	for !f.Done() {
		r := f.Next(context.Background())
		if r.Prompt != nil {
			prompt = r.Prompt
		}
		rs = append(rs, r)
	}
	m := byStep(rs)
	for _, id := range []string{"discovery", "device_authorization", "device_poll", "id_token", "userinfo", "api"} {
		if r := m[id]; r.Status != Done {
			t.Errorf("step %s: %v %v %v", id, r.Status, r.Err, r.Notes)
		}
	}
	if prompt == nil || prompt.Kind != PromptDeviceCode || prompt.UserCode == "" || prompt.URL != srv.Issuer()+"/device" ||
		!strings.Contains(prompt.CompleteURI, "user_code=") || prompt.ExpiresIn != 10*time.Minute || prompt.BrowserOpened {
		t.Fatalf("prompt: %+v", prompt)
	}
	auth := m["device_authorization"]
	if len(auth.Exchanges) != 1 || !strings.Contains(string(auth.Exchanges[0].Request.Body), "client_id=demo-device") {
		t.Errorf("device authorization exchanges: %+v", auth.Exchanges)
	}
	for _, name := range []string{"device_code", "user_code", "verification_uri", "verification_uri_complete", "expires_in", "interval"} {
		if !slices.ContainsFunc(auth.Received, func(p Pair) bool { return p.Name == name && p.Meaning != "" }) {
			t.Errorf("device authorization response field %s not received with its explanation: %+v", name, auth.Received)
		}
	}
	poll := m["device_poll"]
	if len(poll.Exchanges) != 3 {
		t.Fatalf("poll step has %d exchanges, want one per poll (3)", len(poll.Exchanges))
	}
	for i, ex := range poll.Exchanges {
		if !strings.Contains(string(ex.Request.Body), "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code") {
			t.Errorf("poll %d body: %s", i, ex.Request.Body)
		}
	}
	if !hasNote(poll, "polled the token endpoint 3 times: authorization_pending ×2, then 200") {
		t.Errorf("poll notes: %q", poll.Notes)
	}
	if want := []time.Duration{5 * time.Second, 5 * time.Second, 5 * time.Second}; !slices.Equal(s.waits, want) {
		t.Errorf("waits %v, want %v (the demo's interval)", s.waits, want)
	}
	if poll.Tokens == nil || poll.Tokens.AccessToken == "" || poll.Token.IDToken == "" {
		t.Fatalf("no tokens: %+v", poll.Token)
	}
	id := m["id_token"]
	if len(id.Inspections) == 0 || id.Inspections[0].Verification == nil {
		t.Errorf("ID token not verified: %+v", id)
	}
	secrets := f.Secrets()
	if !slices.Contains(secrets, poll.Tokens.AccessToken) || !slices.ContainsFunc(secrets, func(s string) bool {
		return s != "" && strings.Contains(string(auth.Exchanges[0].Response.Body), s)
	}) {
		t.Error("Secrets() lacks the access token or the device code")
	}
}

// TestDeviceDeniedOnDemo: a browser opener that denies on the verification
// page makes the next poll answer access_denied, diagnosed as the user's
// refusal.
func TestDeviceDeniedOnDemo(t *testing.T) {
	srv := demotest.Start(t)
	s := &sleeper{now: time.Now()}
	opts := s.options()
	opts.OpenBrowser = demotest.DeviceBrowser(false)
	rs := runAll(NewDevice(deviceProvider(t, srv), opts))
	m := byStep(rs)
	if pr := m["device_authorization"].Prompt; pr == nil || !pr.BrowserOpened {
		t.Errorf("the browser was not opened at the complete URI: %+v", pr)
	}
	poll := m["device_poll"]
	d := poll.Diagnosis
	if poll.Status != Failed || d == nil || d.Code != "access_denied" || !strings.Contains(d.Causes[0], "pressed Deny") || !strings.Contains(d.Ref, "RFC 8628") {
		t.Fatalf("poll: %v %v %+v", poll.Status, poll.Err, d)
	}
	if len(poll.Exchanges) != 1 || !hasNote(poll, "1 time: access_denied") {
		t.Errorf("poll exchanges %d, notes %q", len(poll.Exchanges), poll.Notes)
	}
	if _, ok := m["id_token"]; ok {
		t.Error("the flow went on after access_denied")
	}
}

// deviceServer is a device authorization endpoint and a token endpoint
// that answers the polls with answers, one per poll, the last repeated.
func deviceServer(t *testing.T, expiresIn, interval int, answers ...string) providers.Provider {
	t.Helper()
	var mu sync.Mutex
	n := 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/device" {
			fmt.Fprintf(w, `{"device_code":"dc-secret-1234567890","user_code":"WDJB-MJHT","verification_uri":"https://id.example/device","expires_in":%d,"interval":%d}`, expiresIn, interval)
			return
		}
		mu.Lock()
		a := answers[min(n, len(answers)-1)]
		n++
		mu.Unlock()
		if a == "ok" {
			fmt.Fprint(w, `{"access_token":"at-opaque-123","token_type":"Bearer","expires_in":3600}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":%q}`, a)
	}))
	t.Cleanup(hs.Close)
	return providers.Provider{TokenURL: hs.URL + "/token", DeviceAuthURL: hs.URL + "/device", ClientID: "dev", AuthMethod: providers.AuthNone}
}

// TestDeviceSlowDown: each slow_down adds 5 s to the interval for every
// later poll (RFC 8628 §3.5), and a note says so.
func TestDeviceSlowDown(t *testing.T) {
	p := deviceServer(t, 600, 1, "authorization_pending", "slow_down", "authorization_pending", "slow_down", "ok")
	s := &sleeper{now: time.Now()}
	m := byStep(runAll(NewDevice(p, s.options())))
	poll := m["device_poll"]
	if poll.Status != Done || len(poll.Exchanges) != 5 {
		t.Fatalf("poll: %v %v, %d exchanges", poll.Status, poll.Err, len(poll.Exchanges))
	}
	want := []time.Duration{1 * time.Second, 1 * time.Second, 6 * time.Second, 6 * time.Second, 11 * time.Second}
	if !slices.Equal(s.waits, want) {
		t.Errorf("waits %v, want %v", s.waits, want)
	}
	if !hasNote(poll, "interval grows by 5 s to 6s") || !hasNote(poll, "interval grows by 5 s to 11s") {
		t.Errorf("no slow_down note: %q", poll.Notes)
	}
	if !hasNote(poll, "authorization_pending, slow_down, authorization_pending, slow_down, then 200") {
		t.Errorf("poll summary: %q", poll.Notes)
	}
}

// TestDeviceExpiredToken: the server's expired_token is diagnosed.
func TestDeviceExpiredToken(t *testing.T) {
	p := deviceServer(t, 600, 5, "authorization_pending", "expired_token")
	s := &sleeper{now: time.Now()}
	poll := byStep(runAll(NewDevice(p, s.options())))["device_poll"]
	d := poll.Diagnosis
	if poll.Status != Failed || d == nil || d.Code != "expired_token" || !strings.Contains(strings.Join(d.Try, " "), "run the flow again") {
		t.Fatalf("poll: %v %v %+v", poll.Status, poll.Err, d)
	}
	if !hasNote(poll, "authorization_pending, then expired_token") {
		t.Errorf("notes: %q", poll.Notes)
	}
}

// TestDeviceStopsAtDeadline: the device stops polling at expires_in, on
// the flow's clock, without a poll the server would refuse.
func TestDeviceStopsAtDeadline(t *testing.T) {
	p := deviceServer(t, 12, 5, "authorization_pending")
	s := &sleeper{now: time.Now()}
	poll := byStep(runAll(NewDevice(p, s.options())))["device_poll"]
	var de *DeviceExpiredError
	if poll.Status != Failed || !errors.As(poll.Err, &de) || poll.Diagnosis.Code != "expired_token" {
		t.Fatalf("poll: %v %v %+v", poll.Status, poll.Err, poll.Diagnosis)
	}
	if want := []time.Duration{5 * time.Second, 5 * time.Second, 2 * time.Second}; !slices.Equal(s.waits, want) {
		t.Errorf("waits %v, want %v", s.waits, want)
	}
	if len(poll.Exchanges) != 2 || de.Polls != 2 {
		t.Errorf("%d exchanges, %d polls; want 2", len(poll.Exchanges), de.Polls)
	}
}

// TestDeviceCancel: cancelling the context ends the wait, on the real
// timer too, with the cause given.
func TestDeviceCancel(t *testing.T) {
	p := deviceServer(t, 600, 5, "authorization_pending")
	f := NewDevice(p, Options{})
	for range 2 {
		if r := f.Next(context.Background()); r.Status == Failed {
			t.Fatal(r.Err)
		}
	}
	stop := errors.New("stopped by the test")
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan Result)
	go func() { done <- f.Next(ctx) }()
	cancel(stop)
	r := <-done
	if r.Step.ID != "device_poll" || r.Status != Failed || !errors.Is(r.Err, stop) || !strings.Contains(r.Diagnosis.Causes[0], "stopped") {
		t.Fatalf("poll after cancel: %v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
	if !f.Done() {
		t.Error("the flow goes on after a cancelled wait")
	}
}

// TestDeviceNoEndpoint: a server without a device authorization endpoint
// fails the step with advice, before anything is sent.
func TestDeviceNoEndpoint(t *testing.T) {
	p := deviceServer(t, 600, 5, "ok")
	p.DeviceAuthURL = ""
	r := byStep(runAll(NewDevice(p, Options{})))["device_authorization"]
	if r.Status != Failed || r.Diagnosis.Code != "no_endpoint" || len(r.Exchanges) != 0 {
		t.Fatalf("%v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
}
