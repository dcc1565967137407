package demo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestPAREndpoint: discovery names the endpoint and the RAR types; the
// endpoint authenticates the client and refuses what RFC 9126 §2.1 and
// RFC 9396 §5 refuse, with JSON errors (§2.3); an unknown request_uri at
// the authorization endpoint gets an error page, never a redirect.
func TestPAREndpoint(t *testing.T) {
	srv := demotest.Start(t)
	resp, err := http.Get(srv.Endpoints().Discovery)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if doc["pushed_authorization_request_endpoint"] != srv.Endpoints().PushedAuthorization || doc["require_pushed_authorization_requests"] != false ||
		!strings.Contains(jsonText(doc["authorization_details_types_supported"]), "payment_initiation") {
		t.Errorf("discovery: %v %v %v", doc["pushed_authorization_request_endpoint"], doc["require_pushed_authorization_requests"], doc["authorization_details_types_supported"])
	}

	conf, _ := demo.ClientByID("demo-confidential")
	good := func() url.Values {
		return url.Values{"client_id": {"demo-public"}, "response_type": {"code"}, "redirect_uri": {"http://127.0.0.1:9/cb"},
			"scope": {"openid"}, "state": {"s"}, "code_challenge": {"x"}, "code_challenge_method": {"S256"}}
	}
	for _, tc := range []struct {
		name   string
		form   func(url.Values)
		basic  [2]string
		status int
		want   string
	}{
		{"public", func(url.Values) {}, [2]string{}, 201, "request_uri"},
		{"confidential", func(f url.Values) { f.Set("client_id", conf.ID) }, [2]string{conf.ID, conf.Secret}, 201, "expires_in"},
		{"wrong secret", func(f url.Values) { f.Set("client_id", conf.ID) }, [2]string{conf.ID, "nope"}, 401, "invalid_client"},
		{"request_uri pushed", func(f url.Values) { f.Set("request_uri", "urn:x") }, [2]string{}, 400, "must not carry request_uri"},
		{"not loopback", func(f url.Values) { f.Set("redirect_uri", "https://evil.example/cb") }, [2]string{}, 400, "invalid_request"},
		{"unknown RAR type", func(f url.Values) { f.Set("authorization_details", `[{"type":"x"}]`) }, [2]string{}, 400, "invalid_authorization_details"},
	} {
		f := good()
		tc.form(f)
		req, _ := http.NewRequest(http.MethodPost, srv.Endpoints().PushedAuthorization, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.basic[0] != "" {
			req.SetBasicAuth(tc.basic[0], tc.basic[1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
	}

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Get(srv.Endpoints().Authorization + "?client_id=demo-public&request_uri=urn:ietf:params:oauth:request_uri:unknown")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || !strings.Contains(string(body), "invalid_request_uri") {
		t.Errorf("unknown request_uri: %d to %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
