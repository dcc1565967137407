package flows

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// loggedInRefreshToken logs in at the demo with the authorization code
// flow as clientID and returns the refresh token of the code exchange,
// unspent.
func loggedInRefreshToken(t *testing.T, p providers.Provider) string {
	t.Helper()
	res := runLoggedIn(t, p, Options{KeepRefreshToken: true})
	tok := res["token"].Token
	if tok == nil || tok.RefreshToken == "" {
		t.Fatalf("the code exchange gave no refresh token: %v", res["token"].Err)
	}
	return tok.RefreshToken
}

// runRefresh runs the refresh grant for p with the refresh token rt and
// returns every step's result by step ID.
func runRefresh(t *testing.T, p providers.Provider, rt string) (map[string]Result, *Refresh) {
	t.Helper()
	f := NewRefresh(p, Options{Inputs: Inputs{refreshTokenInput.Name: rt}})
	t.Cleanup(func() { f.Close() })
	res := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		res[r.Step.ID] = r
	}
	return res, f
}

// TestRefreshGrantRotates: a refresh token from a login at the demo,
// brought to the refresh grant, buys a new access token and a new refresh
// token; the notes say it rotated, the new ID token is verified, the
// access token checked, and the refresh token is among the secrets.
func TestRefreshGrantRotates(t *testing.T) {
	srv := demotest.Start(t)
	for _, client := range []string{"demo-public", "demo-confidential"} {
		t.Run(client, func(t *testing.T) {
			p := authCodeProvider(t, srv, client)
			rt := loggedInRefreshToken(t, p)
			res, f := runRefresh(t, p, rt)
			ref := res[RTRefresh.ID]
			if ref.Status != Done || ref.Token == nil {
				t.Fatalf("refresh: %v %v", ref.Status, ref.Err)
			}
			if ref.Token.AccessToken == "" || ref.Token.RefreshToken == "" || ref.Token.RefreshToken == rt {
				t.Error("no new access token and rotated refresh token")
			}
			if ref.Tokens == nil || ref.Tokens.RefreshToken != ref.Token.RefreshToken || ref.Tokens.RefreshTokenStep != RTRefresh.ID {
				t.Error("the token set does not hold the new refresh token")
			}
			notes := strings.Join(ref.Notes, "\n")
			for _, want := range []string{"the refresh token rotated", "a new access token was issued", "a new ID token came with it and passed its checks"} {
				if !strings.Contains(notes, want) {
					t.Errorf("notes lack %q:\n%s", want, notes)
				}
			}
			if len(ref.Inspections) == 0 || ref.Inspections[0].Verification == nil || !ref.Inspections[0].Verification.Valid {
				t.Errorf("the refreshed ID token was not verified: %+v", ref.Inspections)
			}
			if !strings.Contains(string(ref.Exchanges[0].Request.Body), "grant_type=refresh_token") {
				t.Errorf("request body %q", ref.Exchanges[0].Request.Body)
			}
			if v := res[VerifyAccessToken.ID]; v.Status != Done {
				t.Errorf("verify: %v %v", v.Status, v.Err)
			}
			secrets := strings.Join(f.Secrets(), " ")
			if !strings.Contains(secrets, rt) || !strings.Contains(secrets, ref.Token.RefreshToken) {
				t.Error("the refresh tokens are not among the secrets")
			}
		})
	}
}

// TestRefreshGrantSpentToken: a refresh token already rotated away fails
// with invalid_grant, and the diagnosis says it was spent.
func TestRefreshGrantSpentToken(t *testing.T) {
	srv := demotest.Start(t)
	p := authCodeProvider(t, srv, "demo-public")
	rt := loggedInRefreshToken(t, p)
	if res, _ := runRefresh(t, p, rt); res[RTRefresh.ID].Status != Done {
		t.Fatalf("first refresh: %v", res[RTRefresh.ID].Err)
	}
	res, f := runRefresh(t, p, rt)
	r := res[RTRefresh.ID]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_grant" {
		t.Fatalf("spent token: status %v, diagnosis %+v", r.Status, r.Diagnosis)
	}
	if causes := strings.Join(r.Diagnosis.Causes, "\n"); !strings.Contains(causes, "already spent") || !strings.Contains(causes, "rotat") {
		t.Errorf("the diagnosis does not say the token was spent:\n%s", causes)
	}
	if !f.Done() {
		t.Error("the flow goes on after a refused refresh")
	}
}

// TestRefreshGrantNoToken: without a refresh token the refresh step fails
// before sending anything, naming the setting.
func TestRefreshGrantNoToken(t *testing.T) {
	srv := demotest.Start(t)
	res, _ := runRefresh(t, authCodeProvider(t, srv, "demo-public"), "")
	r := res[RTRefresh.ID]
	if r.Status != Failed || len(r.Exchanges) != 0 || !strings.Contains(r.Err.Error(), "{setting:refresh-token}") {
		t.Fatalf("status %v, %d exchanges, err %v", r.Status, len(r.Exchanges), r.Err)
	}
}

// TestInputsDeclared: a secret input has an environment variable and no
// flag (the command line never takes a secret as an argument); every
// input has a label and a help line, and its name is unique (a request
// option or a client option, shared by the grants, once per grant).
func TestInputsDeclared(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range Grants() {
		for _, in := range g.Inputs {
			shared := slices.ContainsFunc(slices.Concat(RequestOptions(), ClientOptions()), func(o Input) bool { return o.Name == in.Name })
			if in.Name == "" || in.Label == "" || in.Help == "" || seen[in.Name] && !shared || utf8.RuneCountInString(in.Label) > MaxInputLabel {
				t.Errorf("grant %s: input %+v not declared whole or twice", g.ID, in)
			}
			seen[in.Name] = true
			if in.Secret && (in.Flag != "" || in.Env == "") {
				t.Errorf("grant %s: secret input %s must come from an environment variable, not a flag", g.ID, in.Name)
			}
			if got, ok := InputByName(in.Name); !ok || got.Label != in.Label {
				t.Errorf("InputByName(%q) = %+v", in.Name, got)
			}
		}
	}
	if !seen["refresh-token"] {
		t.Error("the refresh grant declares no refresh-token input")
	}
}
