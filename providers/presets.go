package providers

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Preset is a provider people use, with the few fields that identify a
// tenant of it (a tenant id, a domain, a realm), the endpoints it derives
// from them, its known quirks, and where to find the values in the
// provider's console.
type Preset struct {
	// ID names the preset in --provider, in the providers file
	// (preset = "entra") and as Provider.Name.
	ID string
	// Name is the product's name, e.g. "Microsoft Entra ID".
	Name string
	// Fields are what Build needs, in the order to ask for them.
	Fields []PresetField
	// OIDC tells whether the provider is an OpenID provider: ID tokens,
	// userinfo, discovery. GitHub is not.
	OIDC bool
	// AnyPort tells whether the provider accepts a loopback redirect URI on
	// any port once http://127.0.0.1/callback (or localhost) is registered
	// (RFC 8252 §7.3). When false, register an exact URI with a fixed port
	// and pass the same with --redirect-uri (redirect_uri in the file).
	AnyPort bool
	// ConsoleHelp says where the client id, the secret and the fields are
	// found in the provider's console.
	ConsoleHelp string
	// RedirectHelp says which redirect URI to register.
	RedirectHelp string
	// RedirectURI is the redirect URI to use when none is configured, for
	// providers that refuse the default http://127.0.0.1:FREE-PORT/callback
	// (RFC 8252 §7.3); empty means that default.
	RedirectURI string
	// Quirks are the provider's departures from the specifications and its
	// surprises, one sentence each; they are copied to Provider.Quirks.
	Quirks []string
	// Docs is the provider's documentation for developers.
	Docs string

	// Scopes are the default scopes; APIURL the default API to call.
	Scopes []string
	APIURL string
	// AuthParams are default extra authorization request parameters.
	AuthParams url.Values

	build func(f map[string]string) (Provider, error)
}

// PresetField is one value a preset needs.
type PresetField struct {
	// Name is the key in the providers file (tenant = "…") and in the
	// map Build takes.
	Name string
	// Flag is the command-line flag without dashes ("tenant" for --tenant).
	// The same flag always means the same Name across presets.
	Flag string
	// Label is a short title for a form.
	Label string
	// Help says what the value is and where to find it, in a sentence.
	Help string
	// Example is a value of the right shape.
	Example string
	// Default is used when the value is empty; required fields have none.
	Default  string
	Required bool
}

// MissingFieldError is returned by Build when a required field is empty.
type MissingFieldError struct {
	Preset string
	Field  PresetField
}

// Error names the flag and the file key that give the field.
func (e *MissingFieldError) Error() string {
	return fmt.Sprintf("preset %s needs --%s (%s = %q in the providers file): %s",
		e.Preset, e.Field.Flag, e.Field.Name, e.Field.Example, e.Field.Help)
}

// Presets returns the presets in the order to list them. The slice is
// made afresh: callers may change it.
func Presets() []Preset { return presetTable() }

// PresetByID finds a preset by its ID.
func PresetByID(id string) (Preset, bool) {
	for _, p := range presetTable() {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}

// PresetIDs lists the presets' IDs, for messages.
func PresetIDs() []string {
	var ids []string
	for _, p := range presetTable() {
		ids = append(ids, p.ID)
	}
	return ids
}

func presetTable() []Preset {
	return []Preset{
		googlePreset(), entraPreset(), githubPreset(), gitlabPreset(), auth0Preset(), oktaPreset(),
		keycloakPreset(), cognitoPreset(), zitadelPreset(), oryPreset(), dexPreset(), salesforcePreset(), slackPreset(),
	}
}

// Build makes the provider settings from the fields (by PresetField.Name;
// unknown names are ignored). Empty fields take their default; a missing
// required one is a *MissingFieldError naming its flag. The client id,
// secret and auth method are left for the caller.
func (p Preset) Build(fields map[string]string) (Provider, error) {
	f := make(map[string]string, len(p.Fields))
	for _, pf := range p.Fields {
		v := strings.TrimSpace(fields[pf.Name])
		if v == "" {
			v = pf.Default
		}
		if v == "" && pf.Required {
			return Provider{}, &MissingFieldError{Preset: p.ID, Field: pf}
		}
		f[pf.Name] = v
	}
	prov, err := p.build(f)
	if err != nil {
		return Provider{}, fmt.Errorf("preset %s: %w", p.ID, err)
	}
	prov.Name, prov.Preset = p.ID, p.ID
	prov.Quirks = append([]string(nil), p.Quirks...)
	prov.Scopes = append([]string(nil), p.Scopes...)
	if prov.APIURL == "" {
		prov.APIURL = p.APIURL
	}
	prov.RedirectURI = p.RedirectURI
	if len(p.AuthParams) > 0 {
		prov.AuthParams = url.Values{}
		for k, vs := range p.AuthParams {
			prov.AuthParams[k] = append([]string(nil), vs...)
		}
	}
	return prov, nil
}

// Field returns the preset's field with that name.
func (p Preset) Field(name string) (PresetField, bool) {
	for _, f := range p.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return PresetField{}, false
}

// baseURL reads a field that holds a site: a URL or a bare host name
// ("dev-123.okta.com" means https://dev-123.okta.com). It must be https,
// or http on a loopback host for a local test server; the path is kept
// (without a trailing slash), a query or fragment is refused.
func baseURL(field, raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not a URL or host name", field, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%s %q: give the site only, without a query, fragment or user", field, raw)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && IsLoopbackHost(u.Hostname()):
	default:
		return nil, fmt.Errorf("%s %q: use https (http only for 127.0.0.1 or localhost), or configure the provider with issuer = … instead of a preset", field, raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// hostOnly reads a field that must be a bare host (a domain), accepting a
// URL with no path as well.
func hostOnly(field, raw string) (string, error) {
	u, err := baseURL(field, raw)
	if err != nil {
		return "", err
	}
	if u.Path != "" {
		return "", fmt.Errorf("%s %q: give the domain only, without a path (e.g. %s)", field, raw, u.Host)
	}
	return u.Scheme + "://" + u.Host, nil
}

// IsLoopbackHost tells whether host (a name or an IP literal, without a
// port; brackets allowed) is this machine: localhost or a loopback IP
// (RFC 8252 §7.3, §8.3).
func IsLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pathSegment checks a value that becomes one segment of a URL path.
func pathSegment(field, v string) error {
	if v == "" || strings.ContainsAny(v, "/?#% \t") {
		return fmt.Errorf("%s %q must be a single name, without slashes or spaces", field, v)
	}
	return nil
}

// issuerFromURL builds the presets whose issuer is the URL the user gives
// (its "url" field), as is.
func issuerFromURL(f map[string]string) (Provider, error) {
	u, err := baseURL("url", f["url"])
	if err != nil {
		return Provider{}, err
	}
	return Provider{Issuer: u.String()}, nil
}
