package flows

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// stallers are the two ways a server runs out a client's time: it accepts
// the request and never answers, or it starts its answer and stops. Both
// hold until the request's context ends, so no goroutine outlives a case.
var stallers = []struct {
	name    string
	handler http.HandlerFunc
	code    string // the diagnosis
	says    string // in the error, before the limit
}{
	{"accepts and never answers", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}, "timeout", "no answer from "},
	{"stops in the middle of its answer", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"ey`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}, "timeout_body", "did not finish its answer "},
}

// stallTimeout is the time limit under test.
const stallTimeout = 250 * time.Millisecond

// TestTimeoutsAreTimeouts serves the stallers at every endpoint a flow
// calls (issue 10, item 5): each failure is a timeout that names the
// limit and the setting, never JSON that cannot be read, a server that
// does not speak OAuth or a network failure.
func TestTimeoutsAreTimeouts(t *testing.T) {
	demoSrv := demotest.Start(t)
	svc := demoProvider(t, demoSrv, "demo-service")
	endpoints := []struct {
		step  string
		build func(t *testing.T, url string, opts Options) Flow
	}{
		{"discovery", func(_ *testing.T, url string, opts Options) Flow {
			return NewClientCredentials(providers.Provider{Issuer: url, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}, opts)
		}},
		{"token", func(_ *testing.T, url string, opts Options) Flow {
			p := svc
			p.TokenURL = url + "/token"
			return NewClientCredentials(p, opts)
		}},
		{"verify", func(_ *testing.T, url string, opts Options) Flow {
			p := svc
			p.JWKSURL = url + "/keys"
			return NewClientCredentials(p, opts)
		}},
		{"userinfo", func(t *testing.T, url string, opts Options) Flow {
			p := authCodeProvider(t, demoSrv, "demo-public")
			p.UserinfoURL = url + "/userinfo"
			f := NewAuthCode(p, opts)
			loginInBackground(t, f)
			return f
		}},
		{"api", func(t *testing.T, url string, opts Options) Flow {
			p := authCodeProvider(t, demoSrv, "demo-public")
			p.APIURL = url + "/api"
			f := NewAuthCode(p, opts)
			loginInBackground(t, f)
			return f
		}},
	}
	for _, ep := range endpoints {
		for _, st := range stallers {
			t.Run(ep.step+"/"+st.name, func(t *testing.T) {
				r := runStalled(t, st.handler, func(url string, opts Options) Flow { return ep.build(t, url, opts) })
				checkFailure(t, r, ep.step, "")
				if r.Diagnosis.Code != st.code {
					t.Errorf("diagnosis %q, want %q: %+v", r.Diagnosis.Code, st.code, r.Diagnosis)
				}
				msg := r.Err.Error()
				// A check's detail is shown as it is, so it says the
				// setting in plain words.
				limit := "within 250ms ({setting:timeout})"
				if ep.step == "verify" {
					limit = "within 250ms (the timeout setting)"
				}
				if !strings.Contains(msg, st.says) || !strings.Contains(msg, limit) {
					t.Errorf("error %q does not say %q and name the limit and its setting", msg, st.says)
				}
				if !strings.Contains(r.Diagnosis.What, "within 250ms ({setting:timeout})") {
					t.Errorf("What %q does not name the limit", r.Diagnosis.What)
				}
				all := strings.Join(append(append([]string{msg, r.Diagnosis.What}, r.Diagnosis.Causes...), r.Diagnosis.Try...), " | ")
				for _, wrong := range []string{"JSON that cannot be read", "does not speak OAuth", "a network failure", "awaiting headers"} {
					if strings.Contains(all, wrong) {
						t.Errorf("the failure says %q: %s", wrong, all)
					}
				}
				if !strings.Contains(strings.Join(r.Diagnosis.Try, " "), "raise {setting:timeout}") {
					t.Errorf("nothing says to raise the timeout: %q", r.Diagnosis.Try)
				}
			})
		}
	}
}

// runStalled runs a flow until a step fails, with the endpoint under test
// served by h and a time limit of stallTimeout, and checks that no
// goroutine stays behind.
func runStalled(t *testing.T, h http.Handler, build func(url string, opts Options) Flow) Result {
	t.Helper()
	before := goleak.IgnoreCurrent()
	srv := httptest.NewServer(h)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	f := build(srv.URL, Options{Transport: tr, Timeout: stallTimeout})
	var last Result
	for !f.Done() {
		if last = f.Next(context.Background()); last.Status == Failed {
			break
		}
	}
	f.Close()
	srv.CloseClientConnections()
	srv.Close()
	tr.CloseIdleConnections()
	goleak.VerifyNone(t, before)
	return last
}
