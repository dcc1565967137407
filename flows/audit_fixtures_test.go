package flows

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows/masktest"
)

// startHostile starts a server for the secrets audit whose answers carry
// secrets: /echo/token refuses the client quoting the secret it received
// (in error_description and error_uri) and sets cookies; /fields/token
// answers a token response holding every secret field, nested;
// /abort/… drops the connection; any other path is 404.
func startHostile(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/echo/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		sec := r.PostForm.Get("client_secret")
		cookies := hostileCookies()
		http.SetCookie(w, &http.Cookie{Name: "SESSIONID", Value: cookies[0].Value, Path: "/", HttpOnly: true})
		w.Header().Add("Set-Cookie", "csrf="+cookies[1].Value+"; Path=/; Secure")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{
			"error":             "invalid_client",
			"error_description": "invalid client_secret " + sec + " for client " + r.PostForm.Get("client_id"),
			"error_uri":         "https://errors.example/invalid_client?client_secret=" + url.QueryEscape(sec),
		})
	})
	mux.HandleFunc("/fields/token", func(w http.ResponseWriter, r *http.Request) {
		body := map[string]any{"token_type": "Bearer", "expires_in": 3600}
		nested := map[string]any{}
		for i, s := range hostileFields() {
			name := masktest.FieldNames[i]
			if i < 3 {
				body[name] = s.Value // access_token, refresh_token, id_token
			} else {
				nested[name] = []any{s.Value}
			}
		}
		body["extra"] = map[string]any{"list": []any{nested}}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	})
	mux.HandleFunc("/abort/", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// hostileCookies are the values of the cookies /echo/token sets.
func hostileCookies() []masktest.Secret {
	return []masktest.Secret{
		masktest.Opaque("Set-Cookie SESSIONID", masktest.Fake("hostile SESSIONID")),
		masktest.Opaque("Set-Cookie csrf", masktest.Fake("hostile csrf")),
	}
}

// hostileFields are the values /fields/token answers, one per name of
// masktest.FieldNames, in that order.
func hostileFields() []masktest.Secret {
	var out []masktest.Secret
	for _, n := range masktest.FieldNames {
		out = append(out, masktest.Field("token response "+n, n, masktest.Fake("hostile field "+n)))
	}
	return out
}

// fromFixtures turns masktest's exchanges into recorded ones.
func fromFixtures(fx []masktest.Exchange) []Exchange {
	var out []Exchange
	for _, f := range fx {
		ex := Exchange{Step: "Fixture", Err: f.Err,
			Request: Message{Method: f.Method, URL: f.URL, Proto: "HTTP/1.1", Header: f.ReqHeader, Body: f.ReqBody}}
		if f.Status != 0 {
			ex.Response = &Message{Status: http.StatusText(f.Status), StatusCode: f.Status, Proto: "HTTP/1.1",
				Header: f.RespHeader, Body: f.RespBody}
		}
		out = append(out, ex)
	}
	return out
}
