package flows

import (
	"bytes"
	"encoding/json"
	"time"
)

// TokenSet is what a client holds after its token requests. Each token
// response replaces what it carries and leaves the rest: a refresh
// response without refresh_token leaves the refresh token the client has
// valid (RFC 6749 §6; Google and Auth0 without rotation answer so), one
// without id_token leaves the last ID token (OIDC Core §12.2). The access
// token, its type, lifetime and scope are the newest response's.
type TokenSet struct {
	AccessToken string
	TokenType   string
	// ExpiresIn is the newest response's lifetime in seconds (0 if none)
	// and Expiry when it ends.
	ExpiresIn int64
	Expiry    time.Time
	// Scope is the newest scope a response named (RFC 6749 §5.1: a
	// response without one granted what was asked).
	Scope        string
	RefreshToken string
	IDToken      string
	// RefreshTokenStep and IDTokenStep name the step whose response
	// carried the refresh token and the ID token held ("token",
	// "refresh").
	RefreshTokenStep string
	IDTokenStep      string
	// Responses are the token responses merged, oldest first.
	Responses []StepToken
}

// StepToken is a token response and the step that obtained it.
type StepToken struct {
	// Step is the step's ID: "token" (the code or client credentials
	// exchange) or "refresh".
	Step     string
	Response *TokenResponse
}

// with returns the set after step obtained tr.
func (s TokenSet) with(step string, tr *TokenResponse) TokenSet {
	s.Responses = append(append([]StepToken(nil), s.Responses...), StepToken{Step: step, Response: tr})
	s.AccessToken, s.TokenType = tr.AccessToken, tr.TokenType
	s.ExpiresIn, s.Expiry = tr.ExpiresIn, tr.Expiry
	if tr.Scope != "" {
		s.Scope = tr.Scope
	}
	if tr.RefreshToken != "" {
		s.RefreshToken, s.RefreshTokenStep = tr.RefreshToken, step
	}
	if tr.IDToken != "" {
		s.IDToken, s.IDTokenStep = tr.IDToken, step
	}
	return s
}

// secrets lists every token the set has seen, for a Masker: a spent
// refresh token is still a secret in a transcript.
func (s TokenSet) secrets() []string {
	var out []string
	for _, r := range s.Responses {
		out = append(out, r.Response.AccessToken, r.Response.RefreshToken, r.Response.IDToken)
	}
	return out
}

// tokenSetJSON fixes the members' order: the RFC 6749 §5.1 names first,
// so that a script reads .access_token or .refresh_token as it would from
// one token response.
type tokenSetJSON struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type,omitempty"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	ExpiresAt    string `json:"expires_at,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
	Responses    []struct {
		Step     string          `json:"step"`
		Response json.RawMessage `json:"response"`
	} `json:"responses"`
}

// JSON is the set as one JSON object: access_token, token_type,
// expires_in, expires_at (RFC 3339, UTC), refresh_token, id_token and
// scope as held, members absent when empty; and responses, every token
// response as the server sent it (a form-encoded one as JSON), oldest
// first, each with the step that obtained it: {"step": "token",
// "response": {...}}.
func (s TokenSet) JSON() json.RawMessage {
	out := tokenSetJSON{AccessToken: s.AccessToken, TokenType: s.TokenType, ExpiresIn: s.ExpiresIn,
		RefreshToken: s.RefreshToken, IDToken: s.IDToken, Scope: s.Scope}
	if !s.Expiry.IsZero() {
		out.ExpiresAt = s.Expiry.UTC().Format(time.RFC3339)
	}
	out.Responses = make([]struct {
		Step     string          `json:"step"`
		Response json.RawMessage `json:"response"`
	}, len(s.Responses))
	for i, r := range s.Responses {
		out.Responses[i].Step = r.Step
		out.Responses[i].Response = r.Response.JSON
		if !json.Valid(r.Response.JSON) {
			out.Responses[i].Response = json.RawMessage("null")
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
	return bytes.TrimSpace(b.Bytes())
}
