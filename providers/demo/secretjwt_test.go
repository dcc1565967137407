package demo_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// demo-secret-jwt authenticates with client_secret_jwt (OpenID Connect
// Core §9): the demo refuses its secret sent as such, with a description
// that names the method it is registered for. The accepted assertion is
// tested in flows, which builds it (flows/clientauth_test.go).
func TestSecretJWTClientRefusesPlainSecret(t *testing.T) {
	srv := demotest.Start(t)
	cfg := clientcredentials.Config{ClientID: "demo-secret-jwt", ClientSecret: "Jw5tQ~sHq2Xn8LcVb0PzK4mRy7TdGe1UaWo9NiFj",
		TokenURL: srv.Endpoints().Token, EndpointParams: url.Values{}}
	_, err := cfg.Token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "registered for client_secret_jwt") {
		t.Fatalf("a plain secret for a client_secret_jwt client: %v", err)
	}
}
