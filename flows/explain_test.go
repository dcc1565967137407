package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// allFlows returns one instance of every flow, for their step lists.
func allFlows() []Flow {
	p := providers.Provider{Issuer: "https://id.example", ClientID: "c"}
	fs := []Flow{NewClientCredentials(p, Options{}), NewAuthCode(p, Options{}), NewMCP(p, Options{})}
	for _, a := range TokenActions() {
		fs = append(fs, a.New(p, Options{}, Target{Token: "t"}))
	}
	return fs
}

func TestEveryStepExplained(t *testing.T) {
	roles := []string{"resource owner", "client", "authorization server", "resource server"}
	for _, f := range allFlows() {
		for _, st := range f.Steps() {
			e := st.Explain
			if e == nil {
				t.Errorf("%s: step %s has no explanation", f.Name(), st.ID)
				continue
			}
			if e.Purpose == "" || e.Parties == "" || len(e.Refs) == 0 {
				t.Errorf("%s: step %s: purpose, parties or refs missing", f.Name(), st.ID)
			}
			named := 0
			for _, r := range roles {
				if strings.Contains(strings.ToLower(e.Parties), r) {
					named++
				}
			}
			if named < 2 {
				t.Errorf("%s: step %s: Parties names %d of the four roles: %q", f.Name(), st.ID, named, e.Parties)
			}
			if len(e.Notice) == 0 {
				t.Errorf("%s: step %s: nothing to notice", f.Name(), st.ID)
			}
			for _, term := range append(append([]Term{}, e.Params...), e.ResponseFields()...) {
				if term.Name == "" || term.Meaning == "" || term.Ref == "" {
					t.Errorf("%s: step %s: incomplete term %+v", f.Name(), st.ID, term)
				}
			}
		}
		f.Close()
	}
}

// wireNames lists what an exchange put on the wire: query and form
// parameters and the credential header of the request, and the members
// of a JSON response (with the members of a JWKS's keys).
func wireNames(ex Exchange) (params, fields []string) {
	if u, err := url.Parse(ex.Request.URL); err == nil {
		for k := range u.Query() {
			params = append(params, k)
		}
	}
	if ct, _, _ := mime.ParseMediaType(ex.Request.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
		form, _ := url.ParseQuery(string(ex.Request.Body))
		for k := range form {
			params = append(params, k)
		}
	}
	if a := ex.Request.Header.Get("Authorization"); a != "" {
		scheme, _, _ := strings.Cut(a, " ")
		params = append(params, "Authorization: "+scheme)
	}
	if ex.Response == nil || ex.Response.StatusCode != 200 {
		return params, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(ex.Response.Body), &obj) != nil {
		return params, nil
	}
	for k, v := range obj {
		fields = append(fields, k)
		if k != "keys" {
			continue
		}
		var keys []map[string]json.RawMessage
		_ = json.Unmarshal(v, &keys)
		for _, key := range keys {
			for m := range key {
				fields = append(fields, m)
			}
		}
	}
	return params, fields
}

// checkWire fails when something a step sent or received has no Term; it
// adds what it checked to seen.
func checkWire(t *testing.T, seen map[string]bool, step StepInfo, exs []Exchange, checkFields bool) {
	t.Helper()
	for _, ex := range exs {
		params, fields := wireNames(ex)
		for _, n := range append(append([]string{}, params...), fields...) {
			seen[n] = true
		}
		for _, p := range params {
			if _, ok := step.Explain.Param(p); !ok {
				t.Errorf("step %s sends %q, which its explanation does not explain", step.ID, p)
			}
		}
		if !checkFields {
			continue
		}
		for _, f := range fields {
			if _, ok := step.Explain.Field(f); !ok {
				t.Errorf("step %s receives %q, which its explanation does not explain", step.ID, f)
			}
		}
	}
}

func TestExplanationsCoverTheWire(t *testing.T) {
	srv := demotest.Start(t)
	seen := map[string]bool{}
	for _, client := range []string{"demo-service", "demo-service-post"} {
		f := NewClientCredentials(demoProvider(t, srv, client), Options{})
		for _, r := range runAll(f) {
			if r.Status != Done {
				t.Fatalf("%s: %s: %v", client, r.Step.ID, r.Err)
			}
			checkWire(t, seen, r.Step, r.Exchanges, r.Step.ID != Discovery.ID)
		}
	}
	for _, client := range []string{"demo-public", "demo-confidential"} {
		f := NewAuthCode(authCodeProvider(t, srv, client), Options{})
		ar := startAuth(t, f)
		for _, p := range ExplainParams(ar.URL) {
			if _, ok := ACAuthRequest.Explain.Param(p.Name); !ok {
				t.Errorf("the authorization request sends %q, which its explanation does not explain", p.Name)
			}
		}
		redirect, err := demotest.Login(context.Background(), ar.URL, true)
		if err != nil {
			t.Fatal(err)
		}
		go deliver(t, redirect)
		for !f.Done() {
			r := f.Next(context.Background())
			if r.Status != Done {
				t.Fatalf("%s: %s: %v", client, r.Step.ID, r.Err)
			}
			switch r.Step.ID {
			case ACLogin.ID:
				// The login step receives the callback; the callback step
				// explains what it carries.
				checkWire(t, seen, ACCallback, r.Exchanges, false)
			case ACAPICall.ID:
				checkWire(t, seen, r.Step, r.Exchanges, false)
			default:
				checkWire(t, seen, r.Step, r.Exchanges, true)
			}
		}
	}
	// Guard against a vacuous pass: these must have been on the wire.
	for _, n := range []string{"grant_type", "client_secret", "Authorization: Basic", "code_verifier", "redirect_uri",
		"refresh_token", "code", "state", "access_token", "id_token", "keys", "kty", "kid", "sub", "Authorization: Bearer"} {
		if !seen[n] {
			t.Errorf("%q was never seen on the wire: the test no longer checks it", n)
		}
	}
}
