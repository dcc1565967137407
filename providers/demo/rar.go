package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// Rich Authorization Requests (RFC 9396) in the demo: op reads no
// authorization_details, so Authorize reads it from the request's form,
// checks it, and hands it to CreateAuthRequest through the context; the
// code's token response and its access token carry it back (§7, §9.1).

// detailsTypes are the authorization_details types the demo accepts
// (RFC 9396 §10: authorization_details_types_supported).
var detailsTypes = []string{"payment_initiation", "account_information", "demo_api"}

// detailsKey is the context key of the authorization_details checked by
// Authorize, for CreateAuthRequest.
type detailsKey struct{}

// readDetails checks an authorization_details value: a JSON array of
// objects whose type the demo knows (RFC 9396 §2, §5). It returns it
// compacted.
func readDetails(v string) (json.RawMessage, *oidc.Error) {
	var items []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(v), &items); err != nil || len(items) == 0 {
		return nil, invalidDetails("authorization_details must be a non-empty JSON array of objects (RFC 9396 section 2)")
	}
	for i, it := range items {
		var typ string
		if json.Unmarshal(it["type"], &typ) != nil || typ == "" {
			return nil, invalidDetails("authorization_details item %d has no type (RFC 9396 section 2)", i+1)
		}
		if !slices.Contains(detailsTypes, typ) {
			return nil, invalidDetails("authorization_details type %s is not supported; the demo knows payment_initiation, account_information and demo_api (RFC 9396 section 5)", typ)
		}
	}
	var b bytes.Buffer
	_ = json.Compact(&b, []byte(v))
	return b.Bytes(), nil
}

func invalidDetails(format string, args ...any) *oidc.Error {
	return (&oidc.Error{ErrorType: "invalid_authorization_details"}).WithDescription(format, args...)
}

// withDetails puts checked authorization_details on ctx.
func withDetails(ctx context.Context, d json.RawMessage) context.Context {
	return context.WithValue(ctx, detailsKey{}, d)
}

// detailsFrom returns the authorization_details on ctx, nil when none.
func detailsFrom(ctx context.Context) json.RawMessage {
	d, _ := ctx.Value(detailsKey{}).(json.RawMessage)
	return d
}

// discoveryWithPAR is op's discovery document with the members op does
// not know: PAR (RFC 9126 §5) and RAR (RFC 9396 §10).
type discoveryWithPAR struct {
	*oidc.DiscoveryConfiguration
	PushedAuthorizationRequestEndpoint string   `json:"pushed_authorization_request_endpoint"`
	RequirePushedAuthorizationRequests bool     `json:"require_pushed_authorization_requests"`
	AuthorizationDetailsTypesSupported []string `json:"authorization_details_types_supported"`
	DPoPSigningAlgValuesSupported      []string `json:"dpop_signing_alg_values_supported"`
}

// tokenWithDetails is a token response with the authorization_details
// granted (RFC 9396 §7).
type tokenWithDetails struct {
	*oidc.AccessTokenResponse
	AuthorizationDetails json.RawMessage `json:"authorization_details,omitempty"`
}
