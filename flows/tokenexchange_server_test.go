package flows

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// exchangeServer serves a discovery document advertising grants and a
// token endpoint answering with status and body, for the answers the demo
// provider does not give.
func exchangeServer(t *testing.T, grants []string, status int, body string) providers.Provider {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]any{
				"issuer": srv.URL, "token_endpoint": srv.URL + "/token", "jwks_uri": srv.URL + "/jwks",
				"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
				"id_token_signing_alg_values_supported": []string{"RS256"}, "grant_types_supported": grants,
			})
		case "/token":
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return providers.Provider{Issuer: srv.URL, ClientID: "svc", ClientSecret: "svc-secret", AuthMethod: providers.AuthBasic}
}

// TestTokenExchangeNotSupported: a server whose grant_types_supported
// lacks token exchange is warned about before anything is sent (RFC 8414
// §2), and its unsupported_grant_type (RFC 6749 §5.2) is diagnosed as a
// server without RFC 8693.
func TestTokenExchangeNotSupported(t *testing.T) {
	p := exchangeServer(t, []string{"authorization_code", "client_credentials"}, http.StatusBadRequest,
		`{"error":"unsupported_grant_type","error_description":"grant type not supported"}`)
	res, _ := runExchange(t, p, Inputs{subjectTokenInput.Name: "opaque-subject-token"})
	var warned bool
	for _, w := range res[Discovery.ID].Warnings {
		warned = warned || w.Check == "grant_type" && strings.Contains(w.Message, tokenExchangeGrantType)
	}
	if !warned {
		t.Errorf("no pre-flight warning: %+v", res[Discovery.ID].Warnings)
	}
	d := res[TXExchange.ID].Diagnosis
	if d == nil || d.Code != "unsupported_grant_type" || !strings.Contains(strings.Join(d.Causes, " "), "does not implement token exchange") ||
		!strings.Contains(strings.Join(d.Try, " "), "grant_types_supported") {
		t.Errorf("diagnosis: %+v", d)
	}
}

// TestTokenExchangeAnswers: answers the demo does not give, read as RFC
// 8693 §2.2 has them: no issued_token_type (required, §2.2.1), another
// type than requested, a refresh token along; invalid_target without an
// audience or resource (§2.2.2), naming that the default was refused.
func TestTokenExchangeAnswers(t *testing.T) {
	p := exchangeServer(t, []string{tokenExchangeGrantType}, http.StatusOK,
		`{"access_token":"opaque-issued","token_type":"Bearer","expires_in":60,"refresh_token":"opaque-rt"}`)
	res, _ := runExchange(t, p, Inputs{subjectTokenInput.Name: "opaque-subject-token", requestedTokenTypeInput.Name: TokenTypeJWT})
	ex := res[TXExchange.ID]
	if ex.Status != Done {
		t.Fatalf("exchange: %v", ex.Err)
	}
	notes := strings.Join(ex.Notes, "\n")
	for _, want := range []string{"no issued_token_type, which RFC 8693 §2.2.1 requires", "a refresh token came with the exchange"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if body := string(ex.Exchanges[0].Request.Body); !strings.Contains(body, "requested_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt") {
		t.Errorf("requested_token_type not sent: %s", body)
	}

	p = exchangeServer(t, []string{tokenExchangeGrantType}, http.StatusOK,
		`{"access_token":"eyJhbGciOiJub25lIn0.e30.","issued_token_type":"urn:ietf:params:oauth:token-type:jwt","token_type":"N_A"}`)
	res, _ = runExchange(t, p, Inputs{subjectTokenInput.Name: "opaque-subject-token", requestedTokenTypeInput.Name: TokenTypeAccessToken})
	notes = strings.Join(res[TXExchange.ID].Notes, "\n")
	for _, want := range []string{"asked for access_token, the server issued jwt", "token_type is N_A (not applicable)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}

	p = exchangeServer(t, []string{tokenExchangeGrantType}, http.StatusBadRequest, `{"error":"invalid_target"}`)
	res, _ = runExchange(t, p, Inputs{subjectTokenInput.Name: "opaque-subject-token"})
	if d := res[TXExchange.ID].Diagnosis; d == nil || d.Code != "invalid_target" || !strings.Contains(d.Causes[0], "no audience or resource") {
		t.Errorf("invalid_target: %+v", d)
	}
}

// TestTokenExchangeActCheck: the act check reads delegation, nested
// delegation and impersonation as RFC 8693 §1.1 and §4.1 describe them,
// and warns when the answer does not match what was sent.
func TestTokenExchangeActCheck(t *testing.T) {
	for _, tc := range []struct {
		name, claims string
		actorSent    bool
		warn         bool
		says         string
	}{
		{"impersonation", `{"sub":"alice"}`, false, false, "impersonation: no act claim"},
		{"delegation", `{"sub":"alice","act":{"sub":"svc"}}`, true, false, "delegation: svc acts on behalf of alice"},
		{"chain", `{"sub":"alice","act":{"sub":"svc","act":{"sub":"api1"}}}`, true, false, "before it, api1 acted"},
		{"other actor", `{"sub":"alice","act":{"sub":"api2"}}`, true, true, "the actor token's sub was svc, not api2"},
		{"actor ignored", `{"sub":"alice"}`, true, true, "an actor token was sent but the issued token has no act"},
		{"act without sub", `{"sub":"alice","act":{"iss":"x"}}`, false, true, "names no sub"},
		{"server's own actor", `{"sub":"alice","act":{"sub":"svc"}}`, false, false, "the server named the actor itself"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := decodeClaims(t, tc.claims)
			actor := decodeClaims(t, `{"sub":"svc"}`)
			c := actCheck(tok, nil, actor, tc.actorSent)
			if (c.Status == inspect.StatusWarn) != tc.warn || !strings.Contains(c.Detail, tc.says) {
				t.Errorf("status %v, detail %q", c.Status, c.Detail)
			}
		})
	}
}

// decodeClaims decodes an unsigned JWT carrying claims.
func decodeClaims(t *testing.T, claims string) *inspect.Token {
	t.Helper()
	tok, err := inspect.Decode("eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
