package demo_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// mtlsClient is an HTTP client that trusts the demo CA and presents the
// certificate of the demo client id ("" for none).
func mtlsClient(t *testing.T, id string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(demo.CACertPEM()))
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if id != "" {
		cert, key, err := demo.MTLSCredentials(id)
		if err != nil {
			t.Fatal(err)
		}
		pair, err := tls.X509KeyPair([]byte(cert), []byte(key))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func mtlsToken(t *testing.T, c *http.Client, tokenURL, id string) (int, map[string]any) {
	t.Helper()
	resp, err := c.PostForm(tokenURL, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func callAPI(t *testing.T, c *http.Client, u, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMTLSDemo(t *testing.T) {
	srv := demotest.Start(t)
	e := srv.Endpoints()
	if !strings.HasPrefix(e.MTLS.Token, "https://127.0.0.1:") || e.MTLS.API == "" {
		t.Fatalf("mTLS endpoints %+v", e.MTLS)
	}
	resp, err := http.Get(e.Discovery)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Aliases map[string]string `json:"mtls_endpoint_aliases"`
		Bound   bool              `json:"tls_client_certificate_bound_access_tokens"`
		Methods []string          `json:"token_endpoint_auth_methods_supported"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	if d.Aliases["token_endpoint"] != e.MTLS.Token || !d.Bound || !strings.Contains(strings.Join(d.Methods, " "), "self_signed_tls_client_auth") {
		t.Fatalf("discovery %+v", d)
	}

	withCert := mtlsClient(t, demo.MTLSClientID)
	status, body := mtlsToken(t, withCert, e.MTLS.Token, demo.MTLSClientID)
	token, _ := body["access_token"].(string)
	if status != http.StatusOK || token == "" {
		t.Fatalf("token: %d %v", status, body)
	}
	if status, body := mtlsToken(t, mtlsClient(t, ""), e.MTLS.Token, demo.MTLSClientID); status != http.StatusUnauthorized || !strings.Contains(body["error_description"].(string), "none was presented") {
		t.Errorf("no certificate: %d %v", status, body)
	}
	if status, body := mtlsToken(t, http.DefaultClient, e.Token, demo.MTLSClientID); status != http.StatusUnauthorized || !strings.Contains(body["error_description"].(string), "plain HTTP") {
		t.Errorf("plain HTTP: %d %v", status, body)
	}

	if status, b := callAPI(t, withCert, e.MTLS.API+"/whoami", token); status != http.StatusOK {
		t.Errorf("API with the certificate: %d %s", status, b)
	}
	if status, b := callAPI(t, mtlsClient(t, ""), e.MTLS.API+"/whoami", token); status != http.StatusUnauthorized || !strings.Contains(b, "none was presented") {
		t.Errorf("API without a certificate: %d %s", status, b)
	}
	if status, b := callAPI(t, mtlsClient(t, demo.MTLSSelfClientID), e.MTLS.API+"/whoami", token); status != http.StatusUnauthorized || !strings.Contains(b, "bound to another certificate") {
		t.Errorf("API with another certificate: %d %s", status, b)
	}
	if status, b := callAPI(t, http.DefaultClient, e.API+"/whoami", token); status != http.StatusUnauthorized || !strings.Contains(b, "plain HTTP") {
		t.Errorf("API over plain HTTP: %d %s", status, b)
	}
}
