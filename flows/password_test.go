package flows

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runPassword runs the password grant as client against the demo and
// returns the results by step ID.
func runPassword(t *testing.T, srv *demo.Server, client, username, password string) (map[string]Result, *Password) {
	t.Helper()
	p := authCodeProvider(t, srv, client)
	f := NewPassword(p, Options{Inputs: Inputs{"username": username, "password": password}})
	t.Cleanup(func() { f.Close() })
	results := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		results[r.Step.ID] = r
	}
	return results, f
}

func TestPasswordAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	rs, f := runPassword(t, srv, "demo-legacy", demo.DemoUsername, demo.DemoPassword)
	for _, id := range []string{"discovery", "token", "id_token", "verify"} {
		if r := rs[id]; r.Status != Done {
			t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
		}
	}
	if w := rs["discovery"].Warnings; len(w) > 0 {
		t.Errorf("the demo's discovery should advertise the password grant: %+v", w)
	}
	tok := rs["token"].Token
	if tok.AccessToken == "" || tok.IDToken == "" || tok.RefreshToken == "" {
		t.Errorf("want access, ID and refresh tokens: %+v", tok)
	}
	body := string(rs["token"].Exchanges[0].Request.Body)
	for _, want := range []string{"grant_type=password", "username=demo", "password=demo"} {
		if !strings.Contains(body, want) {
			t.Errorf("token request body %q lacks %s", body, want)
		}
	}
	m := Masker{Secrets: f.Secrets()}
	if shown := FormatRequest(rs["token"].Exchanges[0], m); strings.Contains(shown, "password=demo") {
		t.Errorf("the password shows in the request:\n%s", shown)
	}
	if f.Secrets()[0] != demo.DemoPassword {
		t.Errorf("Secrets do not start with the password")
	}
}

func TestPasswordRefusals(t *testing.T) {
	srv := demotest.Start(t)
	for _, tc := range []struct {
		name, client, password, code string
	}{
		{"wrong password", "demo-legacy", "not-the-password", "invalid_grant"},
		{"client not registered", "demo-public", demo.DemoPassword, "unauthorized_client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, _ := runPassword(t, srv, tc.client, demo.DemoUsername, tc.password)
			r := rs["token"]
			if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != tc.code {
				t.Fatalf("want %s, got %v %v %+v", tc.code, r.Status, r.Err, r.Diagnosis)
			}
			if !strings.Contains(strings.Join(r.Diagnosis.Causes, " "), "password") {
				t.Errorf("the diagnosis does not speak of the password grant: %+v", r.Diagnosis)
			}
		})
	}
}

func TestPasswordDiagnosisUnsupported(t *testing.T) {
	d := Diagnose(&OAuthError{Endpoint: "token endpoint", Code: "unsupported_grant_type", GrantType: "password", HTTPStatus: 400})
	if d.Code != "unsupported_grant_type" || !strings.Contains(d.Ref, "RFC 9700 §2.4") {
		t.Errorf("diagnosis %+v", d)
	}
}
