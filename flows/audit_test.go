package flows

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows/masktest"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// audit collects what a user can see or export without asking to reveal,
// each flow's results masked as the TUI and the commands mask them (with
// that flow's Secrets), and every secret that must not show.
type audit struct {
	shown   strings.Builder
	secrets []masktest.Secret
	// raw holds the error texts and diagnoses before any masking: they
	// must not name URL userinfo even there.
	raw strings.Builder
	all []Exchange
}

// run runs f to its end and renders its results; opaque lists the values
// of f.Secrets() that may show nothing at all (client secrets, verifier).
func (a *audit) run(f Flow, opaque ...string) []Result {
	var rs []Result
	for !f.Done() {
		rs = append(rs, f.Next(context.Background()))
	}
	a.render(rs, Masker{Secrets: f.Secrets()})
	a.add(f.Secrets(), opaque...)
	return rs
}

func (a *audit) add(values []string, opaque ...string) {
	for _, v := range values {
		if contains(opaque, v) {
			a.secrets = append(a.secrets, masktest.Opaque("client secret or verifier", v))
		} else {
			a.secrets = append(a.secrets, masktest.Token("token or code", v))
		}
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func (a *audit) render(rs []Result, m Masker) {
	for _, r := range rs {
		a.all = append(a.all, r.Exchanges...)
		_ = WriteTranscript(&a.shown, r.Exchanges, m)
		for _, ex := range r.Exchanges {
			a.shown.WriteString(FormatRequest(ex, m) + FormatResponse(ex, m) + m.URL(ex.Request.URL) + "\n")
		}
		for _, n := range r.Notes {
			a.shown.WriteString(m.Text(n) + "\n")
		}
		for _, w := range r.Warnings {
			a.shown.WriteString(m.Text(w.Message) + "\n")
		}
		if r.Err != nil {
			a.shown.WriteString(m.Text(r.Err.Error()) + "\n")
			a.raw.WriteString(r.Err.Error() + "\n")
		}
		if d := r.Diagnosis; d != nil {
			md := m.Diagnosis(d)
			a.shown.WriteString(fmt.Sprint(md.What, md.Causes, md.Try, md.Ref) + "\n")
			a.raw.WriteString(fmt.Sprint(d.What, d.Causes, d.Try, d.Ref) + "\n")
		}
		if r.AuthRequest != nil {
			a.shown.WriteString(m.URL(r.AuthRequest.URL) + "\n")
		}
		if r.Token != nil {
			a.shown.WriteString(m.JSON(string(r.Token.JSON)) + "\n")
		}
	}
}

// TestSecretsAudit runs the flows against the demo provider and against a
// server that echoes secrets, sets cookies and breaks connections, with URL
// userinfo in issuer and token URLs, adds recorded exchanges holding every
// kind of secret, and renders everything a user can see: transcripts,
// requests and responses, notes, warnings, errors and diagnoses. No
// fragment of a secret longer than what the masking may show (a token's
// first six characters; nothing of a client secret, a verifier, a cookie
// or userinfo) may appear.
func TestSecretsAudit(t *testing.T) {
	srv := demotest.Start(t)
	hostile := startHostile(t)
	var a audit

	// Client credentials with Basic and with client_secret_post (the secret
	// in a form body), then with a wrong secret (an error path).
	for _, id := range []string{"demo-service", "demo-service-post"} {
		p := demoProvider(t, srv, id)
		a.run(NewClientCredentials(p, Options{}), p.ClientSecret)
	}
	bad := demoProvider(t, srv, "demo-service")
	bad.ClientSecret = masktest.Fake("wrong client secret")
	a.run(NewClientCredentials(bad, Options{}), bad.ClientSecret)

	// Authorization code with refresh: every token rotates once.
	acp := authCodeProvider(t, srv, "demo-confidential")
	ac := NewAuthCode(acp, Options{})
	ar := startAuth(t, ac)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	a.run(ac, acp.ClientSecret, ac.verifier)
	a.add([]string{ac.cb.Code})

	// A code replayed after use is an error path that echoes request data.
	replay := NewAuthCode(acp, Options{})
	startAuth(t, replay)
	if err := replay.Paste(redirect); err != nil {
		t.Fatal(err)
	}
	a.run(replay, acp.ClientSecret, replay.verifier)
	demoExchanges, demoSecrets := len(a.all), len(a.secrets)

	// A token endpoint that quotes the client secret in its error (as it is
	// and URL-encoded: it has characters that encoding changes) and sets
	// cookies, reached through a token URL with userinfo.
	echoedSecret := masktest.Fake("echoed client secret")[:20] + "+/=" + masktest.Fake("echoed client secret")[20:]
	echo := providers.Provider{TokenURL: masktest.WithUserinfo(hostile.URL + "/echo/token"), ClientID: "svc",
		ClientSecret: echoedSecret, AuthMethod: providers.AuthPost}
	a.run(NewClientCredentials(echo, Options{}), echo.ClientSecret, masktest.User, masktest.Password)
	a.secrets = append(a.secrets, hostileCookies()...)
	// One that answers every secret field, nested, in its token response.
	fields := echo
	fields.TokenURL = masktest.WithUserinfo(hostile.URL + "/fields/token")
	a.run(NewClientCredentials(fields, Options{}), fields.ClientSecret, masktest.User, masktest.Password)
	a.secrets = append(a.secrets, hostileFields()...)
	// One that drops the connection: a transport error naming the URL.
	broken := echo
	broken.TokenURL = masktest.WithUserinfo(hostile.URL + "/abort/token")
	a.run(NewClientCredentials(broken, Options{}), broken.ClientSecret, masktest.User, masktest.Password)

	// Discovery with userinfo in the issuer: a mismatch (the demo names its
	// issuer without it), metadata not found, and no response.
	for _, issuer := range []string{srv.Issuer(), hostile.URL + "/tenant", hostile.URL + "/abort"} {
		p := demoProvider(t, srv, "demo-service")
		p.Issuer = masktest.WithUserinfo(issuer)
		rs := a.run(NewClientCredentials(p, Options{}), p.ClientSecret, masktest.User, masktest.Password)
		if rs[0].Err == nil {
			t.Errorf("discovery at %s with userinfo did not fail", issuer)
		}
	}

	// Recorded exchanges with every kind of secret, masked by meaning only.
	fixtures, fixtureSecrets := masktest.Exchanges()
	a.render([]Result{{Exchanges: fromFixtures(fixtures)}}, Masker{})
	a.secrets = append(a.secrets, fixtureSecrets...)

	if n := countAudited(a.secrets); n < 60 {
		t.Fatalf("only %d secrets audited: the audit would prove little", n)
	}
	for _, leak := range masktest.Leaks(a.shown.String(), a.secrets) {
		t.Errorf("shown in clear: %s", leak)
	}
	for _, leak := range masktest.Leaks(a.raw.String(), masktest.UserinfoSecrets()) {
		t.Errorf("an error or diagnosis names URL userinfo before any masking: %s", leak)
	}
	if !strings.Contains(a.shown.String(), "http://••••@127.0.0.1:") {
		t.Error("no URL with hidden userinfo was shown: the userinfo cases did not run")
	}
	// Masking by meaning alone (no literal list) hides every field of
	// the demo's exchanges: the demo echoes no secret in its errors.
	var byName strings.Builder
	_ = WriteTranscript(&byName, a.all[:demoExchanges], Masker{})
	for _, leak := range masktest.Leaks(byName.String(), a.secrets[:demoSecrets]) {
		t.Errorf("masking by meaning alone shows: %s", leak)
	}
	// Revealed on request.
	var revealed strings.Builder
	_ = WriteTranscript(&revealed, a.all, Masker{Reveal: true})
	if !strings.Contains(revealed.String(), ac.Token().AccessToken) {
		t.Error("reveal does not show the access token")
	}
}

func countAudited(s []masktest.Secret) int {
	n := 0
	for _, v := range s {
		if len(v.Value) >= masktest.MinLen {
			n++
		}
	}
	return n
}
