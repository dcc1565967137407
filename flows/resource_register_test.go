package flows

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestResourceRegistersWithNoClient: with no client id given at all, at a
// server that takes no client ID metadata documents, the resource grant
// registers one at the authorization server the resource names (RFC
// 7591), once that server is discovered, and logs in with it for a token
// the API takes (issue 13).
func TestResourceRegistersWithNoClient(t *testing.T) {
	srv := demotest.StartWith(t, demo.Options{NoClientIDDocuments: true})
	api := srv.Endpoints().API + "/whoami"
	f := NewResource(providers.Provider{Scopes: []string{"openid", "api.read"}, AuthAuto: true}, Options{})
	f.Close()
	var ids []string
	for _, st := range f.Steps() {
		ids = append(ids, st.ID)
	}
	as, doc, reg := slices.Index(ids, RSAuthServer.ID), slices.Index(ids, ClientDocument.ID), slices.Index(ids, ClientRegistration.ID)
	if as < 0 || doc != as+1 || reg != as+2 || slices.Contains(ids, Discovery.ID) {
		t.Fatalf("steps %v: the client document, then registration, must follow the authorization server's discovery", ids)
	}

	got := runResource(t, providers.Provider{Scopes: []string{"openid", "api.read"}, AuthAuto: true}, api)
	for _, id := range []string{RSCall.ID, RSMetadata.ID, RSAuthServer.ID, ClientRegistration.ID, ACAuthRequest.ID, ACToken.ID, RSCallAgain.ID} {
		if r := got[id]; r.Status != Done {
			t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
		}
	}
	if d := got[ClientDocument.ID]; d.Status != Skipped || !strings.Contains(strings.Join(d.Notes, "\n"), "does not say client_id_metadata_document_supported") {
		t.Errorf("client document step: %v, notes %q; want skipped, the server does not support documents", d.Status, d.Notes)
	}
	r := got[ClientRegistration.ID]
	if notes := strings.Join(r.Notes, "\n"); !strings.Contains(notes, "no client id given: registering one (RFC 7591)") ||
		!strings.Contains(notes, "registered client") {
		t.Errorf("registration notes:\n%s", notes)
	}
	if ex := r.Exchanges[0]; !strings.HasPrefix(ex.Request.URL, srv.Issuer()+"/") {
		t.Errorf("registered at %s, not at the demo %s", ex.Request.URL, srv.Issuer())
	}
	if u := got[ACAuthRequest.ID].AuthRequest.URL; !strings.Contains(u, "resource=") || strings.Contains(u, "client_id=&") {
		t.Errorf("authorization request: %s", u)
	}
	again := got[RSCallAgain.ID]
	if ex := again.Exchanges[len(again.Exchanges)-1]; ex.Response.StatusCode != http.StatusOK {
		t.Errorf("call again: %d %s", ex.Response.StatusCode, ex.Response.Body)
	}
	if notes := strings.Join(again.Notes, "\n"); !strings.Contains(notes, "aud names "+api) {
		t.Errorf("call again notes:\n%s", notes)
	}
}

// TestResourceRegisterOnWithClient: register on replaces the client given,
// still after the authorization server is discovered, and only once.
func TestResourceRegisterOnWithClient(t *testing.T) {
	f := NewResource(providers.Provider{ClientID: "given"}, registering(""))
	f.Close()
	n := 0
	for i, st := range f.Steps() {
		if st.ID == ClientRegistration.ID {
			n++
			if i == 0 || f.Steps()[i-1].ID != RSAuthServer.ID {
				t.Errorf("registration at %d, after %s", i, f.Steps()[i-1].ID)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d registration steps", n)
	}
	// With a client given and register off there is nothing to register.
	f = NewResource(providers.Provider{ClientID: "given"}, Options{})
	f.Close()
	if slices.ContainsFunc(f.Steps(), func(st StepInfo) bool { return st.ID == ClientRegistration.ID }) {
		t.Errorf("steps %v: a registration with a client given", f.Steps())
	}
}

// TestResourceNoClient: with no client id and a server whose metadata
// lists no registration_endpoint, the registration step says that there
// is no client to use.
func TestResourceNoClient(t *testing.T) {
	f := NewResource(providers.Provider{Issuer: "https://as.example"}, Options{})
	f.Close()
	f.md = &providers.Metadata{Issuer: "https://as.example"}
	r := f.registerAtServer(context.Background())
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != string(ResourceNoClient) ||
		!strings.Contains(r.Err.Error(), "registration_endpoint") {
		t.Fatalf("%v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
}

// TestResourceScopesFromMetadata: with no scopes given and none in the
// demo API's challenge, the run asks for the resource metadata's
// scopes_supported (the MCP authorization specification's scope
// selection, RFC 9728 §2), with openid added because the demo lists it,
// and the token granted carries them.
func TestResourceScopesFromMetadata(t *testing.T) {
	srv := demotest.Start(t)
	got := runResource(t, providers.Provider{AuthAuto: true}, srv.Endpoints().API+"/whoami")
	as := strings.Join(got[RSAuthServer.ID].Notes, "\n")
	if !strings.Contains(as, "the resource metadata's scopes_supported, api.read api.write (RFC 9728 §2)") || !strings.Contains(as, "openid added") {
		t.Errorf("authorization server notes:\n%s", as)
	}
	u := got[ACAuthRequest.ID].AuthRequest.URL
	if !strings.Contains(u, "scope=openid+api.read+api.write") {
		t.Errorf("authorization request: %s", u)
	}
	if tok := got[ACToken.ID].Token; tok == nil || !strings.Contains(tok.Scope, "api.write") {
		t.Errorf("token: %+v", tok)
	}
}
