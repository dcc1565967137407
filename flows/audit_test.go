package flows

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestSecretsAudit runs both flows against the demo provider, with a
// confidential client, and renders everything a user can see or export
// without asking to reveal: the transcript, each request and response, the
// notes, errors and diagnoses. No secret may appear in clear.
func TestSecretsAudit(t *testing.T) {
	srv := demotest.Start(t)

	var results []Result
	var secrets []string

	// Client credentials, then the same with a wrong secret (an error path).
	cc := NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{})
	results = append(results, runAll(cc)...)
	secrets = append(secrets, cc.Secrets()...)
	bad := demoProvider(t, srv, "demo-service")
	bad.ClientSecret = "a-wrong-but-secret-value"
	wrong := NewClientCredentials(bad, Options{})
	results = append(results, runAll(wrong)...)
	secrets = append(secrets, wrong.Secrets()...)

	// Authorization code with refresh: every token rotates once.
	ac := NewAuthCode(authCodeProvider(t, srv, "demo-confidential"), Options{})
	ar := startAuth(t, ac)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	for !ac.Done() {
		results = append(results, ac.Next(context.Background()))
	}
	secrets = append(secrets, ac.Secrets()...)
	secrets = append(secrets, ac.verifier, ac.cb.Code)

	// A code replayed after use is an error path that echoes request data.
	replay := NewAuthCode(authCodeProvider(t, srv, "demo-confidential"), Options{})
	startAuth(t, replay)
	if err := replay.Paste(redirect); err != nil {
		t.Fatal(err)
	}
	for !replay.Done() {
		results = append(results, replay.Next(context.Background()))
	}
	secrets = append(secrets, replay.Secrets()...)

	var kept []string
	for _, s := range secrets {
		if len(s) >= 8 {
			kept = append(kept, s)
		}
	}
	if len(kept) < 10 {
		t.Fatalf("only %d secrets collected: the audit would prove little", len(kept))
	}
	m := Masker{Secrets: kept}

	var shown strings.Builder
	var all []Exchange
	for _, r := range results {
		all = append(all, r.Exchanges...)
		for _, ex := range r.Exchanges {
			shown.WriteString(FormatRequest(ex, m))
			shown.WriteString(FormatResponse(ex, m))
			shown.WriteString(m.URL(ex.Request.URL))
		}
		for _, n := range r.Notes {
			shown.WriteString(m.Text(n))
		}
		if r.Err != nil {
			shown.WriteString(m.Text(r.Err.Error()))
		}
		if d := r.Diagnosis; d != nil {
			shown.WriteString(m.Text(fmt.Sprint(d.What, d.Causes, d.Try)))
		}
		if r.AuthRequest != nil {
			shown.WriteString(m.URL(r.AuthRequest.URL))
		}
	}
	if err := WriteTranscript(&shown, all, m); err != nil {
		t.Fatal(err)
	}
	out := shown.String()
	for _, s := range kept {
		if strings.Contains(out, s) {
			t.Errorf("a secret (%.6s…, %d chars) appears in clear", s, len(s))
		}
	}
	// Masking by parameter name alone (no literal list) still hides the
	// form and JSON fields.
	var byName strings.Builder
	if err := WriteTranscript(&byName, all, Masker{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", ac.verifier, ac.Token().RefreshToken} {
		if strings.Contains(byName.String(), s) {
			t.Errorf("masking by name shows %.6s…", s)
		}
	}
	// Revealed on request.
	var revealed strings.Builder
	_ = WriteTranscript(&revealed, all, Masker{Reveal: true})
	if !strings.Contains(revealed.String(), ac.Token().AccessToken) {
		t.Error("reveal does not show the access token")
	}
}
