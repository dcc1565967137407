package flows

import (
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// byHandAfterFailure lets a flow go on when discovery failed but the
// endpoints the flow needs were given by hand (a server with broken or
// missing metadata): the failed result becomes a warning, the exchanges
// stay on it for the user to see, and the endpoints given stand in for
// the metadata. The issuer given is still the one the tokens' iss must
// name. Without those endpoints the failure stands.
func byHandAfterFailure(r Result, p providers.Provider, flowID string, opts Options) Result {
	if !endpointsByHand(p, flowID) {
		return r
	}
	r.Warnings = append(r.Warnings, Warning{Check: "discovery",
		Message: "discovery failed (" + strings.Join(strings.Fields(r.Err.Error()), " ") + "); going on with the endpoints given by hand, without the server's metadata",
		Ref:     "OpenID Connect Discovery 1.0 §4; RFC 8414 §3"})
	md := p.StaticMetadata()
	r.Metadata = md
	r.Status, r.Err, r.Diagnosis = Done, nil, nil
	r.Warnings = append(r.Warnings, Preflight(md, p, flowID, time.Time{}, opts.now())...)
	return r
}

// endpointsByHand tells whether p names every endpoint flowID cannot do
// without: the token endpoint, and for the authorization code grant the
// authorization endpoint too.
func endpointsByHand(p providers.Provider, flowID string) bool {
	if p.TokenURL == "" {
		return false
	}
	return flowID != FlowIDAuthCode || p.AuthURL != ""
}
