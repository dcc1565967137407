package flows

import (
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// Access tokens that Microsoft Entra ID issues for Microsoft Graph carry a
// "nonce" in their JOSE header, and the signature covers a hash of that
// nonce, not the nonce sent: only Graph can check them, and every other
// verifier reports a bad signature whatever it does. Microsoft's answer:
// https://github.com/AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet/issues/609
// (and "the access token is for the API; only the API validates it",
// https://learn.microsoft.com/entra/identity-platform/access-tokens).

// graphAudiences are Microsoft Graph's identifiers: its application ID and
// its resource URI.
var graphAudiences = []string{"00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com"}

// isGraphNonceToken tells whether t is a Microsoft Graph access token with
// a nonce in its header: one whose signature no client can check.
func isGraphNonceToken(t *inspect.Token) bool {
	if t == nil || t.Kind != inspect.KindJWS {
		return false
	}
	hasNonce := false
	for _, h := range t.Header {
		hasNonce = hasNonce || h.Name == "nonce"
	}
	if !hasNonce {
		return false
	}
	for _, a := range t.Audience() {
		for _, g := range graphAudiences {
			if strings.EqualFold(strings.TrimSuffix(a, "/"), g) {
				return true
			}
		}
	}
	return false
}

// graphSignatureAdvice explains the failed signature check of such a token.
var graphSignatureAdvice = advice{
	causes: []string{
		"this is an access token for Microsoft Graph (aud " + graphAudiences[0] + " or " + graphAudiences[1] + ") with a nonce in its JOSE header: Entra signs a hash of that nonce, not the header as sent, so no one but Graph can verify it; the token is not broken and the key is not missing",
	},
	try: []string{
		"do not verify Graph's tokens: send them to Graph, which checks them; an access token is for its API, not for the client (RFC 9068 §4)",
		"to have a token this client or your own API can verify, ask for your API's scope (api://API-CLIENT-ID/.default or a scope it exposes) in {setting:scope}",
	},
	ref: "Microsoft: https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens; RFC 7515 §5.2; RFC 9068 §4",
}
