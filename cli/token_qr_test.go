package cli

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/qrtext"
)

const qrTestURI = "http://127.0.0.1:49152/device?user_code=WDJB-MJHT"

func devicePrompt() *flows.Prompt {
	return &flows.Prompt{Kind: flows.PromptDeviceCode, URL: "http://127.0.0.1:49152/device", UserCode: "WDJB-MJHT",
		CompleteURI: qrTestURI}
}

func noEnv(string) (string, bool) { return "", false }

// TestQRModeNotATerminal: a buffer, a pipe and a file are no terminal:
// no QR code, NO_COLOR or not.
func TestQRModeNotATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, out := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "pipe": w, "file": f} {
		if m := qrModeFor(out, noEnv); m != qrOff {
			t.Errorf("%s: mode %d, want no QR code", name, m)
		}
	}
}

// TestPromptUserQR: the device prompt draws the QR code of the complete
// URI under the addresses when told stderr is a terminal, in colour
// unless NO_COLOR, and nothing of it otherwise.
func TestPromptUserQR(t *testing.T) {
	c, err := qrtext.Encode(qrTestURI)
	if err != nil {
		t.Fatal(err)
	}
	want := c.Lines(false)
	for _, tc := range []struct {
		name   string
		mode   qrMode
		lines  int
		colour bool
	}{
		{"not a terminal", qrOff, 0, false},
		{"NO_COLOR", qrPlain, len(want), false},
		{"terminal", qrColour, len(want), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errb bytes.Buffer
			promptUser(Streams{Err: &errb}, devicePrompt(), false, tc.mode)
			out := errb.String()
			found := 0
			for _, l := range strings.Split(out, "\n") {
				if found < len(want) && strings.Contains(l, want[found]) {
					found++
				}
			}
			if found != tc.lines {
				t.Errorf("%d lines of the QR code, want %d:\n%s", found, tc.lines, out)
			}
			if got := strings.Contains(out, "\x1b["); got != tc.colour {
				t.Errorf("colour %v, want %v:\n%q", got, tc.colour, out)
			}
			if got := strings.Contains(out, "scan this QR code"); got != (tc.lines > 0) {
				t.Errorf("the QR code is announced: %v:\n%s", got, out)
			}
			// The URIs and the code come first, whatever the mode.
			if !strings.Contains(out, "code: WDJB-MJHT") || !strings.Contains(out, "  "+qrTestURI+"\n") {
				t.Errorf("the code or the complete URI is missing:\n%s", out)
			}
		})
	}
}

// TestPromptUserQRBrowser: a login in the browser has no QR code.
func TestPromptUserQRBrowser(t *testing.T) {
	var errb bytes.Buffer
	promptUser(Streams{Err: &errb}, &flows.Prompt{Kind: flows.PromptBrowser, URL: "http://127.0.0.1:5556/authorize?x=1"}, false, qrColour)
	if strings.Contains(errb.String(), "QR") {
		t.Errorf("a browser prompt draws a QR code:\n%s", errb.String())
	}
}
