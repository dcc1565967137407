package flows

import (
	"context"
	"net/url"
	"strings"
)

// The client of the resource grant, at a server it finds: the MCP
// authorization specification (2025-11-25, "Client Registration
// Approaches") orders the ways: a pre-registered client, a client ID
// metadata document when the server supports them, dynamic client
// registration (RFC 7591) as the fallback.

// clientSteps are the steps that obtain the client at the authorization
// server, after its discovery: registration when register is on; the
// document when a client-id-url is given; with no client id at all, the
// document step (automatic when the server supports documents and is on
// loopback) then registration when the document was not used.
func (f *Resource) clientSteps() []plannedStep {
	register := plannedStep{info: ClientRegistration, run: f.registerAtServer, stops: true}
	document := plannedStep{info: ClientDocument, run: f.documentAtServer, stops: true}
	switch {
	case f.registers():
		return []plannedStep{register}
	case f.documents():
		return []plannedStep{document}
	case strings.TrimSpace(f.provider.ClientID) == "":
		return []plannedStep{document, register}
	}
	return nil
}

// clientChoice says which way the client is obtained at issuer, "" when
// clientFor says it.
func (f *Resource) clientChoice(issuer string) string {
	switch {
	case f.registers():
		return ""
	case f.documents():
		return "client-id-url is given: the client_id at " + issuer + " is that URL, whose client ID metadata document the server fetches (draft-ietf-oauth-client-id-metadata-document)"
	case strings.TrimSpace(f.provider.ClientID) == "":
		return "no client id given: following the MCP authorization specification's order (pre-registered client, client ID metadata document, dynamic registration), " +
			"a client ID metadata document is used if " + issuer + " supports them and is on this machine, else a client is registered there (RFC 7591)"
	}
	return ""
}

// documentAtServer uses a client ID metadata document at the server just
// discovered: the URL given, or one the run serves itself when the server
// advertises support and is on loopback, where it can fetch from the
// run's own listener. Otherwise it is skipped, and registration follows.
func (f *Resource) documentAtServer(ctx context.Context) Result {
	if f.documents() {
		return f.useClientDocument(ctx, f.documentURL())
	}
	supported := f.md != nil && f.md.ClientIDMetadataDocumentSupported
	host := ""
	if u, err := url.Parse(f.provider.Issuer); err == nil {
		host = u.Hostname()
	}
	switch {
	case !supported:
		return Result{Status: Skipped, Notes: []string{"the server's metadata does not say client_id_metadata_document_supported (draft §6): no client ID metadata document; dynamic registration (RFC 7591) is tried next, the MCP authorization specification's fallback"}}
	case !isLoopbackHost(host):
		return Result{Status: Skipped, Notes: []string{
			"the server supports client ID metadata documents, but it is not on this machine: it cannot fetch a document the run serves on loopback; dynamic registration (RFC 7591) is tried next",
			"to use a document there, host it at an https URL (oauth-explorer client-document prints it) and give {setting:client-id-url}"}}
	}
	r := f.useClientDocument(ctx, ClientIDURLServe)
	r.Notes = append([]string{"no client id given and the server supports client ID metadata documents (client_id_metadata_document_supported): the MCP authorization specification prefers them to dynamic registration; the server is on loopback, so the run serves the document itself"}, r.Notes...)
	return r
}
