package flows

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
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

// misbehaviours are the ways a hostile or broken server answers. Each is
// served at one endpoint of a flow (the others are the demo provider's) and
// must end in a clear error within the timeout, without a panic or a
// goroutine left behind.
var misbehaviours = []struct {
	name    string
	handler http.HandlerFunc
	want    string // in the error (or the failed check)
}{
	{"HTML instead of JSON", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!DOCTYPE html><html><head><title>Proxy login</title></head></html>")
	}, "HTML"},
	{"truncated JSON", jsonBody(`{"access_token":"abc","keys":[{"kty":"RS`), ""},
	{"access_token a number", jsonBody(`{"access_token":12345,"token_type":"Bearer","sub":7,"keys":5}`), ""},
	{"expires_in negative", jsonBody(`{"access_token":"x","token_type":"Bearer","expires_in":-50}`), ""},
	{"expires_in huge", jsonBody(`{"access_token":"x","token_type":"Bearer","expires_in":1e300}`), ""},
	{"empty 200", func(w http.ResponseWriter, r *http.Request) {}, ""},
	{"500 with a body", status(500, "boom"), "500"},
	{"502 without a body", status(502, ""), "502"},
	{"503 with a body", status(503, "<html>maintenance</html>"), "503"},
	{"429 with Retry-After", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}, "429"},
	{"a redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}, ""},
	{"a redirect loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	}, ""},
	{"a 50 MiB body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		io.WriteString(w, `{"access_token":"`)
		for i := 0; i < 50; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}, ""},
	{"accepts and never answers", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}, "timeout"},
	{"one byte a second", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		for _, b := range []byte(`{"access_token":"slow"}`) {
			if _, err := w.Write([]byte{b}); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			}
		}
	}, ""},
	{"a gzip bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, `{"access_token":"`)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 200; i++ {
			if _, err := zw.Write(zeros); err != nil {
				return
			}
		}
		zw.Close()
	}, ""},
}

func jsonBody(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

func status(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if body != "" {
			w.Header().Set("Content-Type", "text/html")
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// hostileTimeout is the per-exchange timeout in the suite: short, so that
// a server that stalls ends the case quickly.
const hostileTimeout = 1500 * time.Millisecond

// runHostile runs flow steps until one fails, with a fresh transport whose
// connections are closed afterwards, and checks that no goroutine stays.
func runHostile(t *testing.T, h http.Handler, build func(url string, opts Options) Flow) Result {
	t.Helper()
	before := goleak.IgnoreCurrent()
	srv := httptest.NewServer(h)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	opts := Options{Transport: tr, Timeout: hostileTimeout, CallbackTimeout: 2 * time.Second}
	f := build(srv.URL, opts)
	var last Result
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("panic: %v", p)
			}
		}()
		for !f.Done() {
			last = f.Next(context.Background())
			if last.Status == Failed {
				return
			}
		}
	}()
	f.Close()
	srv.CloseClientConnections()
	srv.Close()
	tr.CloseIdleConnections()
	// No bound on the duration: a server that stalls and a flow that
	// ignores its timeout show as a success (the trickled token arrives)
	// or as a test that never ends, never as a slow machine.
	goleak.VerifyNone(t, before)
	return last
}

func checkFailure(t *testing.T, r Result, step, want string) {
	t.Helper()
	if r.Status != Failed {
		t.Fatalf("no failure: ended at %q with %v", r.Step.ID, r.Status)
	}
	if r.Step.ID != step {
		t.Errorf("failed at %q, want %q: %v", r.Step.ID, step, r.Err)
	}
	if r.Err == nil || r.Diagnosis == nil || r.Diagnosis.What == "" {
		t.Fatalf("error %v, diagnosis %+v: want both", r.Err, r.Diagnosis)
	}
	if want != "" && !strings.Contains(strings.ToLower(r.Err.Error()+" "+r.Diagnosis.What), strings.ToLower(want)) {
		t.Errorf("error %q does not mention %q", r.Err, want)
	}
}

func TestHostileServers(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile suite waits for timeouts")
	}
	demoSrv := demotest.Start(t)
	svc := demoProvider(t, demoSrv, "demo-service")
	endpoints := []struct {
		step  string
		build func(url string, opts Options) Flow
	}{
		{"discovery", func(url string, opts Options) Flow {
			return NewClientCredentials(providers.Provider{Issuer: url, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}, opts)
		}},
		{"token", func(url string, opts Options) Flow {
			p := svc
			p.TokenURL = url + "/token"
			return NewClientCredentials(p, opts)
		}},
		{"verify", func(url string, opts Options) Flow {
			p := svc
			p.JWKSURL = url + "/keys"
			return NewClientCredentials(p, opts)
		}},
	}
	for _, ep := range endpoints {
		for _, mb := range misbehaviours {
			t.Run(ep.step+"/"+mb.name, func(t *testing.T) {
				r := runHostile(t, mb.handler, ep.build)
				checkFailure(t, r, ep.step, "")
				if strings.Contains(fmt.Sprint(r.Err), svc.ClientSecret) {
					t.Error("the error shows the client secret")
				}
			})
		}
	}
}

// TestHostileResourceEndpoints serves the misbehaviours at the userinfo
// endpoint and the API, after a real login at the demo provider.
func TestHostileResourceEndpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile suite waits for timeouts")
	}
	demoSrv := demotest.Start(t)
	for _, step := range []string{"userinfo", "api"} {
		for _, mb := range misbehaviours {
			t.Run(step+"/"+mb.name, func(t *testing.T) {
				r := runHostile(t, mb.handler, func(url string, opts Options) Flow {
					p := authCodeProvider(t, demoSrv, "demo-public")
					if step == "userinfo" {
						p.UserinfoURL = url + "/userinfo"
					} else {
						p.APIURL = url + "/api"
					}
					f := NewAuthCode(p, opts)
					loginInBackground(t, f)
					return f
				})
				// An API that answers 200 with any body is not a failure:
				// the API decides what its body is.
				if step == "api" && r.Status != Failed && !strings.Contains(mb.name, "never") && !strings.HasPrefix(mb.name, "5") {
					return
				}
				checkFailure(t, r, step, mb.want)
			})
		}
	}
}

// loginInBackground runs discovery and the authorization request, then
// logs in at the demo provider and pastes the redirect.
func loginInBackground(t *testing.T, f *AuthCode) {
	t.Helper()
	ar := startAuth(t, f)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Paste(redirect); err != nil {
		t.Fatal(err)
	}
}
