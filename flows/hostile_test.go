package flows

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// hostileProvider points the flow straight at a misbehaving token endpoint.
func hostileProvider(url string) providers.Provider {
	return providers.Provider{Name: "hostile", TokenURL: url + "/token", ClientID: "c", ClientSecret: "hostile-secret-value", AuthMethod: providers.AuthBasic}
}

func runToken(t *testing.T, h http.Handler, opts Options) Result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := NewClientCredentials(hostileProvider(srv.URL), opts)
	var last Result
	for !f.Done() {
		last = f.Next(context.Background())
		if last.Status == Failed {
			break
		}
	}
	return last
}

func TestHostileTokenEndpoints(t *testing.T) {
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	cases := []struct {
		name    string
		handler http.HandlerFunc
		opts    Options
		want    string // substring of the error
		check   func(t *testing.T, r Result)
	}{
		{
			name: "HTML instead of JSON",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<!DOCTYPE html><html><head><title>Sign in - Corp SSO</title></head><body>login</body></html>"))
			},
			want: `an HTML page ("Sign in - Corp SSO")`,
		},
		{
			name: "truncated JSON",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"access_token":"abc","token_type":"Bea`))
			},
			want: "JSON that cannot be read",
		},
		{
			name: "HTTP 500 with an HTML body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(500)
				w.Write([]byte("<html><title>Internal Server Error</title></html>"))
			},
			want: "500 Internal Server Error",
			check: func(t *testing.T, r Result) {
				if r.Diagnosis == nil || !strings.Contains(strings.Join(r.Diagnosis.Causes, " "), "server failed") {
					t.Errorf("diagnosis = %+v, want the server-failure cause", r.Diagnosis)
				}
			},
		},
		{
			name: "a server that never answers",
			handler: func(w http.ResponseWriter, r *http.Request) {
				// Read the form so that the server notices when the client
				// gives up and closes the connection.
				io.Copy(io.Discard, r.Body)
				select {
				case <-block:
				case <-r.Context().Done():
				}
			},
			opts: Options{Timeout: 200 * time.Millisecond},
			want: "within 200ms ({setting:timeout})",
		},
		{
			name: "a 5 MiB body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"access_token":"`))
				w.Write([]byte(strings.Repeat("a", 5<<20)))
				w.Write([]byte(`","token_type":"Bearer"}`))
			},
			want: "was cut",
			check: func(t *testing.T, r Result) {
				resp := r.Exchanges[len(r.Exchanges)-1].Response
				if !resp.Truncated || len(resp.Body) != MaxBody {
					t.Errorf("body kept %d bytes, truncated=%v; want %d and true", len(resp.Body), resp.Truncated, MaxBody)
				}
				if !strings.Contains(FormatResponse(r.Exchanges[len(r.Exchanges)-1], Masker{}), "body cut at") {
					t.Error("rendered response does not mark the cut")
				}
			},
		},
		{
			name: "a redirect on the token endpoint",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "https://elsewhere.invalid/token", http.StatusFound)
			},
			want: "a redirect",
		},
		{
			name: "an empty 200",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
			},
			want: "empty body",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runToken(t, tc.handler, tc.opts)
			if r.Status != Failed || r.Err == nil {
				t.Fatalf("status %v err %v; want a failure", r.Status, r.Err)
			}
			if !strings.Contains(r.Err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", r.Err, tc.want)
			}
			if strings.Contains(r.Err.Error(), "hostile-secret-value") {
				t.Error("error shows the client secret")
			}
			if r.Diagnosis == nil || r.Diagnosis.What == "" {
				t.Error("no diagnosis")
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestUnreachableIssuer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there now
	f := NewClientCredentials(providers.Provider{Issuer: addr, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}, Options{Timeout: 2 * time.Second})
	r := f.Next(context.Background())
	var te *TransportError
	if r.Status != Failed || !errors.As(r.Err, &te) || te.Kind != "refused" {
		t.Fatalf("got %v %v; want a refused connection", r.Status, r.Err)
	}
	if !f.Done() {
		t.Error("flow goes on after a failed discovery")
	}
}

func TestDiscoveryNotFound(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	f := NewClientCredentials(providers.Provider{Issuer: srv.URL, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}, Options{})
	r := f.Next(context.Background())
	if r.Status != Failed || !strings.Contains(r.Err.Error(), "404") {
		t.Fatalf("got %v %v", r.Status, r.Err)
	}
	if len(r.Exchanges) != 2 {
		t.Errorf("recorded %d exchanges; want both well-known URLs tried", len(r.Exchanges))
	}
}
