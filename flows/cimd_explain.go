package flows

import (
	"fmt"
	"strings"
)

// clientDocumentExplain explains the client ID document step
// (draft-ietf-oauth-client-id-metadata-document).
var clientDocumentExplain = &Explanation{
	Purpose: "The client identifies itself with a URL instead of a registered client_id: the URL is the client_id, and at that URL the client publishes a JSON document of its metadata (name, redirect URIs, grant types). A server that has never seen the client fetches the document when the client first shows up, and trusts what it says. This step builds the document the run needs, fetches the URL the way the server will and compares.",
	Parties: "The client hosts its document on its own web site; the authorization server fetches it (a server-to-server request the client does not see) at the authorization request, and may again later. No registration endpoint is called and no secret is issued: unlike RFC 7591 registration, the client gets nothing from the server, and the same client_id works at every server that supports the draft. Here the run fetches it first, so that you see what the server will see.",
	Params: []Term{
		{"GET", "the client_id URL itself, fetched as the server will: no credentials, no redirect followed", "draft §5"},
		{"Accept", "application/json: the document is JSON", "draft §4"},
	},
	Fields: []Term{
		{"Content-Type", "application/json (or a more specific application/…+json); the status must be 200 OK, and a server must not follow a redirect, so a URL shortener will not do", "draft §4, §5"},
		{"client_id", "the URL the document is served at, exactly: the server compares the two as strings, so https://app.example/c and https://app.example:443/c differ", "draft §3, §4"},
		{"redirect_uris", "the redirect URIs the server registers from the document: the authorization request must name one exactly; here the run's loopback redirect", "draft §4.2; RFC 9700 §4.1"},
		{"grant_types", "the grants the client uses", "RFC 7591 §2"},
		{"response_types", "code for the authorization code grant", "RFC 7591 §2"},
		{"token_endpoint_auth_method", "none for a public client; never a client_secret_* method, since nothing shares a secret with the server (private_key_jwt with jwks or jwks_uri is allowed)", "draft §4.1, §8.2"},
		{"client_name", "a name for people; the server should also show the URL's host name, which is what really identifies the client", "RFC 7591 §2; draft §8.5"},
		{"scope", "the scopes the client may ask for", "RFC 7591 §2"},
		{"client_secret", "must not be there: a document anyone can read cannot hold a secret; servers read at most about 5 kilobytes of a document", "draft §4.1, §8.7"},
	},
	Notice: []string{
		"The URL must be https, with a path, and no fragment, user name, password or . and .. segments. A server on loopback (a development server, like the demo) may fetch from loopback http; real servers fetch from the internet and refuse special-use addresses to avoid server-side request forgery.",
		"A server says it takes documents with client_id_metadata_document_supported in its metadata; a server that does not will answer that the client is unknown.",
		"The server may cache the document (it should honour the HTTP cache headers) but must not cache errors: a fixed document works at the next request.",
		"The MCP authorization specification (2025-11-25) asks clients to use a pre-registered client first, then a client ID metadata document when the server supports them, then dynamic registration.",
		"Compared with dynamic registration (RFC 7591): no registration_endpoint, no initial access token, no registration to clean up later; the client must keep the document online at a stable URL.",
	},
	Refs: []string{"draft-ietf-oauth-client-id-metadata-document §3, §4, §4.1, §4.2, §5, §5.2, §6, §8.6, §8.7", "RFC 7591 §2 (the metadata names)", "MCP Authorization 2025-11-25 (client registration approaches)"},
}

// ClientDocumentError is a client ID metadata document that the server
// will not take, or could not fetch: Problems says what is wrong, Want is
// the document the run needs, as JSON.
type ClientDocumentError struct {
	URL         string
	Problems    []string
	Want        string
	Unreachable bool
}

func (e *ClientDocumentError) Error() string {
	what := "the document at the client_id URL is not the one this run needs"
	if e.Unreachable {
		what = "the client_id URL could not be fetched"
	}
	if e.Want == "" {
		what = "the client_id URL cannot be used"
	}
	return fmt.Sprintf("client ID document: %s (%s): %s", what, e.URL, strings.Join(e.Problems, "; "))
}

// diagnosis names the fix: host the document the run needs at the URL.
func (e *ClientDocumentError) diagnosis() *Diagnosis {
	d := &Diagnosis{Code: "client_document_mismatch", What: e.Error(), Causes: e.Problems,
		Ref: "draft-ietf-oauth-client-id-metadata-document §3, §4, §4.1, §4.2, §5"}
	switch {
	case e.Want == "":
		d.Code = "client_document_url"
		d.Try = []string{"give {setting:client-id-url} as an https URL with a path, e.g. https://app.example/oauth-client.json", "or serve, for a server on this machine such as the demo"}
		return d
	case e.Unreachable:
		d.Code = "client_document_unreachable"
	}
	d.Try = []string{
		"host this document at " + e.URL + ": " + e.Want,
		"the client-document command prints such a document for a URL and redirect URIs",
		"or give {setting:client-id-url} serve to let the run host it (a server on this machine only), {setting:register} on, or a {setting:client-id}",
	}
	for _, p := range e.Problems {
		if strings.Contains(p, "redirect_uris do not list") {
			d.Try = append([]string{"give {setting:redirect-uri} as one the document lists: without it the run takes a free port each time, and so a new redirect URI"}, d.Try...)
			break
		}
	}
	return d
}
