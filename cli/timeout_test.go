package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTimeoutMustBePositive: --timeout 0 or below is refused as it is
// parsed, on every command that has the flag, before anything is started.
func TestTimeoutMustBePositive(t *testing.T) {
	for _, args := range [][]string{
		{"token", "--timeout", "0"},
		{"token", "--timeout", "-5s"},
		{"--timeout", "0s"},
		{"decode", "--timeout", "0", "x.y.z"},
		{"providers", "--timeout", "-1m"},
	} {
		code, out, errOut := run(t, nil, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, `for "--timeout" flag: a time limit must be more than 0`) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and the flag refused", args, code, out, errOut)
		}
	}
	for _, args := range [][]string{
		{"token", "--flow", "authorization-code", "--callback-timeout", "0"},
		{"--callback-timeout", "-1s"},
	} {
		if code, _, errOut := run(t, nil, args...); code != 2 || !strings.Contains(errOut, `for "--callback-timeout" flag: a time limit must be more than 0`) {
			t.Errorf("%q: exit %d, stderr %q; want the flag refused", args, code, errOut)
		}
	}
	if code, _, errOut := run(t, nil, "token", "--timeout", "5"); code != 2 || !strings.Contains(errOut, "write it with a unit") {
		t.Errorf("a duration without unit: exit %d, %q", code, errOut)
	}
}

// TestTokenTrickledAnswerTimesOut is the acceptance of issue 10 item 5: a
// token endpoint that starts its answer and stops fails with a message
// naming the endpoint, the limit and the flag, never as JSON that cannot
// be read. The server holds the rest of its answer until the request ends.
func TestTokenTrickledAnswerTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the request to its end lets the server notice the
		// client leaving, which ends the request's context.
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"ey`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	code, out, errOut := run(t, nil, "token", "--token-url", srv.URL+"/token", "--client-id", "c", "--client-secret", "s", "--timeout", "300ms")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and no token", code, out)
	}
	first, _, _ := strings.Cut(errOut, "\n")
	if want := "oauth-explorer: the token endpoint did not finish its answer within 300ms (--timeout): it answered 200 OK, and 19 bytes of the body had arrived"; !strings.HasPrefix(first, want) {
		t.Errorf("first line %q, want it to start with %q", first, want)
	}
	if !strings.Contains(errOut, "try: raise --timeout") {
		t.Errorf("no advice to raise --timeout:\n%s", errOut)
	}
	for _, wrong := range []string{"JSON that cannot be read", "does not speak OAuth", "{setting:"} {
		if strings.Contains(errOut, wrong) {
			t.Errorf("stderr says %q:\n%s", wrong, errOut)
		}
	}
}

// TestTokenNoAnswerTimesOut: a server that accepts the request and never
// answers is "no answer within" the limit, not a network failure.
func TestTokenNoAnswerTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	code, _, errOut := run(t, nil, "token", "--token-url", srv.URL+"/token", "--client-id", "c", "--client-secret", "s", "--timeout", "200ms")
	if want := "oauth-explorer: token endpoint: no answer from " + host + " within 200ms (--timeout)\n"; code != 1 || !strings.HasPrefix(errOut, want) {
		t.Errorf("exit %d, stderr %q; want it to start with %q", code, errOut, want)
	}
	if strings.Contains(errOut, "a network failure") {
		t.Errorf("called a network failure:\n%s", errOut)
	}
}
