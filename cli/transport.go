package cli

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
)

// tlsFlags choose how server certificates are checked. Verification is on
// unless --insecure says otherwise, and then every screen says so
// (DESIGN.md, principle 5).
type tlsFlags struct {
	insecure bool
	caFile   string
}

func (t *tlsFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&t.insecure, "insecure", false, "do not verify TLS certificates (a warning: line on stderr, a badge in the TUI); prefer --ca-file")
	cmd.Flags().StringVar(&t.caFile, "ca-file", "", "PEM file of extra CA certificates to trust (a private or corporate CA)")
}

// transport returns the HTTP transport for the flags: a clone of the
// default one with the TLS settings applied, or nil when none were given.
func (t *tlsFlags) transport() (http.RoundTripper, error) {
	if !t.insecure && t.caFile == "" {
		return nil, nil
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.caFile != "" {
		pem, err := os.ReadFile(t.caFile)
		if err != nil {
			return nil, fmt.Errorf("--ca-file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca-file %s holds no PEM certificate", t.caFile)
		}
		cfg.RootCAs = pool
	}
	cfg.InsecureSkipVerify = t.insecure //nolint:gosec // the user asked, and is warned on every screen
	tr.TLSClientConfig = cfg
	return tr, nil
}

// warnings lists what the user should keep in mind about these settings.
func (t *tlsFlags) warnings() []string {
	if t.insecure {
		return []string{"TLS NOT VERIFIED (--insecure)"}
	}
	return nil
}

// plainHTTPWarning warns when a URL sends credentials in clear to a host
// that is not this machine (RFC 6749 §3.2 requires TLS at the token
// endpoint).
func plainHTTPWarning(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" {
		return ""
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return ""
	}
	return fmt.Sprintf("%s uses plain http to another host: credentials and tokens cross the network unencrypted (RFC 6749 §3.2 requires TLS)", redact.Userinfo(raw))
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}
