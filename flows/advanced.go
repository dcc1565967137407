package flows

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The request options beyond a grant's own inputs that every grant's
// requests may carry: the resource indicator, the API to call, the
// authorization request's prompt, login_hint and max_age, and extra
// parameters. The command line has a flag each (named as the inputs
// are); the TUI's settings form shows them as rows under an "Advanced"
// switch that stays out of the way (AdvancedOptions), read from and
// written to the provider's settings (AdvancedValues, ApplyAdvanced).

// InputAdvanced is the switch that shows the advanced rows.
const InputAdvanced = "advanced"

// AdvancedShown is InputAdvanced's value that shows them.
const AdvancedShown = "shown"

// advancedOptions are declared once here; a surface that has flags of its
// own for them (the command line) does not take them from Grants.
var advancedOptions = []Input{
	{Name: InputAdvanced, Label: "Advanced", Choices: []string{"hidden", AdvancedShown},
		Help: "more request options: the resource indicator, the API to call, prompt, login_hint, max_age and extra parameters"},
	{Name: "resource", Label: "Resource", Under: InputAdvanced, Check: checkAbsoluteURI,
		Help: "the resource indicator (RFC 8707 §2): the API the token is for, an absolute URI sent as resource"},
	{Name: "api-url", Label: "API URL", Under: InputAdvanced, Check: checkHTTPURL,
		Help: "the API the API-call step calls with the access token (RFC 6750 §2.1)"},
	{Name: "prompt", Label: "Prompt", Under: InputAdvanced, Check: checkPrompt,
		Help: "prompt for the authorization request: login, consent, select_account or none, space-separated (OIDC Core §3.1.2.1)"},
	{Name: "login-hint", Label: "Login hint", Under: InputAdvanced,
		Help: "login_hint: the user name (or email) the login page is prefilled with (OIDC Core §3.1.2.1)"},
	{Name: "max-age", Label: "Max age", Under: InputAdvanced, Check: checkMaxAge,
		Help: "max_age: seconds since the user last logged in after which the server must ask again; the ID token's auth_time then tells (OIDC Core §3.1.2.1)"},
	{Name: "auth-param", Label: "Auth params", Under: InputAdvanced, Check: checkParams,
		Help: "extra authorization request parameters, as name=value&name=value (e.g. access_type=offline for Google)"},
	{Name: "param", Label: "Token params", Under: InputAdvanced, Check: checkParams,
		Help: "extra token request parameters, as name=value&name=value"},
}

// AdvancedOptions lists the advanced request options, the switch first.
func AdvancedOptions() []Input { return append([]Input(nil), advancedOptions...) }

// AdvancedValues reads the advanced options' values from p's settings,
// for a form to start from.
func AdvancedValues(p providers.Provider) Inputs {
	in := Inputs{"resource": p.Resource, "api-url": p.APIURL}
	auth := url.Values{}
	for k, vs := range p.AuthParams {
		switch k {
		case "prompt":
			in["prompt"] = strings.Join(vs, " ")
		case "login_hint":
			in["login-hint"] = strings.Join(vs, " ")
		case "max_age":
			in["max-age"] = strings.Join(vs, " ")
		default:
			auth[k] = vs
		}
	}
	in["auth-param"] = auth.Encode()
	in["param"] = url.Values(p.TokenParams).Encode()
	return in
}

// ApplyAdvanced sets the advanced options' values on p: what is given
// replaces what p had, what is empty clears it (the form shows every
// value p had, so an emptied row means none).
func ApplyAdvanced(p *providers.Provider, in Inputs) error {
	p.Resource, p.APIURL = strings.TrimSpace(in["resource"]), strings.TrimSpace(in["api-url"])
	auth, err := url.ParseQuery(strings.TrimSpace(in["auth-param"]))
	if err != nil {
		return fmt.Errorf("the Auth params row: %w", err)
	}
	for k, name := range map[string]string{"prompt": "prompt", "login_hint": "login-hint", "max_age": "max-age"} {
		if v := strings.TrimSpace(in[name]); v != "" {
			auth.Set(k, v)
		}
	}
	tok, err := url.ParseQuery(strings.TrimSpace(in["param"]))
	if err != nil {
		return fmt.Errorf("the Token params row: %w", err)
	}
	p.AuthParams, p.TokenParams = nil, nil
	if len(auth) > 0 {
		p.AuthParams = auth
	}
	if len(tok) > 0 {
		p.TokenParams = tok
	}
	return nil
}

func checkAbsoluteURI(v string) error {
	u, err := url.Parse(v)
	switch {
	case err != nil || !u.IsAbs():
		return errors.New("not an absolute URI (RFC 8707 §2): e.g. https://api.example.com")
	case u.Fragment != "" || strings.Contains(v, "#"):
		return errors.New("a resource indicator has no fragment (RFC 8707 §2)")
	}
	return nil
}

func checkHTTPURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("not an http(s) URL")
	}
	return nil
}

func checkPrompt(v string) error {
	for _, w := range strings.Fields(v) {
		switch w {
		case "login", "consent", "select_account", "none":
		default:
			return fmt.Errorf("%q is not a prompt value: use login, consent, select_account or none (OIDC Core §3.1.2.1)", w)
		}
	}
	return nil
}

func checkMaxAge(v string) error {
	if n, err := strconv.Atoi(v); err != nil || n < 0 {
		return errors.New("a number of seconds, 0 or more")
	}
	return nil
}

func checkParams(v string) error {
	q, err := url.ParseQuery(v)
	if err != nil {
		return errors.New("write them as name=value&name=value")
	}
	for k := range q {
		if k == "" {
			return errors.New("a parameter without a name: write name=value")
		}
	}
	return nil
}
