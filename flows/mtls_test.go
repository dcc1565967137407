package flows

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// mtlsProvider is the demo's mTLS client id with its certificate and key
// in memory and the demo CA trusted.
func mtlsProvider(t *testing.T, srv *demo.Server, id string) providers.Provider {
	t.Helper()
	c, ok := demo.ClientByID(id)
	if !ok {
		t.Fatalf("no demo client %s", id)
	}
	return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: c.ID, AuthMethod: c.AuthMethod,
		ClientKey: c.KeyPEM(), CACerts: demo.CACertPEM(), Scopes: []string{"api.read"}}
}

func TestMTLSClientCredentialsAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, id := range []string{demo.MTLSClientID, demo.MTLSSelfClientID} {
		t.Run(id, func(t *testing.T) {
			rs := runAll(NewClientCredentials(mtlsProvider(t, srv, id), Options{}))
			for _, r := range rs {
				if r.Status != Done {
					t.Fatalf("step %s: %v %v %+v", r.Step.Title, r.Status, r.Err, r.Diagnosis)
				}
			}
			if !strings.Contains(strings.Join(rs[0].Notes, "\n"), "mtls_endpoint_aliases") {
				t.Errorf("no note names the aliases: %q", rs[0].Notes)
			}
			ex := rs[1].Exchanges[len(rs[1].Exchanges)-1]
			if ex.Request.URL != srv.Endpoints().MTLS.Token {
				t.Errorf("token request went to %s, want the alias %s", ex.Request.URL, srv.Endpoints().MTLS.Token)
			}
			form, _ := url.ParseQuery(string(ex.Request.Body))
			if form.Get("client_id") != id || form.Has("client_secret") || ex.Request.Header.Get("Authorization") != "" {
				t.Errorf("the form names more than client_id: %v %v", form, ex.Request.Header)
			}
			if ex.ClientCert == nil || !strings.Contains(ex.ClientCert.Subject, id) {
				t.Fatalf("certificate presented = %+v", ex.ClientCert)
			}
			shown := FormatRequest(ex, Masker{})
			for _, want := range []string{"TLS client certificate presented", "CN=" + id, ex.ClientCert.X5tS256} {
				if !strings.Contains(shown, want) {
					t.Errorf("the request shown lacks %q:\n%s", want, shown)
				}
			}
			v := rs[2].Inspections[0].Verification
			var cnf *inspect.Check
			for i := range v.Checks {
				if v.Checks[i].Name == "cnf" {
					cnf = &v.Checks[i]
				}
			}
			if cnf == nil || cnf.Status != inspect.StatusPass || !strings.Contains(cnf.Detail, ex.ClientCert.X5tS256) {
				t.Fatalf("cnf check = %+v", cnf)
			}
		})
	}
}

func TestMTLSRefusals(t *testing.T) {
	srv := demotest.Start(t)
	t.Run("no certificate: plain token endpoint", func(t *testing.T) {
		p := mtlsProvider(t, srv, demo.MTLSClientID)
		p.TokenURL = srv.Endpoints().Token
		rs := runAll(NewClientCredentials(p, Options{}))
		r := rs[len(rs)-1]
		if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_client_mtls" || !strings.Contains(r.Diagnosis.What, "plain HTTP") {
			t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
		}
	})
	t.Run("another client's certificate", func(t *testing.T) {
		p := mtlsProvider(t, srv, demo.MTLSClientID)
		p.ClientKey = demoKeyOf(t, demo.MTLSSelfClientID)
		rs := runAll(NewClientCredentials(p, Options{}))
		r := rs[len(rs)-1]
		if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_client_mtls" || !strings.Contains(r.Diagnosis.What, "not issued by the CA") {
			t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
		}
	})
	t.Run("unknown certificate: refused in the handshake", func(t *testing.T) {
		p := mtlsProvider(t, srv, demo.MTLSClientID)
		p.ClientKey = selfSigned(t)
		rs := runAll(NewClientCredentials(p, Options{}))
		r := rs[len(rs)-1]
		if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "tls_client_cert_refused" {
			t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
		}
		if ex := r.Exchanges[len(r.Exchanges)-1]; ex.ClientCert == nil {
			t.Errorf("the refused certificate is not shown with the request")
		}
	})
	t.Run("certificate file missing", func(t *testing.T) {
		p := mtlsProvider(t, srv, demo.MTLSClientID)
		p.ClientKey, p.ClientKeyFile = "", filepath.Join(t.TempDir(), "absent.pem")
		rs := runAll(NewClientCredentials(p, Options{}))
		r := rs[len(rs)-1]
		if r.Diagnosis == nil || r.Diagnosis.Code != "client_cert" {
			t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
		}
	})
	t.Run("files", func(t *testing.T) {
		cert, key, err := demo.MTLSCredentials(demo.MTLSClientID)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		p := mtlsProvider(t, srv, demo.MTLSClientID)
		p.ClientKey, p.ClientKeyFile, p.ClientCertFile = "", filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem")
		for f, text := range map[string]string{p.ClientKeyFile: key, p.ClientCertFile: cert} {
			if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		rs := runAll(NewClientCredentials(p, Options{}))
		if r := rs[len(rs)-1]; r.Status != Done {
			t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
		}
	})
}

// TestMTLSBoundTokenCheck checks a bound token against another
// certificate: the cnf check fails, with its diagnosis.
func TestMTLSBoundTokenCheck(t *testing.T) {
	srv := demotest.Start(t)
	rs := runAll(NewClientCredentials(mtlsProvider(t, srv, demo.MTLSClientID), Options{}))
	tok := rs[1].Token
	other := mtlsProvider(t, srv, demo.MTLSSelfClientID)
	r := verifyAccessToken(t.Context(), nil, &Recorder{}, nil, other, tok, Options{})
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "token_check_cnf" {
		t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
	}
	plain := demoProvider(t, srv, "demo-service")
	if c := certBindingCheck(r.Inspections[0].Token, plain); c == nil || c.Status != inspect.StatusFail {
		t.Fatalf("a bound token for a client without a certificate: %+v", c)
	}
}

// demoKeyOf is the key and certificate of a demo mTLS client, in one text.
func demoKeyOf(t *testing.T, id string) string {
	c, _ := demo.ClientByID(id)
	return c.KeyPEM()
}

// selfSigned makes a self-signed client certificate no server knows.
func selfSigned(t *testing.T) string {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "stranger"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalPKCS8PrivateKey(key)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd})) + string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
