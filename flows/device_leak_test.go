package flows

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// cannedTransport answers the device authorization and token requests
// without a network: the device code at /device, tokens at /token. A
// request to /hang waits for its context to end.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body := `{"access_token":"at-opaque-123","token_type":"Bearer","expires_in":3600}`
	switch req.URL.Path {
	case "/device":
		body = `{"device_code":"dc-secret-1234567890","user_code":"WDJB-MJHT","verification_uri":"https://id.example/device","expires_in":600,"interval":5}`
	case "/hang":
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

// TestDeviceLeavesNothingRunning: a device grant run to its end leaves no
// goroutine behind. x/oauth2's DeviceAuth, which made the device
// authorization request before, never closed the response body; under a
// Client.Timeout, net/http kept a goroutine and its timer alive for the
// whole timeout after every device authorization, which the synctest
// bubble reports as a deadlock at its end.
func TestDeviceLeavesNothingRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := providers.Provider{TokenURL: "https://id.example/token", DeviceAuthURL: "https://id.example/device", ClientID: "dev", AuthMethod: providers.AuthNone}
		f := NewDevice(p, Options{Transport: cannedTransport{}, Timeout: time.Minute})
		m := byStep(runAll(f))
		if r := m["device_poll"]; r.Status != Done {
			t.Fatalf("poll: %v %v", r.Status, r.Err)
		}
	})
}

// TestDeviceAuthorizationTimeout: the device authorization request gives
// up at Options.Timeout, on the bubble's clock.
func TestDeviceAuthorizationTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := providers.Provider{TokenURL: "https://id.example/token", DeviceAuthURL: "https://id.example/hang", ClientID: "dev", AuthMethod: providers.AuthNone}
		f := NewDevice(p, Options{Transport: cannedTransport{}, Timeout: 7 * time.Second})
		start := time.Now()
		r := byStep(runAll(f))["device_authorization"]
		if r.Status != Failed || !errors.Is(r.Err, context.DeadlineExceeded) {
			t.Fatalf("device authorization: %v %v", r.Status, r.Err)
		}
		if took := time.Since(start); took != 7*time.Second {
			t.Errorf("gave up after %s, want the 7s timeout", took)
		}
	})
}
