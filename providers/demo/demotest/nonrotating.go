package demotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// NonRotating is a token endpoint in front of the demo provider's that
// answers refresh requests as a server that does not rotate refresh tokens:
// without refresh_token, so that the client keeps the one it has (RFC 6749
// §6). Google documents its refresh response so ("Refreshing an access
// token (offline access)", whose example answer has access_token,
// expires_in, scope and token_type only:
// https://developers.google.com/identity/protocols/oauth2/web-server#offline),
// and so does Auth0 for applications with rotation disabled
// (https://auth0.com/docs/secure/tokens/refresh-tokens/disable-refresh-token-rotation,
// https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-tokens).
// The demo itself rotates: the refresh token a client keeps is spent
// there, which tests of what the client keeps do not notice.
type NonRotating struct {
	// URL is the token endpoint to give the client (--token-url).
	URL string

	mu       sync.Mutex
	resendID bool
	firstID  string
}

// ResendFirstIDToken makes refresh answers carry the ID token of the code
// exchange instead of a new one, as a server that keeps sending the first
// ID token does.
func (n *NonRotating) ResendFirstIDToken() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.resendID = true
}

// StartNonRotating starts a NonRotating endpoint for srv and registers its
// Close with t.Cleanup.
func StartNonRotating(t testing.TB, srv *demo.Server) *NonRotating {
	t.Helper()
	n := &NonRotating{}
	target := srv.Endpoints().Token
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		req, err := http.NewRequestWithContext(r.Context(), r.Method, target, bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusOK {
			out = n.rewrite(form.Get("grant_type"), out)
		}
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(resp.StatusCode)
		w.Write(out)
	}))
	t.Cleanup(hs.Close)
	n.URL = hs.URL + "/oauth/token"
	return n
}

// rewrite drops refresh_token from a refresh answer, keeping the other
// members in their order.
func (n *NonRotating) rewrite(grant string, body []byte) []byte {
	read, err := jsonobject.Read(body)
	if err != nil {
		return body
	}
	var members []string
	for _, m := range read {
		name, v := m.Name, m.Raw
		n.mu.Lock()
		switch {
		case grant == "authorization_code" && name == "id_token":
			_ = json.Unmarshal(v, &n.firstID)
		case grant == "refresh_token" && name == "id_token" && n.resendID && n.firstID != "":
			v, _ = json.Marshal(n.firstID)
		}
		n.mu.Unlock()
		if grant == "refresh_token" && name == "refresh_token" {
			continue
		}
		key, _ := json.Marshal(name)
		members = append(members, string(key)+":"+string(v))
	}
	return []byte("{" + strings.Join(members, ",") + "}")
}
