package flows

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestUserinfoSubject: a userinfo response about another subject than the
// ID token's must not be used (OIDC Core §5.3.2), whether it is JSON or a
// signed JWT.
func TestUserinfoSubject(t *testing.T) {
	key := newTestRSAKey(t)
	idToken := signRS256(t, key, "k1", map[string]any{"iss": "https://id.example", "sub": "alice", "aud": "web-app"})
	jwtAbout := func(sub string) string {
		return signRS256(t, key, "k1", map[string]any{"iss": "https://id.example", "sub": sub, "aud": "web-app"})
	}
	cases := []struct {
		name, ctype, body string
		fail              string // "": the step succeeds
		note              string
	}{
		{name: "same sub", ctype: "application/json", body: `{"sub":"alice","name":"Alice"}`, note: "sub matches the ID token's"},
		{name: "another sub", ctype: "application/json", body: `{"sub":"mallory","name":"Alice"}`, fail: `userinfo names sub "mallory" but the ID token names "alice"`},
		{name: "sub differs in case", ctype: "application/json", body: `{"sub":"Alice"}`, fail: `userinfo names sub "Alice"`},
		{name: "no sub", ctype: "application/json", body: `{"name":"Alice"}`, fail: "without a sub claim"},
		{name: "signed JWT, same sub", ctype: "application/jwt", body: jwtAbout("alice"), note: "sub matches the ID token's"},
		{name: "signed JWT, another sub", ctype: "application/jwt", body: jwtAbout("mallory"), fail: `userinfo names sub "mallory" but the ID token names "alice"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer at-1" {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				w.Header().Set("Content-Type", tc.ctype)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			f := NewAuthCode(providers.Provider{ClientID: "web-app"}, Options{Transport: srv.Client().Transport})
			f.md = &providers.Metadata{Issuer: "https://id.example", UserinfoEndpoint: srv.URL + "/userinfo"}
			f.tok = &TokenResponse{AccessToken: "at-1", IDToken: idToken}
			r := f.userinfo(context.Background())
			if tc.fail == "" {
				if r.Status != Done || r.Err != nil {
					t.Fatalf("status %v, err %v", r.Status, r.Err)
				}
				if !strings.Contains(strings.Join(r.Notes, "\n"), tc.note) {
					t.Errorf("notes %q lack %q", r.Notes, tc.note)
				}
				return
			}
			if r.Status != Failed || r.Err == nil {
				t.Fatalf("status %v, err %v: want a failure", r.Status, r.Err)
			}
			if !strings.Contains(r.Err.Error(), tc.fail) {
				t.Errorf("error %q lacks %q", r.Err, tc.fail)
			}
			var tce *TokenCheckError
			if strings.Contains(tc.fail, "names sub") && (!errors.As(r.Err, &tce) || tce.Check != "sub") {
				t.Errorf("error %T %v: want a TokenCheckError for sub", r.Err, r.Err)
			}
			if r.Diagnosis == nil || r.Diagnosis.What == "" {
				t.Errorf("no diagnosis for %v", r.Err)
			}
		})
	}
}
