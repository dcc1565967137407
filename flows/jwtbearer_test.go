package flows

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// bearerFlow runs the JWT bearer grant against the demo with the demo JWT
// client, its key in memory, and inputs in.
func bearerFlow(srv *demo.Server, in Inputs, opts Options) []Result {
	opts.Inputs = in
	return runAll(NewJWTBearer(jwtProvider(srv), opts))
}

func TestJWTBearerAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, sub := range []string{"demo-user-1", demo.JWTClientID} {
		t.Run(sub, func(t *testing.T) {
			rs := bearerFlow(srv, Inputs{"subject": sub}, Options{})
			if len(rs) != 4 {
				t.Fatalf("%d steps", len(rs))
			}
			for _, r := range rs {
				if r.Status != Done {
					t.Fatalf("step %s: %v %v %+v", r.Step.Title, r.Status, r.Err, r.Diagnosis)
				}
			}
			// The Assertion step sends nothing and shows the JWT decoded.
			a := rs[1]
			if len(a.Exchanges) != 0 || len(a.Inspections) != 1 || a.Inspections[0].Verification == nil || !a.Inspections[0].Verification.Valid {
				t.Fatalf("assertion step: %+v", a)
			}
			tok := a.Inspections[0].Token
			if tok.StringClaim("iss") != demo.JWTClientID || tok.StringClaim("sub") != sub || tok.StringClaim("aud") != srv.Endpoints().Token || tok.StringClaim("jti") == "" {
				t.Errorf("claims %s", tok.ClaimsJSON)
			}
			ex := rs[2].Exchanges[len(rs[2].Exchanges)-1]
			form, _ := url.ParseQuery(string(ex.Request.Body))
			if form.Get("grant_type") != jwtBearerGrantType || form.Get("assertion") != tok.Raw || form.Get("client_assertion") == "" {
				t.Errorf("form %v", form)
			}
			text := FormatRequest(ex, Masker{Secrets: []string{tok.Raw}})
			if !strings.Contains(text, "assertion decoded (the JWT bearer grant") || !strings.Contains(text, "· whom the token is for") || strings.Contains(text, tok.Raw) {
				t.Errorf("request text:\n%s", text)
			}
			var sent []string
			for _, p := range rs[2].Sent {
				sent = append(sent, p.Name)
				if p.Name == "assertion" && p.Meaning == "" {
					t.Error("assertion unexplained")
				}
			}
			if got := strings.Join(sent, " "); !strings.Contains(got, "assertion.sub") || !strings.Contains(got, "client_assertion.sub") {
				t.Errorf("sent %s", got)
			}
			if at := rs[3].Inspections[0].Token; at.StringClaim("sub") != sub || at.StringClaim("client_id") != demo.JWTClientID {
				t.Errorf("access token %s", at.ClaimsJSON)
			}
		})
	}
}

// TestJWTBearerRefused: each main failure gets its own diagnosis.
func TestJWTBearerRefused(t *testing.T) {
	srv := demotest.Start(t)
	dir := t.TempDir()
	other := filepath.Join(dir, "other.pem")
	pemText, _, err := clientkey.Generate("ES256")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, pemText, 0o600); err != nil {
		t.Fatal(err)
	}
	past := func() time.Time { return time.Now().Add(-time.Hour) }
	for _, tc := range []struct {
		name string
		in   Inputs
		opts Options
		step int
		code string
	}{
		{"wrong key", Inputs{"subject": "demo-user-1", "jwt-key": other}, Options{}, 2, "assertion_signature"},
		// No client authentication (RFC 7523 §3.1): the past clock would
		// date the client assertion too.
		{"expired", Inputs{"subject": "demo-user-1", "jwt-issuer": demo.JWTClientID, "anonymous": "yes"}, Options{Now: past}, 2, "assertion_expired"},
		{"wrong aud", Inputs{"subject": "demo-user-1", "jwt-audience": "https://elsewhere.example/token"}, Options{}, 2, "assertion_audience"},
		{"unknown subject", Inputs{"subject": "mallory"}, Options{}, 2, "assertion_subject"},
		{"untrusted issuer", Inputs{"subject": "demo-user-1", "jwt-issuer": "demo-service"}, Options{}, 2, "assertion_issuer"},
		{"no key file", Inputs{"subject": "demo-user-1", "jwt-key": filepath.Join(dir, "missing.pem")}, Options{}, 1, "assertion_key"},
		{"alg the key cannot sign", Inputs{"subject": "demo-user-1", "jwt-alg": "RS256"}, Options{}, 1, "assertion_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []Result
			if tc.in["anonymous"] != "" {
				p := jwtProvider(srv)
				p.ClientID, p.AuthMethod = "", "none"
				tc.opts.Inputs = tc.in
				rs = runAll(NewJWTBearer(p, tc.opts))
			} else {
				rs = bearerFlow(srv, tc.in, tc.opts)
			}
			r := rs[len(rs)-1]
			if len(rs) != tc.step+1 || r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != tc.code {
				t.Fatalf("ended at step %d (%s) %v: %+v", len(rs)-1, r.Step.Title, r.Err, r.Diagnosis)
			}
			if len(r.Diagnosis.Causes) == 0 || len(r.Diagnosis.Try) == 0 || !strings.Contains(r.Diagnosis.Ref, "RFC 7523 §3") {
				t.Errorf("diagnosis %+v", r.Diagnosis)
			}
		})
	}
}

// TestJWTBearerDiagnosisWords: the cause a server's words name comes
// first, for a replayed jti too (which a run cannot provoke: each makes a
// new one), and unsupported_grant_type is the grant's.
func TestJWTBearerDiagnosisWords(t *testing.T) {
	for desc, code := range map[string]string{
		"the assertion's jti abc was already used":       "assertion_replayed",
		"Assertion expired":                              "assertion_expired",
		"invalid signature":                              "assertion_signature",
		"audience is invalid":                            "assertion_audience",
		"issuer not trusted":                             "assertion_issuer",
		"something else":                                 "invalid_grant",
		"subject demo-user-1 is unknown to issuer x.y.z": "assertion_subject",
	} {
		d := Diagnose(&OAuthError{Endpoint: "token endpoint", Code: "invalid_grant", Description: desc, GrantType: jwtBearerGrantType})
		if d.Code != code || len(d.Causes) < 6 {
			t.Errorf("%q: %s %v", desc, d.Code, d.Causes)
		}
	}
	d := Diagnose(&OAuthError{Endpoint: "token endpoint", Code: "unsupported_grant_type", GrantType: jwtBearerGrantType})
	if !strings.Contains(d.Ref, "RFC 7523 §2.1") {
		t.Errorf("unsupported_grant_type: %+v", d)
	}
}
