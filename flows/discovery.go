package flows

import (
	"context"
	"net/http"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Discovery is the step that reads the provider's metadata
// (OpenID Connect Discovery 1.0 §4, RFC 8414 §3).
var Discovery = StepInfo{
	ID:      "discovery",
	Title:   "Discovery",
	From:    Client,
	To:      AuthorizationServer,
	Summary: "read the server's metadata: its endpoints and what it supports",
}

// discover runs the discovery step. With no issuer but explicit endpoints
// it is skipped and the endpoints stand in for the metadata.
func discover(ctx context.Context, client *http.Client, rec *Recorder, p providers.Provider) Result {
	r := Result{Step: Discovery}
	rec.SetStep(Discovery.Title)
	if p.Issuer == "" {
		r.Status = Skipped
		r.Notes = append(r.Notes, "no issuer given: using the endpoints set by hand, without discovery")
		r.Metadata = &providers.Metadata{TokenEndpoint: p.TokenURL, AuthorizationEndpoint: p.AuthURL, JWKSURI: p.JWKSURL}
		return r
	}
	md, err := providers.Discover(ctx, client, p.Issuer)
	r.Exchanges = rec.Take()
	if err != nil {
		var last *Exchange
		if n := len(r.Exchanges); n > 0 {
			last = &r.Exchanges[n-1]
		}
		r.Status = Failed
		r.Err = classifyDiscovery(err, last)
		r.Diagnosis = Diagnose(r.Err)
		return r
	}
	// Endpoints given by hand override the discovered ones.
	if p.TokenURL != "" {
		md.TokenEndpoint = p.TokenURL
	}
	if p.AuthURL != "" {
		md.AuthorizationEndpoint = p.AuthURL
	}
	if p.JWKSURL != "" {
		md.JWKSURI = p.JWKSURL
	}
	r.Metadata = md
	r.Status = Done
	r.Notes = append(r.Notes, "metadata read from "+md.Source)
	return r
}

func classifyDiscovery(err error, ex *Exchange) error {
	if ex != nil && ex.Response == nil && ex.Err != nil {
		return transportError("discovery", ex.Request.URL, ex.Err)
	}
	if ex != nil && ex.Response != nil && ex.Response.StatusCode != http.StatusOK {
		return &HTTPError{Endpoint: "discovery", HTTPStatus: ex.Response.StatusCode, Status: ex.Response.Status,
			Problem: "answered " + ex.Response.Status + " at " + ex.Request.URL + ": is the issuer URL right?"}
	}
	return err
}
