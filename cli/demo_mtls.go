package cli

import (
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// withDemoMTLS gives demo settings the API's mTLS address, where a
// certificate-bound token is accepted (RFC 8705 §3): a client that
// authenticates with a certificate calls the API there. An API URL the
// user gave is kept as it is.
func withDemoMTLS(p providers.Provider, srv *demo.Server) providers.Provider {
	if srv == nil {
		return p
	}
	e := srv.Endpoints()
	if p.APIURL == e.API+"/whoami" {
		p.MTLSAPIURL = e.MTLS.API + "/whoami"
	}
	return p
}
