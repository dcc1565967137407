package flows

import (
	"context"
	"net/http"
	"time"

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
	Explain: discoveryExplain,
}

// discover runs the discovery step. With no issuer but explicit endpoints
// it is skipped and the endpoints stand in for the metadata. Settings that
// cannot work stop it before anything is sent (Refuse); the others are
// checked against the metadata before anything else is sent (Preflight).
func discover(ctx context.Context, client *http.Client, rec *Recorder, p providers.Provider, flowID string, opts Options) Result {
	r := Result{Step: Discovery}
	rec.SetStep(Discovery.Title)
	if err := Refuse(p, flowID); err != nil {
		return failed(r, err)
	}
	if p.Issuer == "" {
		r.Status = Skipped
		r.Notes = append(r.Notes, "no issuer given: using the endpoints set by hand, without discovery")
		r.Metadata = p.StaticMetadata()
		r.Warnings = Preflight(r.Metadata, p, flowID, time.Time{}, opts.now())
		return r
	}
	md, err := providers.Discover(ctx, client, p.Issuer)
	r.Exchanges = rec.Take()
	if err != nil {
		return byHandAfterFailure(failed(r, classifyDiscovery(err, r.Exchanges)), p, flowID, opts)
	}
	// Endpoints given by hand override the discovered ones.
	p.OverrideEndpoints(md)
	r.Metadata = md
	for _, w := range md.Warnings {
		r.Notes = append(r.Notes, "metadata: "+w)
	}
	r.Status = Done
	r.Notes = append(r.Notes, "metadata read from "+md.Source)
	date, arrived := serverDate(lastExchange(r.Exchanges))
	r.Warnings = Preflight(md, p, flowID, date, arrived)
	return r
}

// serverDate returns the Date header of ex's response (RFC 9110 §6.6.1)
// and when the response arrived by the recorder's clock; both are zero
// when there is no usable Date.
func serverDate(ex *Exchange) (date, arrived time.Time) {
	if ex == nil || ex.Response == nil {
		return time.Time{}, time.Time{}
	}
	d, err := http.ParseTime(ex.Response.Header.Get("Date"))
	if err != nil {
		return time.Time{}, time.Time{}
	}
	return d, ex.Start.Add(ex.Took)
}
