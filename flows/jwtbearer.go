package flows

import (
	"context"
	"errors"
	"net/url"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// FlowIDJWTBearer is the --flow value of the JWT bearer grant.
const FlowIDJWTBearer = "jwt-bearer"

// jwtBearerGrantType is the grant_type of the JWT bearer grant (RFC 7523
// §2.1).
const jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// The values of the jwt-audience input besides a URL of one's own.
const (
	JWTAudToken  = "token"
	JWTAudIssuer = "issuer"
)

// jwtAlgAuto is the jwt-alg value that takes the key's usual algorithm.
const jwtAlgAuto = "auto"

// The inputs of the JWT bearer grant: the key that signs the assertion
// (by default the client's own key, as for private_key_jwt), and the
// claims that say who vouches for whom (RFC 7523 §3).
var (
	jwtKeyInput = Input{Name: "jwt-key", Label: "JWT key", Flag: "jwt-key",
		Help: "the PEM (PKCS#8, PKCS#1, EC) or JWK file of the private key that signs the assertion; its public key is registered with the server as the issuer's (default: the client key of private_key_jwt; 'oauth-explorer keys generate' makes a pair) (RFC 7523 §3 item 9)"}
	jwtKeyIDInput = Input{Name: "jwt-key-id", Label: "JWT key ID", Flag: "jwt-key-id",
		Help: "the assertion's kid header: the id the server knows the issuer's public key by (default: the JWK's kid, or the client key's) (RFC 7515 §4.1.4)"}
	jwtAlgInput = Input{Name: "jwt-alg", Label: "JWT algorithm", Flag: "jwt-alg", Default: jwtAlgAuto,
		Choices: []string{jwtAlgAuto, "RS256", "PS256", "ES256", "EdDSA"}, // auto, then clientkey.Algorithms
		Help:    "how the assertion is signed: auto for the key's usual algorithm, or RS256, PS256, ES256, EdDSA (RFC 7518 §3.1; RFC 7523 §3 item 9)"}
	jwtIssuerInput = Input{Name: "jwt-issuer", Label: "JWT issuer", Flag: "jwt-issuer",
		Help: "the assertion's iss: who makes and signs it, a party the server trusts to vouch for subjects (default: the client id, a client vouching for itself or for its users) (RFC 7523 §3 item 1)"}
	jwtSubjectInput = Input{Name: "subject", Label: "Subject", Flag: "subject", Required: true,
		Help: "the assertion's sub: whom the token is for, a user id the server knows (the demo's user is demo-user-1) or the client id for the client itself (RFC 7523 §3 item 2)"}
	jwtAudienceInput = Input{Name: "jwt-audience", Label: "JWT audience", Flag: "jwt-audience", Default: JWTAudToken,
		Help: "the assertion's aud: token for the token endpoint URL, issuer for the issuer (Auth0, RFC 7523bis), or a URL or name of your own; the server refuses an assertion meant for another (RFC 7523 §3 item 3)"}
	jwtBearerInputs = []Input{jwtSubjectInput, jwtIssuerInput, jwtAudienceInput, jwtKeyInput, jwtKeyIDInput, jwtAlgInput}
)

// The steps of the JWT bearer grant after discovery.
var (
	JBAssertion = StepInfo{ID: "assertion", Title: "Assertion", From: Client, To: Client,
		Summary: "build and sign the JWT that vouches for the subject, and decode it: nothing is sent yet (RFC 7523 §3)", Explain: jbAssertionExplain}
	JBToken = StepInfo{ID: "token", Title: "Token request", From: Client, To: AuthorizationServer,
		Summary: "the client sends the assertion as the grant and gets an access token for its subject (RFC 7523 §2.1)", Explain: jbTokenExplain}
)

// JWTBearer is the JWT bearer authorization grant (RFC 7523 §2.1): the
// client presents a JWT, signed by an issuer the authorization server
// trusts, that names a subject; the server checks it and issues an access
// token for that subject, with no user at a browser. Service accounts
// (Google's domain-wide delegation) and on-behalf-of flows are built on
// it. The request goes out on x/oauth2's client credentials request with
// its grant_type replaced, recorded like every grant's.
type JWTBearer struct {
	stepper
	keyFile, keyID, alg string
	issuer, subject     string
	audience            string
	// assertion is the signed JWT the Assertion step made.
	assertion string
}

// NewJWTBearer prepares the grant for p with the inputs in opts.Inputs.
func NewJWTBearer(p providers.Provider, opts Options) *JWTBearer {
	f := &JWTBearer{
		stepper:  newStepper(p, opts),
		keyFile:  opts.input(jwtKeyInput),
		keyID:    opts.input(jwtKeyIDInput),
		alg:      opts.input(jwtAlgInput),
		issuer:   opts.input(jwtIssuerInput),
		subject:  opts.input(jwtSubjectInput),
		audience: opts.input(jwtAudienceInput),
	}
	if f.issuer == "" {
		f.issuer = p.ClientID
	}
	f.setPlan(nil,
		f.discovery(FlowIDJWTBearer),
		plannedStep{info: JBAssertion, run: f.makeAssertion, stops: true},
		plannedStep{info: JBToken, run: f.requestToken, stops: true},
		plannedStep{info: VerifyAccessToken, run: f.verify},
	)
	return f
}

// Name implements Flow.
func (f *JWTBearer) Name() string { return "JWT bearer" }

// Secrets implements Flow: the assertion is a credential until it
// expires (RFC 7523 §5), as the tokens issued are.
func (f *JWTBearer) Secrets() []string {
	s := append([]string{f.provider.ClientSecret, f.assertion}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow: it stops the document server of client-id-url serve.
func (f *JWTBearer) Close() error { return f.closeDocument() }

// requestToken sends the assertion as the grant (RFC 7523 §2.1) and
// reads the token response (RFC 6749 §5.1) or the error (RFC 7523 §3.1).
func (f *JWTBearer) requestToken(ctx context.Context) Result {
	r := Result{}
	p := f.provider
	switch {
	case f.assertion == "":
		return failed(r, errors.New("JWT bearer: no assertion was made"))
	case f.md == nil || f.md.TokenEndpoint == "":
		return failed(r, errors.New("JWT bearer: no token endpoint: the discovery document has none and none was given"))
	}
	own := url.Values{"grant_type": {jwtBearerGrantType}, "assertion": {f.assertion}}
	r, ok := f.postGrant(ctx, r, JBToken.ID, own)
	if !ok {
		return r
	}
	r.Status = Done
	r.Notes = append(r.Notes, "the server accepted the assertion: the access token is for "+clip(f.subject, 80)+", on the word of "+clip(f.issuer, 80))
	if r.Token.RefreshToken != "" {
		r.Notes = append(r.Notes, "a refresh token came too, though RFC 7523 §2.1 expects none: the client can make a fresh assertion whenever it needs a token")
	}
	if n := scopeNote(p.Scopes, r.Token.Scope, r.Token.RefreshToken != ""); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return r
}

// verify checks the access token issued as the other grants do.
func (f *JWTBearer) verify(ctx context.Context) Result {
	return verifyAccessToken(ctx, f.client, f.rec, f.md, f.provider, f.tok, f.opts)
}
