package cli

import (
	"context"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// completeURIOrExit matches the verification URI that carries the code,
// as token prints it on stderr, or the end of the command.
var completeURIOrExit = regexp.MustCompile(`(?m)^  (http://\S+/device\?user_code=\S+)$|^\(exited\)$`)

// TestTokenDevice runs token --flow device against the demo as a user
// with a phone does: the command prints the verification URI and the code
// on stderr, someone approves on the verification page, and the tokens
// come out on stdout. The command itself knows no grant: it renders the
// flow's prompt. The demo polls every second here; a poll is the only
// wall-clock wait.
func TestTokenDevice(t *testing.T) {
	srv, err := demo.Start(context.Background(), demo.Options{DevicePollInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		code := Execute(context.Background(), "test", []string{"token", "--flow", "device", "--no-browser", "--issuer", srv.Issuer(),
			"--client-id", "demo-device", "--auth-method", "none", "--scope", "openid profile offline_access"},
			Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
		_, _ = io.WriteString(&errb, "\n(exited)\n")
		done <- code
	}()
	complete := errb.waitMatch(t, completeURIOrExit)
	if complete == "" {
		t.Fatalf("exit %d before the verification URI: %s", <-done, errb.String())
	}
	if err := demotest.Device(context.Background(), complete, true); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-done:
	case <-time.After(2 * time.Minute): // a bound on a command that hangs, not a speed limit
		t.Fatal("the command did not finish")
	}
	stderr := errb.String()
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"On any device, open this URL and enter the code:", "  " + srv.Issuer() + "/device\n", "  code: ", "polled the token endpoint"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	var tok map[string]any
	if err := json.Unmarshal([]byte(out.String()), &tok); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), `"access_token"`) || !strings.Contains(out.String(), `"id_token"`) {
		t.Errorf("stdout lacks the tokens: %s", out.String())
	}
}
