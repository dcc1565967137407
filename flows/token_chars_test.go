package flows

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// TestAccessTokenOutsideVSCHAR: an access token with a character outside
// %x20-7E is a protocol error (RFC 6749 Appendix A.12): the step fails with
// a diagnosis that says so, and the token is still returned, for the user
// to see escaped.
func TestAccessTokenOutsideVSCHAR(t *testing.T) {
	for _, tc := range []struct{ name, token, where string }{
		{"ESC", "abc\x1b]52;c;UFdORUQ=\x07", "U+001B at byte 3"},
		{"C1", "\u009b31m", "U+009B at byte 0"},
		{"bidi", "tok\u202eexe", "U+202E at byte 3"},
		{"non-ASCII letter", "tökén", "U+00F6 at byte 1"},
		{"newline", "a\nb", "U+000A at byte 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"access_token": tc.token, "token_type": "Bearer", "expires_in": 60})
			r := runToken(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write(body)
			}), Options{})
			if r.Status != Failed || r.Err == nil {
				t.Fatalf("status %v, err %v: the token was accepted", r.Status, r.Err)
			}
			if r.Token == nil || r.Token.AccessToken != tc.token {
				t.Errorf("the token was not kept for the user to see: %+v", r.Token)
			}
			msg := r.Err.Error()
			for _, want := range []string{"RFC 6749 Appendix A.12", tc.where} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
			if p := safetexttest.Problem(msg); p != "" {
				t.Errorf("the error itself is unsafe: %s", p)
			}
			if r.Diagnosis == nil || r.Diagnosis.Code != "token_characters" {
				t.Errorf("diagnosis %+v", r.Diagnosis)
			}
		})
	}
}

// TestAccessTokenPrintable: every character of %x20-7E is allowed.
func TestAccessTokenPrintable(t *testing.T) {
	var all strings.Builder
	for c := byte(0x20); c <= 0x7e; c++ {
		all.WriteByte(c)
	}
	if err := checkTokenResponse("token endpoint", &TokenResponse{AccessToken: all.String()}); err != nil {
		t.Errorf("a token of %%x20-7E was refused: %v", err)
	}
}
