package flows

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// answering is a server that answers every request with status, content
// type and body.
func answering(t *testing.T, status int, ct, body string, header ...string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// byHand is a provider with the endpoints given by hand, no discovery.
func byHand(u string) providers.Provider {
	return providers.Provider{Name: "custom", ClientID: "rs", ClientSecret: "rs-secret-value", AuthMethod: providers.AuthBasic,
		IntrospectionURL: u, RevocationURL: u, UserinfoURL: u, TokenURL: u}
}

// TestIntrospectionHostileAnswers feeds the introspection step answers
// that break RFC 7662 §2.2. A string "true" is what some servers send
// (schibsted/node-token-introspection#20 loosened its check for one), and
// a truthy reading of a string "false" let revoked tokens through
// (symfony/symfony#65881): neither is read as active.
func TestIntrospectionHostileAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, ct, body string
		status         int
		want           string
	}{
		{"active as the string true", "application/json", `{"active":"true","sub":"jdoe"}`, 200, "not a JSON boolean"},
		{"active as the string false", "application/json", `{"active":"false","sub":"jdoe"}`, 200, "not a JSON boolean"},
		{"active as 1", "application/json", `{"active":1}`, 200, "not a JSON boolean"},
		{"no active", "application/json", `{"sub":"jdoe","scope":"api"}`, 200, "without the required member active"},
		{"HTML", "text/html", `<html><title>Sign in</title></html>`, 200, `HTML page ("Sign in") where JSON (an introspection response) was expected`},
		{"an array", "application/json", `[{"active":true}]`, 200, "not an object"},
		{"cut JSON", "application/json", `{"active":tr`, 200, "JSON that cannot be read"},
		{"empty", "", ``, 200, "empty body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := answering(t, tc.status, tc.ct, tc.body)
			r := last(t, NewIntrospect(byHand(u), Options{}, Target{Token: "tok"}))
			if r.Status != Failed || r.Err == nil || !strings.Contains(r.Err.Error(), tc.want) {
				t.Fatalf("got %v %v, want an error with %q", r.Status, r.Err, tc.want)
			}
			if r.Introspection != nil && r.Introspection.Active {
				t.Error("read as active")
			}
			var he *HTTPError
			if !errors.As(r.Err, &he) || r.Diagnosis == nil {
				t.Errorf("not an HTTPError with a diagnosis: %T %+v", r.Err, r.Diagnosis)
			}
		})
	}
}

// TestIntrospectionRefusedDiagnosed: a 401 without an OAuth error body
// (a bare Basic challenge) is diagnosed as the caller's credentials, not
// the token's.
func TestIntrospectionRefusedDiagnosed(t *testing.T) {
	u := answering(t, 401, "text/plain", "Unauthorized", "WWW-Authenticate", `Basic realm="x"`)
	r := last(t, NewIntrospect(byHand(u), Options{}, Target{Token: "tok"}))
	if r.Status != Failed || r.Diagnosis == nil || !strings.Contains(r.Diagnosis.Ref, "RFC 7662 §2.1") ||
		!strings.Contains(r.Diagnosis.Causes[0], "resource servers") {
		t.Fatalf("%v %+v", r.Status, r.Diagnosis)
	}
}

// TestInactiveWithMembers: an inactive answer that tells more than active
// is noted (RFC 7662 §2.2).
func TestInactiveWithMembers(t *testing.T) {
	u := answering(t, 200, "application/json", `{"active":false,"sub":"jdoe"}`)
	r := last(t, NewIntrospect(byHand(u), Options{}, Target{Token: "tok"}))
	if r.Status != Done || r.Introspection.Active || len(r.Notes) != 2 || !strings.Contains(r.Notes[1], "should not") {
		t.Fatalf("%v %v %q", r.Status, r.Err, r.Notes)
	}
}

// TestRevocationRefusals covers RFC 7009 §2.2.1's error answers.
func TestRevocationRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, ct, body string
		status         int
		code           string
	}{
		{"unsupported_token_type", "application/json", `{"error":"unsupported_token_type"}`, 400, "unsupported_token_type"},
		{"invalid_client", "application/json", `{"error":"invalid_client"}`, 401, "invalid_client"},
		{"503", "text/plain", "busy", 503, "http_5xx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := answering(t, tc.status, tc.ct, tc.body)
			rs := runAll(NewRevoke(byHand(u), Options{}, Target{Token: "tok", Hint: HintAccessToken}))
			r := rs[len(rs)-1]
			if len(rs) != 2 || r.Status != Failed || r.Diagnosis == nil {
				t.Fatalf("%d steps, %v %+v", len(rs), r.Status, r.Diagnosis)
			}
			if tc.code != "http_5xx" && r.Diagnosis.Code != tc.code {
				t.Errorf("diagnosis %s, want %s", r.Diagnosis.Code, tc.code)
			}
		})
	}
}

// TestRevokedRefreshTokenStillWorks: a server that answers 200 and then
// honours the refresh token is caught by the check.
func TestRevokedRefreshTokenStillWorks(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		if r.Form.Get("grant_type") == "refresh_token" {
			_, _ = w.Write([]byte(`{"access_token":"new-access-token-value","token_type":"Bearer","expires_in":60}`))
		}
	}))
	t.Cleanup(srv.Close)
	f := NewRevoke(byHand(srv.URL), Options{}, Target{Token: "rt", Hint: HintRefreshToken})
	rs := runAll(f)
	if rs[1].Status != Done || rs[2].Status != Failed || !strings.Contains(rs[2].Err.Error(), "still works") {
		t.Fatalf("%v / %v %v", rs[1].Status, rs[2].Status, rs[2].Err)
	}
	if !strings.Contains(strings.Join(f.Secrets(), " "), "new-access-token-value") {
		t.Error("the tokens the check obtained are not masked")
	}
}

func TestUserinfoHostileAnswers(t *testing.T) {
	for _, tc := range []struct{ name, ct, body, want string }{
		{"HTML", "text/html", "<html></html>", "HTML page"},
		{"no sub", "application/json", `{"name":"x"}`, "without a sub"},
		{"sub a number", "application/json", `{"sub":1}`, "without a sub"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := answering(t, 200, tc.ct, tc.body)
			r := last(t, NewUserinfo(byHand(u), Options{}, Target{Token: "tok"}))
			if r.Status != Failed || !strings.Contains(r.Err.Error(), tc.want) {
				t.Fatalf("%v %v", r.Status, r.Err)
			}
		})
	}
}

// TestNoEndpoint: a server without the endpoint is told, with the setting
// that gives it by hand.
func TestNoEndpoint(t *testing.T) {
	p := providers.Provider{ClientID: "c", TokenURL: "http://127.0.0.1:1/token"}
	for _, a := range TokenActions() {
		r := last(t, a.New(p, Options{}, Target{Token: "tok"}))
		if r.Status != Failed || r.Diagnosis.Code != "no_endpoint" || !strings.Contains(strings.Join(r.Diagnosis.Try, " "), "{setting:"+a.Flag+"}") {
			t.Errorf("%s: %v %+v", a.ID, r.Status, r.Diagnosis)
		}
	}
}
