package tokencache

import "time"

// Entry is one cached token set and what it was obtained for. The
// description fields (Provider to Resource) say what the key was, in
// clear, for `cache list`; they hold no secret. The token fields are
// secrets: only the files' mode protects them.
type Entry struct {
	// Provider, ClientID, Grant, Scope (asked, sorted), Audience and
	// Resource describe the key.
	Provider string `json:"provider"`
	ClientID string `json:"client_id"`
	Grant    string `json:"grant"`
	Scope    string `json:"scope,omitempty"`
	Audience string `json:"audience,omitempty"`
	Resource string `json:"resource,omitempty"`
	// Issuer is the provider's issuer, when it has one.
	Issuer string `json:"issuer,omitempty"`

	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	// GrantedScope is the scope the server named in its answer, if any.
	GrantedScope string `json:"granted_scope,omitempty"`
	// Expiry is when the access token expires; zero when unknown (the
	// token is then never reused, only refreshed).
	Expiry time.Time `json:"expiry,omitzero"`
	// Obtained is when the tokens were obtained or last refreshed.
	Obtained time.Time `json:"obtained"`
}

// Describe fills e's description fields from k; issuer may be empty.
func (e *Entry) Describe(k Key, issuer string) {
	e.Provider, e.ClientID, e.Grant = k.Provider, k.ClientID, k.Grant
	e.Scope, e.Audience, e.Resource = k.ScopeText(), k.Audience, k.Resource
	e.Issuer = issuer
}

// Fresh reports whether the access token may be used at now: it has one,
// its expiry is known and more than margin away. The margin leaves the
// caller time to use the token before the server refuses it.
func (e Entry) Fresh(now time.Time, margin time.Duration) bool {
	return e.AccessToken != "" && !e.Expiry.IsZero() && now.Add(margin).Before(e.Expiry)
}
