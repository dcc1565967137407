package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// TestVerifyTokenWithRecords checks that the decoder's verification goes
// through the options' transport and that its requests are recorded.
func TestVerifyTokenWithRecords(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	tok, err := DecodeToken("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln")
	if err != nil {
		t.Fatal(err)
	}
	checks, exs := VerifyTokenWith(context.Background(), Options{Transport: srv.Client().Transport}, tok, srv.URL)
	if len(checks) == 0 || checks[0].Name != "discovery" || checks[0].Status != inspect.StatusFail {
		t.Errorf("checks = %+v, want a failed discovery first", checks)
	}
	if len(exs) == 0 || exs[0].Response == nil || exs[0].Response.StatusCode != http.StatusNotFound {
		t.Errorf("exchanges = %+v, want the discovery request recorded", exs)
	}
}
