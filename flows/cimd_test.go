package flows

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// documentOptions are options with client-id-url set and a browser that
// logs in to the demo and brings the redirect back.
func documentOptions(t *testing.T, inputs Inputs) Options {
	return Options{Inputs: inputs, KeepRefreshToken: true, OpenBrowser: func(u string) error {
		go func() {
			back, err := demotest.Login(context.Background(), u, true)
			if err != nil {
				t.Errorf("login: %v", err)
				return
			}
			deliver(t, back)
		}()
		return nil
	}}
}

// runByStep runs f to the end and returns the results by step ID.
func runByStep(f Flow) map[string]Result {
	got := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		got[r.Step.ID] = r
	}
	return got
}

// TestClientDocumentServeAgainstDemo: an authorization code run with
// client-id-url serve hosts its document on loopback, the demo fetches it
// and issues a token to the URL as client_id; the listener closes with
// the flow.
func TestClientDocumentServeAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	p := providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: "demo-confidential", ClientSecret: "given", Scopes: []string{"openid", "api.read"}, AuthAuto: true}
	f := NewAuthCode(p, documentOptions(t, Inputs{InputClientIDURL: ClientIDURLServe}))
	t.Cleanup(func() { f.Close() })
	if ids := stepIDs(f); len(ids) < 2 || ids[1] != ClientDocument.ID {
		t.Fatalf("steps %v: the client document step must follow discovery", ids)
	}
	got := runByStep(f)
	for _, id := range []string{Discovery.ID, ClientDocument.ID, ACAuthRequest.ID, ACToken.ID} {
		if r := got[id]; r.Status != Done {
			t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
		}
	}
	doc := got[ClientDocument.ID]
	url := f.provider.ClientID
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, ClientDocumentPath) || f.provider.AuthMethod != providers.AuthNone || f.provider.ClientSecret != "" {
		t.Fatalf("the run's client is %q (%s), want the served document's URL, public", url, f.provider.AuthMethod)
	}
	ex := doc.Exchanges[0]
	var served ClientIDDocument
	if ex.Request.URL != url || ex.Response.StatusCode != http.StatusOK || json.Unmarshal(ex.Response.Body, &served) != nil ||
		served.ClientID != url || served.TokenEndpointAuthMethod != "none" || !slices.Contains(served.RedirectURIs, f.provider.RedirectURI) {
		t.Errorf("the document fetched: %s %d %s", ex.Request.URL, ex.Response.StatusCode, ex.Response.Body)
	}
	if !explained(doc.Received, "client_id") || !explained(doc.Received, "redirect_uris") || !explained(doc.Received, "token_endpoint_auth_method") {
		t.Errorf("the document's members are not explained: %+v", doc.Received)
	}
	notes := strings.Join(doc.Notes, "\n")
	for _, want := range []string{"client_id_metadata_document_supported: true", "real servers require https", "a public client"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if !strings.Contains(got[ACAuthRequest.ID].AuthRequest.URL, "client_id=http%3A%2F%2F127.0.0.1") {
		t.Errorf("authorization request %s: want the URL as client_id", got[ACAuthRequest.ID].AuthRequest.URL)
	}
	if tok := got[ACToken.ID].Token; tok == nil || tok.AccessToken == "" {
		t.Fatalf("no token")
	}
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Errorf("the document is still served after the flow ended")
	}
}

// TestResourceChoosesClientDocument: with no client id and register off,
// the resource grant uses a client ID metadata document at the demo (it
// advertises support and is on loopback), not registration, as the MCP
// authorization specification orders.
func TestResourceChoosesClientDocument(t *testing.T) {
	srv := demotest.Start(t)
	api := srv.Endpoints().API + "/whoami"
	f := NewResource(providers.Provider{Scopes: []string{"openid", "api.read"}, AuthAuto: true}, documentOptions(t, Inputs{resourceURLInput.Name: api}))
	t.Cleanup(func() { f.Close() })
	got := runByStep(f)
	for _, id := range []string{RSAuthServer.ID, ClientDocument.ID, ACToken.ID, RSCallAgain.ID} {
		if r := got[id]; r.Status != Done {
			t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
		}
	}
	if r := got[ClientRegistration.ID]; r.Status != Skipped {
		t.Errorf("registration: %v, want skipped once the document gave the client", r.Status)
	}
	if notes := strings.Join(got[RSAuthServer.ID].Notes, "\n"); !strings.Contains(notes, "MCP authorization specification's order") {
		t.Errorf("authorization server notes do not explain the choice:\n%s", notes)
	}
	if notes := strings.Join(got[ClientDocument.ID].Notes, "\n"); !strings.Contains(notes, "prefers them to dynamic registration") {
		t.Errorf("document notes:\n%s", notes)
	}
	if !strings.HasSuffix(f.provider.ClientID, ClientDocumentPath) {
		t.Errorf("client %q, want the served document's URL", f.provider.ClientID)
	}
}

// TestClientDocumentNotAdvertised: at a server whose metadata does not say
// client_id_metadata_document_supported, the step says the server will
// likely refuse, and what to do instead.
func TestClientDocumentNotAdvertised(t *testing.T) {
	srv := demotest.StartWith(t, demo.Options{NoClientIDDocuments: true})
	f := NewAuthCode(providers.Provider{Issuer: srv.Issuer(), Scopes: []string{"openid"}}, Options{Inputs: Inputs{InputClientIDURL: ClientIDURLServe}})
	t.Cleanup(func() { f.Close() })
	f.Next(context.Background())
	r := f.Next(context.Background())
	if notes := strings.Join(r.Notes, "\n"); r.Status != Done || !strings.Contains(notes, "will likely refuse") || !strings.Contains(notes, "{setting:register} on") {
		t.Errorf("%v %v, notes:\n%s", r.Status, r.Err, notes)
	}
}

// TestClientDocumentDiagnoses: a document the user hosts that is not the
// one the run needs is named, with the fix. The small servers play the
// client's web host serving a wrong document, as the draft's §4, §4.1,
// §4.2 and §5 describe; the demo only fetches documents, so it cannot
// serve a wrong one.
func TestClientDocumentDiagnoses(t *testing.T) {
	srv := demotest.Start(t)
	for _, tc := range []struct {
		name  string
		serve func(w http.ResponseWriter, self string, redirect string)
		says  string
	}{
		{"client_id differs", func(w http.ResponseWriter, self, redirect string) {
			writeDoc(w, map[string]any{"client_id": self + "x", "redirect_uris": []string{redirect}, "token_endpoint_auth_method": "none"})
		}, "not the URL"},
		{"redirect missing", func(w http.ResponseWriter, self, _ string) {
			writeDoc(w, map[string]any{"client_id": self, "redirect_uris": []string{"http://127.0.0.1:1/other"}})
		}, "do not list"},
		{"secret method", func(w http.ResponseWriter, self, redirect string) {
			writeDoc(w, map[string]any{"client_id": self, "redirect_uris": []string{redirect}, "token_endpoint_auth_method": "client_secret_basic", "client_secret": "x"})
		}, "contains client_secret"},
		{"not JSON", func(w http.ResponseWriter, _, _ string) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>hello</html>"))
		}, "not a JSON object"},
		{"redirect", func(w http.ResponseWriter, self, _ string) {
			w.Header().Set("Location", self+"/elsewhere")
			w.WriteHeader(http.StatusFound)
		}, "a redirect"},
		{"not found", func(w http.ResponseWriter, _, _ string) { http.NotFound(w, nil) }, "HTTP 404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var self string
			redirect := "http://127.0.0.1:49999/callback"
			host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { tc.serve(w, self, redirect) }))
			t.Cleanup(host.Close)
			self = host.URL + "/app.json"
			p := providers.Provider{Issuer: srv.Issuer(), Scopes: []string{"openid"}, RedirectURI: redirect}
			f := NewAuthCode(p, Options{Inputs: Inputs{InputClientIDURL: self}})
			t.Cleanup(func() { f.Close() })
			f.Next(context.Background())
			r := f.Next(context.Background())
			var de *ClientDocumentError
			if r.Status != Failed || !errors.As(r.Err, &de) || r.Diagnosis == nil || !strings.Contains(r.Err.Error(), tc.says) {
				t.Fatalf("%v %v, want a failed document naming %q", r.Status, r.Err, tc.says)
			}
			if try := strings.Join(r.Diagnosis.Try, "\n"); !strings.Contains(try, "host this document at "+self+": {\"client_id\":\""+self) {
				t.Errorf("the diagnosis does not give the document to host:\n%s", try)
			}
		})
	}
}

// TestClientDocumentHostile: a document made of the hostile corpus, or
// served with a hostile Content-Type, never reaches the step's notes,
// error or diagnosis raw.
func TestClientDocumentHostile(t *testing.T) {
	srv := demotest.Start(t)
	for name, contentType := range map[string]string{"body": "application/json", "content type": "application/" + safetexttest.Corpus[7]} {
		t.Run(name, func(t *testing.T) {
			host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", contentType)
				writeDoc(w, map[string]any{"client_id": safetexttest.All(), "redirect_uris": safetexttest.Corpus,
					"token_endpoint_auth_method": safetexttest.All(), "grant_types": safetexttest.Corpus})
			}))
			t.Cleanup(host.Close)
			f := NewAuthCode(providers.Provider{Issuer: srv.Issuer(), Scopes: []string{"openid"}}, Options{Inputs: Inputs{InputClientIDURL: host.URL + "/c"}})
			t.Cleanup(func() { f.Close() })
			f.Next(context.Background())
			r := f.Next(context.Background())
			if r.Status != Failed || !strings.Contains(r.Err.Error(), "its client_id is") {
				t.Fatalf("%v %v: want the hostile document refused for its client_id", r.Status, r.Err)
			}
			text := strings.Join(r.Notes, "\n") + r.Err.Error() + r.Diagnosis.What + strings.Join(r.Diagnosis.Causes, "\n") + strings.Join(r.Diagnosis.Try, "\n")
			if p := safetexttest.Problem(text); p != "" {
				t.Errorf("hostile text: %s", p)
			}
		})
	}
}

// TestCheckClientIDURL follows the draft's §3.
func TestCheckClientIDURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://app.example/oauth-client.json": true, "http://127.0.0.1:8080/c.json": true, "http://localhost/c": true,
		"http://app.example/c": false, "https://app.example": false, "https://app.example/": false, "https://app.example/c#f": false,
		"https://u:p@app.example/c": false, "https://app.example/a/../c": false, "ftp://app.example/c": false, "/c": false,
	} {
		if err := CheckClientIDURL(raw); (err == nil) != ok {
			t.Errorf("CheckClientIDURL(%q) = %v, want ok %v", raw, err, ok)
		}
	}
	if err := checkClientIDURLInput(ClientIDURLServe); err != nil {
		t.Errorf("serve refused: %v", err)
	}
}

// writeDoc writes v as a JSON document.
func writeDoc(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	_ = json.NewEncoder(w).Encode(v)
}

// stepIDs lists the IDs of f's steps.
func stepIDs(f Flow) []string {
	var ids []string
	for _, st := range f.Steps() {
		ids = append(ids, st.ID)
	}
	return ids
}
