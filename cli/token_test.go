package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
	// wrote is closed (and replaced) at every write, for those who wait
	// for some text to appear.
	wrote chan struct{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wrote != nil {
		close(s.wrote)
		s.wrote = nil
	}
	return s.b.Write(p)
}

// waitMatch waits until re matches what was written and returns the first
// submatch. The limit only turns a wait that will never end into a failure.
func (s *syncBuffer) waitMatch(t *testing.T, re *regexp.Regexp) string {
	t.Helper()
	limit := time.NewTimer(2 * time.Minute)
	defer limit.Stop()
	for {
		s.mu.Lock()
		m := re.FindStringSubmatch(s.b.String())
		if s.wrote == nil {
			s.wrote = make(chan struct{})
		}
		wrote := s.wrote
		s.mu.Unlock()
		if m != nil {
			return m[1]
		}
		select {
		case <-wrote:
		case <-limit.C:
			t.Fatalf("waited in vain for %s in:\n%s", re, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func run(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb syncBuffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	code = Execute(context.Background(), "test", args, Streams{In: stdin, Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestTokenClientCredentialsDemo(t *testing.T) {
	code, out, errOut := run(t, nil, "token", "--provider", "demo", "--flow", "client-credentials", "--output", "access-token")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tok, err := inspect.Decode(strings.TrimSpace(out))
	if err != nil || tok.StringClaim("client_id") != "demo-service" {
		t.Fatalf("printed token does not decode as the demo service's: %v %q", err, out)
	}
}

func TestTokenWrongSecret(t *testing.T) {
	code, out, errOut := run(t, nil, "token", "--provider", "demo", "--client-secret", "wrong-secret-value")
	if code == 0 || out != "" {
		t.Fatalf("exit %d, stdout %q; want a failure and nothing on stdout", code, out)
	}
	first := strings.SplitN(errOut, "\n", 2)[0]
	if !strings.Contains(first, "invalid_client") || !strings.Contains(first, "wrong client_secret") {
		t.Errorf("first line %q lacks the server's error and description", first)
	}
	if strings.Contains(errOut, "wrong-secret-value") {
		t.Error("the secret appears in the error output")
	}
}

func TestTokenVerboseMasksSecrets(t *testing.T) {
	code, out, errOut := run(t, nil, "token", "-v", "--provider", "demo", "--output", "access-token")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, leak := range []string{"O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", strings.TrimSpace(out)} {
		if strings.Contains(errOut, leak) {
			t.Errorf("transcript shows %.20q…", leak)
		}
	}
	if !strings.Contains(errOut, "POST /oauth/token") || !strings.Contains(errOut, "grant_type=client_credentials") {
		t.Errorf("transcript lacks the token request:\n%s", errOut)
	}
}

func TestTokenAgainstIssuer(t *testing.T) {
	srv := demotest.Start(t)
	code, out, errOut := run(t, nil, "token", "--issuer", srv.Issuer(), "--client-id", "demo-service-post",
		"--client-secret", "hIg8Q~pLtAw.VEKU6379lzLa2KH1MnAus0hw6WoJ", "--auth-method", "client_secret_post", "--scope", "api.read", "--output", "header")
	if code != 0 || !strings.HasPrefix(out, "Authorization: Bearer ey") {
		t.Fatalf("exit %d, out %q, err %s", code, out, errOut)
	}
}

func TestTokenUnreachable(t *testing.T) {
	code, _, errOut := run(t, nil, "token", "--issuer", "http://127.0.0.1:9", "--client-id", "x", "--client-secret", "y", "--timeout", "2s")
	if code != 1 || !strings.Contains(errOut, "refused") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

var urlLine = regexp.MustCompile(`(?m)^  (http://\S+/authorize\?\S+)$`)

// waitForURL waits for the authorization URL on the command's stderr.
func waitForURL(t *testing.T, errb *syncBuffer) string {
	t.Helper()
	return errb.waitMatch(t, urlLine)
}

func TestTokenAuthCodeNoBrowser(t *testing.T) {
	for _, manual := range []bool{false, true} {
		name := "listener"
		if manual {
			name = "manual"
		}
		t.Run(name, func(t *testing.T) {
			var out, errb syncBuffer
			pr, pw := io.Pipe()
			args := []string{"token", "--flow", "authorization-code", "--no-browser", "--provider", "demo"}
			if manual {
				args = append(args, "--manual")
			}
			done := make(chan int)
			go func() {
				done <- Execute(context.Background(), "test", args, Streams{In: pr, Out: &out, Err: &errb})
			}()
			authURL := waitForURL(t, &errb)
			redirect, err := demotest.Login(context.Background(), authURL, true)
			if err != nil {
				t.Fatal(err)
			}
			if manual {
				io.WriteString(pw, redirect+"\n")
			} else {
				browserGet(t, redirect)
			}
			waitExit(t, done, &errb)
			pw.Close()
			for _, field := range []string{`"access_token"`, `"id_token"`, `"refresh_token"`} {
				if !strings.Contains(out.String(), field) {
					t.Errorf("output lacks %s:\n%s", field, out.String())
				}
			}
		})
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// TestTokenAuthCodeIssuerExactRedirect runs the flow against the demo
// provider as any standard OpenID provider (by --issuer), with an exact
// redirect URI, and without offline_access: no refresh token is handled
// and explained, not an error.
func TestTokenAuthCodeIssuerExactRedirect(t *testing.T) {
	srv := demotest.Start(t)
	redirect := "http://127.0.0.1:" + freePort(t) + "/oauth/cb"
	var out, errb syncBuffer
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--issuer", srv.Issuer(),
		"--client-id", "demo-confidential", "--client-secret", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97",
		"--redirect-uri", redirect, "--scope", "openid profile"}
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	authURL := waitForURL(t, &errb)
	if !strings.Contains(authURL, "redirect_uri="+url.QueryEscape(redirect)) {
		t.Errorf("authorization URL does not carry the exact redirect URI: %s", authURL)
	}
	back, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(back, redirect+"?") {
		t.Fatalf("the provider redirected to %s", back)
	}
	browserGet(t, back)
	waitExit(t, done, &errb)
	if strings.Contains(out.String(), `"refresh_token"`) {
		t.Error("a refresh token came without offline_access")
	}
	if strings.Contains(errb.String(), "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97") {
		t.Error("the transcript shows the client secret")
	}
}

func TestTokenWithConfiguredProvider(t *testing.T) {
	srv := demotest.Start(t)
	path := providersFile(t, "[providers.svc]\nissuer = \""+srv.Issuer()+"\"\nclient_id = \"demo-service\"\nclient_secret_command = \"echo O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv\"\nscopes = [\"api.read\"]\n")
	code, out, errOut := run(t, nil, "token", "--config", path, "--provider", "svc", "--output", "header")
	if code != 0 || !strings.HasPrefix(out, "Authorization: Bearer ey") {
		t.Fatalf("exit %d, out %q, err %s", code, out, errOut)
	}
	code, _, errOut = run(t, nil, "token", "--config", path, "--provider", "keycloak", "--url", srv.Issuer(), "--client-id", "x")
	if code == 0 || !strings.Contains(errOut, "--realm") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestReadLine(t *testing.T) {
	in := strings.Repeat("x", 100) + "\nshort\n" + "tail"
	r := bufio.NewReaderSize(strings.NewReader(in), 16)
	for _, want := range []struct {
		line    string
		tooLong bool
	}{{"", true}, {"short", false}, {"tail", false}} {
		line, tooLong, _ := readLine(r, 50)
		if line != want.line || tooLong != want.tooLong {
			t.Errorf("got %q %v, want %q %v", line, tooLong, want.line, want.tooLong)
		}
	}
}

// browserGet plays the browser's last hop: the redirect to the listener.
// loginRun runs the command line args and, once it prints the
// authorization URL, logs in at the demo and approves as a browser would,
// follows the redirect to the listener and waits for the command to end.
// It returns the URL and what the command wrote.
func loginRun(t *testing.T, args ...string) (authURL string, out, errb *syncBuffer) {
	t.Helper()
	out, errb = &syncBuffer{}, &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: out, Err: errb})
	}()
	authURL = waitForURL(t, errb)
	redirect, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	browserGet(t, redirect)
	waitExit(t, done, errb)
	return authURL, out, errb
}

func browserGet(t *testing.T, u string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// waitExit waits for a command run in the background to end with status 0.
func waitExit(t *testing.T, done <-chan int, errb *syncBuffer) {
	t.Helper()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(2 * time.Minute): // a bound on a command that hangs, not a speed limit
		t.Fatal("the command did not finish")
	}
}

// TestTokenManualStdinClosed: with --manual, stdin is the only way in, so
// its end stops the wait at once instead of after the callback timeout.
func TestTokenManualStdinClosed(t *testing.T) {
	code, _, errOut := run(t, strings.NewReader("not a url\n"), "token", "--flow", "authorization-code", "--provider", "demo", "--no-browser", "--manual")
	if code != 1 || !strings.Contains(errOut, "stdin ended before a redirect URL was pasted") || !strings.Contains(errOut, "paste again") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}
