package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// UserinfoRequest is the step that presents an access token at the
// userinfo endpoint (OIDC Core §5.3.1).
var UserinfoRequest = StepInfo{
	ID:      "userinfo",
	Title:   "Userinfo",
	From:    Client,
	To:      AuthorizationServer,
	Summary: "present the access token as a bearer token and read the claims about its user (OIDC Core §5.3)",
	Explain: userinfoActionExplain,
}

// Userinfo calls the userinfo endpoint with an access token the user holds
// (OIDC Core §5.3): the token is the only credential, the client does not
// authenticate.
type Userinfo struct {
	stepper
	target Target
}

// NewUserinfo prepares the userinfo call with the access token t at p.
func NewUserinfo(p providers.Provider, opts Options, t Target) *Userinfo {
	f := &Userinfo{stepper: newStepper(p, opts), target: t}
	f.setPlan(nil,
		f.actionDiscovery(ActionUserinfo),
		plannedStep{info: UserinfoRequest, run: f.userinfo, stops: true},
	)
	return f
}

// Name implements Flow.
func (f *Userinfo) Name() string { return "Userinfo" }

// Secrets implements Flow: the token (the client secret is not sent, but
// is masked all the same).
func (f *Userinfo) Secrets() []string {
	return append([]string{f.provider.ClientSecret, f.target.Token}, userinfoSecrets(f.provider)...)
}

// Close implements Flow; the action holds nothing open.
func (f *Userinfo) Close() error { return nil }

func (f *Userinfo) userinfo(ctx context.Context) Result {
	const endpoint = "userinfo endpoint"
	r := Result{}
	if f.md == nil || f.md.UserinfoEndpoint == "" {
		return noEndpoint(r, endpoint, "userinfo_endpoint", "userinfo-url")
	}
	if f.target.Hint == HintRefreshToken {
		r.Warnings = append(r.Warnings, Warning{Check: "token_type", Ref: "OIDC Core §5.3.1; RFC 6749 §1.5",
			Message: "the token is marked as a refresh token: the userinfo endpoint takes an access token, and a refresh token goes only to the token endpoint"})
	}
	if t, err := inspect.Decode(f.target.Token); err == nil && t.Kind == inspect.KindJWS && t.StringClaim("nonce") != "" {
		r.Notes = append(r.Notes, "the token carries a nonce, as an ID token does: the userinfo endpoint takes the access token, not the ID token (OIDC Core §5.3.1)")
	}
	r = f.bearerGetWith(ctx, r, endpoint, f.md.UserinfoEndpoint, f.target.Token)
	if r.Status == Failed {
		return r
	}
	ex := lastExchange(r.Exchanges)
	body := ex.Response.Body
	if strings.HasPrefix(ex.Response.Header.Get("Content-Type"), "application/jwt") {
		jwt, err := inspect.Decode(string(body))
		if err != nil || jwt.Kind != inspect.KindJWS {
			r.Status = Done
			r.Notes = append(r.Notes, "the userinfo response is an encrypted or unreadable JWT (OIDC Core §5.3.2): only the client it is encrypted for can read it")
			return r
		}
		r.Notes = append(r.Notes, "the userinfo response is a signed JWT (OIDC Core §5.3.2); its claims are shown")
		r.Inspections = append(r.Inspections, Inspection{Label: "userinfo", Token: jwt})
		body = jwt.ClaimsJSON
		ex = &Exchange{Response: &Message{Status: ex.Response.Status, StatusCode: ex.Response.StatusCode, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}}
	}
	a, err := readAnswer(endpoint, ex, "a userinfo response")
	if err != nil {
		return failed(r, err)
	}
	r.Userinfo = a
	var sub any
	_ = json.Unmarshal(a.Field("sub"), &sub)
	if s, ok := sub.(string); !ok || s == "" {
		return failed(r, &HTTPError{Endpoint: endpoint, HTTPStatus: ex.Response.StatusCode, Status: ex.Response.Status,
			Problem: "answered without a sub claim (a string): a userinfo response must name its subject (OIDC Core §5.3.2)"})
	}
	r.Status = Done
	r.Notes = append(r.Notes, fmt.Sprintf("%d claims about the user; which ones depends on the scopes the token was granted (profile, email, address, phone; OIDC Core §5.4)", len(a.Fields)))
	return r
}
