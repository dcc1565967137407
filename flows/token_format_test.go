package flows

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// tokenStep runs the client credentials grant against a token endpoint
// served by h (no discovery) and returns the token step's result.
func tokenStep(t *testing.T, h http.HandlerFunc) Result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := NewClientCredentials(providers.Provider{TokenURL: srv.URL + "/token", ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}, Options{})
	for !f.Done() {
		if r := f.Next(context.Background()); r.Step.ID == CCTokenRequest.ID {
			return r
		}
	}
	t.Fatal("no token step ran")
	return Result{}
}

func formatAnswer(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, body)
	}
}

// TestFormatQuirksKeepTheToken: a token response that bends RFC 6749
// §5.1's format still gives its token, with a note naming the quirk.
func TestFormatQuirksKeepTheToken(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		expires int64
		note    string
		// json holds members the set's responses must show as sent.
		json string
	}{
		// Entra ID's v1 endpoint (/{tenant}/oauth2/token) sends expires_in,
		// ext_expires_in and expires_on as strings:
		// https://github.com/MicrosoftDocs/azure-docs/issues/54997,
		// https://github.com/zabbly/incus/issues/65.
		{"Entra v1 string", formatAnswer("application/json; charset=utf-8",
			`{"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","expires_on":"1733519689","resource":"https://graph.microsoft.com","access_token":"eyJ0eXAiOiJKV1QifQ.e30.sig"}`),
			3599, `expires_in is the string "3599"`, `"ext_expires_in":"3599"`},
		// A server that computes the remaining lifetime sends a fraction;
		// x/oauth2 then fails with strconv.ParseInt and the token was lost:
		// https://github.com/CMSgov/bluebutton-web-server/pull/512.
		{"decimal", formatAnswer("application/json", `{"access_token":"opaque-at-1","token_type":"Bearer","expires_in":3600.5}`),
			3600, "expires_in is 3600.5, not an integer", `"expires_in":3600.5`},
		{"decimal string", formatAnswer("application/json", `{"access_token":"opaque-at-1","token_type":"Bearer","expires_in":"3599.9"}`),
			3599, `expires_in is "3599.9", not an integer`, `"expires_in":"3599.9"`},
		// GitHub answers form-encoded unless the request says Accept:
		// application/json ("By default, the response takes the following
		// form"), with expiring user tokens carrying expires_in and
		// refresh_token_expires_in:
		// https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps,
		// https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens.
		{"GitHub form", formatAnswer("application/x-www-form-urlencoded; charset=utf-8",
			"access_token=ghu_16C7e42F292c6912E7710c838347Ae178B4a&expires_in=28800&refresh_token=ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498&refresh_token_expires_in=15811200&scope=&token_type=bearer"),
			28800, "form-encoded", `{"access_token":"ghu_16C7e42F292c6912E7710c838347Ae178B4a","expires_in":28800,"refresh_token":"ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498","refresh_token_expires_in":15811200,"scope":"","token_type":"bearer"}`},
		// LinkedIn's token response has no token_type:
		// https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow,
		// https://github.com/cmd-johnson/deno-oauth2-client/issues/37.
		{"no token_type", formatAnswer("application/json", `{"access_token":"AQUvlL_DYEzvT2wz1QJiEPeLioeA","expires_in":5184000,"scope":"r_basicprofile"}`),
			5184000, "has no token_type", `"expires_in":5184000`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tokenStep(t, tc.handler)
			if r.Status != Done || r.Token == nil || r.Tokens == nil {
				t.Fatalf("status %v, err %v: the token was lost", r.Status, r.Err)
			}
			if r.Token.AccessToken == "" || r.Tokens.AccessToken != r.Token.AccessToken {
				t.Errorf("access token %q, set %q", r.Token.AccessToken, r.Tokens.AccessToken)
			}
			if r.Token.ExpiresIn != tc.expires || r.Tokens.ExpiresIn != tc.expires {
				t.Errorf("expires_in %d (set %d), want %d", r.Token.ExpiresIn, r.Tokens.ExpiresIn, tc.expires)
			}
			if r.Token.Expiry.IsZero() {
				t.Error("no expiry computed")
			}
			if notes := strings.Join(r.Notes, "\n"); !strings.Contains(notes, tc.note) {
				t.Errorf("notes lack %q:\n%s", tc.note, notes)
			}
			js := string(r.Tokens.JSON())
			if !json.Valid([]byte(js)) || !strings.Contains(js, tc.json) {
				t.Errorf("set JSON lacks %s:\n%s", tc.json, js)
			}
			var top map[string]any
			_ = json.Unmarshal([]byte(js), &top)
			if n, ok := top["expires_in"].(float64); !ok || int64(n) != tc.expires {
				t.Errorf("the set's expires_in is %#v, want the number %d", top["expires_in"], tc.expires)
			}
		})
	}
}

// TestFormatQuirksStillRefused: what is not a token stays an error, and a
// lifetime no clock holds fails the step without losing the token.
func TestFormatQuirksStillRefused(t *testing.T) {
	r := tokenStep(t, formatAnswer("application/json", `{"access_token":"x","token_type":"Bearer","expires_in":1e300}`))
	if r.Status != Failed || r.Token == nil || r.Token.AccessToken != "x" {
		t.Errorf("expires_in 1e300: status %v, token %+v", r.Status, r.Token)
	}
	for _, body := range []string{`{"token_type":"Bearer","expires_in":3600.5}`, `{"access_token":"","expires_in":3600.5}`, `{"access_token":"x","error":"invalid_grant","expires_in":1.5}`} {
		if r := tokenStep(t, formatAnswer("application/json", body)); r.Status != Failed || r.Token != nil {
			t.Errorf("%s: status %v, token %+v", body, r.Status, r.Token)
		}
	}
}

// TestFormValuesAsJSON: in a form-encoded answer, plain integers become
// numbers; tokens, secrets and text members stay strings whatever they
// hold.
func TestFormValuesAsJSON(t *testing.T) {
	_, js := orderedFields("application/x-www-form-urlencoded", []byte("access_token=12345&expires_in=3600&scope=123&n=007&big=12345678901234567&neg=-5&refresh_token_expires_in=15811200"))
	want := `{"access_token":"12345","expires_in":3600,"scope":"123","n":"007","big":"12345678901234567","neg":"-5","refresh_token_expires_in":15811200}`
	if string(js) != want {
		t.Errorf("got  %s\nwant %s", js, want)
	}
}
