package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// ccRun runs client credentials with client_secret_basic against the
// demo and returns the run and the flow's secrets.
func ccRun(t *testing.T, p providers.Provider) (Run, []string) {
	t.Helper()
	g, _ := GrantByID(FlowIDClientCredentials)
	f := g.New(p, Options{})
	run := NewRun(p, g, time.Date(2026, 12, 2, 6, 40, 0, 0, time.UTC))
	for !f.Done() {
		run.Add(f.Next(context.Background()))
	}
	return run, append(f.Secrets(), p.ClientSecret)
}

// authCodeRun logs in at the demo as the confidential client and runs
// the authorization code flow to its end, refresh included.
func authCodeRun(t *testing.T) (Run, []string) {
	t.Helper()
	srv := demotest.Start(t)
	p := authCodeProvider(t, srv, "demo-confidential")
	g, _ := GrantByID(FlowIDAuthCode)
	f := NewAuthCode(p, Options{})
	run := NewRun(p, g, time.Now())
	t.Cleanup(func() { f.Close() })
	for !f.Done() {
		r := f.Next(context.Background())
		run.Add(r)
		if r.Step.ID == ACAuthRequest.ID {
			redirect, err := demotest.Login(context.Background(), r.Prompt.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			go deliver(t, redirect)
		}
	}
	for _, r := range run.Results {
		if r.Status == Failed {
			t.Fatalf("step %s failed: %v", r.Step.ID, r.Err)
		}
	}
	return run, append(f.Secrets(), p.ClientSecret)
}

func export(t *testing.T, run Run, f ExportFormat, m Masker) string {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, run, f, m); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkSecrets checks that no secret is in out without reveal, and that
// with it every one is and the file says so at its top.
func checkSecrets(t *testing.T, run Run, secrets []string) {
	t.Helper()
	for _, f := range ExportFormats() {
		masked := export(t, run, f, Masker{Secrets: secrets})
		for _, s := range secrets {
			if len(s) >= 8 && strings.Contains(masked, s) {
				t.Errorf("%s: secret %.10s… in the masked export", f, s)
			}
		}
		if p := safetexttest.Problem(masked); p != "" {
			t.Errorf("%s: %s", f, p)
		}
		revealed := export(t, run, f, Masker{Reveal: true, Secrets: secrets})
		for _, s := range secrets {
			if len(s) >= 8 && sentRaw(run, s, f == ExportMarkdown || f == ExportHAR) && !strings.Contains(revealed, s) {
				t.Errorf("%s: secret %.10s… missing from the revealed export", f, s)
			}
		}
		top := strings.Join(strings.SplitN(revealed, "\n", 4)[:3], "\n")
		if !strings.Contains(strings.ToLower(top), "secrets in clear") {
			t.Errorf("%s: the revealed export does not say so at its top:\n%s", f, top)
		}
	}
}

// sentRaw reports whether s went over the wire as it is (a client secret
// sent in a Basic header did not).
func sentRaw(run Run, s string, answers bool) bool {
	for _, ex := range run.exchanges() {
		var all []string
		all = append(all, ex.Request.URL, string(ex.Request.Body))
		for _, vs := range ex.Request.Header {
			all = append(all, vs...)
		}
		if ex.Response != nil && answers {
			all = append(all, string(ex.Response.Body))
		}
		if strings.Contains(strings.Join(all, "\n"), s) {
			return true
		}
	}
	return false
}

func TestExportClientCredentialsSecrets(t *testing.T) {
	srv := demotest.Start(t)
	run, secrets := ccRun(t, demoProvider(t, srv, "demo-service"))
	checkSecrets(t, run, secrets)
}

func TestExportAuthCodeSecrets(t *testing.T) {
	run, secrets := authCodeRun(t)
	checkSecrets(t, run, secrets)
	sh := export(t, run, ExportCurl, Masker{Secrets: secrets})
	for _, want := range []string{"Authorization request: made by the browser", "loopback callback listener", "authorization code was spent", "refresh token may be spent"} {
		if !strings.Contains(sh, want) {
			t.Errorf("the script does not say %q", want)
		}
	}
	// The spent code's request is commented out, so CODE is not required.
	if strings.Contains(sh, `"${CODE:?`) {
		t.Error("the script requires the spent code")
	}
	if _, err := exec.LookPath("sh"); err == nil {
		cmd := exec.Command("sh", "-n")
		cmd.Stdin = strings.NewReader(sh)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sh -n: %v %s", err, out)
		}
	}
	if md := export(t, run, ExportMarkdown, Masker{Secrets: secrets}); !strings.Contains(md, "The user was sent to:") || !strings.Contains(md, "code_challenge=") {
		t.Error("the transcript does not show the authorization request's URL")
	}
	httpFile := export(t, run, ExportHTTP, Masker{Secrets: secrets})
	if !strings.Contains(httpFile, "@CLIENT_SECRET =\n") && !strings.Contains(httpFile, "@BASIC_CREDENTIALS =\n") {
		t.Errorf(".http file declares no empty credentials variable:\n%s", httpFile)
	}
	if !strings.Contains(httpFile, "{{ACCESS_TOKEN}}") {
		t.Error(".http file does not refer to {{ACCESS_TOKEN}}")
	}
}

// TestExportCurlReplays runs the exported script against the demo with
// the secrets in the environment: every request is answered 200.
func TestExportCurlReplays(t *testing.T) {
	for _, tool := range []string{"sh", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	srv := demotest.Start(t)
	run, secrets := ccRun(t, demoProvider(t, srv, "demo-service"))
	m := Masker{Secrets: secrets}
	script := filepath.Join(t.TempDir(), "replay.sh")
	if err := WriteExportFile(script, run, ExportCurl, m); err != nil {
		t.Fatal(err)
	}
	sv := newSecretVars()
	sv.collect(run, m)
	cmd := exec.Command("sh", script)
	cmd.Env = os.Environ()
	for _, v := range sv.vars {
		cmd.Env = append(cmd.Env, v.name+"="+v.value)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "-> HTTP 200"); n != 3 || !strings.Contains(string(out), `"access_token"`) {
		t.Errorf("%d answers 200, want 3 (discovery, token, JWKS):\n%s", n, out)
	}
	// Without the secrets it stops before the first request.
	cmd = exec.Command("sh", script)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "BASIC_CREDENTIALS") {
		t.Errorf("without the secrets: %v\n%s", err, out)
	}
}

func TestExportHARRoundTrips(t *testing.T) {
	srv := demotest.Start(t)
	run, secrets := ccRun(t, demoProvider(t, srv, "demo-service"))
	raw := export(t, run, ExportHAR, Masker{Secrets: secrets})
	var h HAR
	if err := json.Unmarshal([]byte(raw), &h); err != nil {
		t.Fatal(err)
	}
	if h.Log.Version != "1.2" || h.Log.Creator.Name != "oauth-explorer" || !h.Log.Masked || !strings.Contains(h.Log.Comment, "masked") {
		t.Errorf("log %+v", h.Log)
	}
	var steps []string
	for _, e := range h.Log.Entries {
		steps = append(steps, e.Step)
		if _, err := time.Parse(time.RFC3339, e.StartedDateTime); err != nil || !strings.Contains(e.StartedDateTime, ".") {
			t.Errorf("startedDateTime %q: %v", e.StartedDateTime, err)
		}
		if e.Response.Status != 200 || e.Response.HTTPVersion == "" || e.Request.HeadersSize != -1 || e.Comment == "" {
			t.Errorf("entry %+v", e)
		}
		if e.Time != e.Timings.Send+e.Timings.Wait+e.Timings.Receive {
			t.Errorf("time %v is not the sum of the timings %+v", e.Time, e.Timings)
		}
	}
	if got := strings.Join(steps, ","); got != "discovery,token,verify" {
		t.Errorf("steps %s", got)
	}
	// Every required member is there, in the file itself.
	var generic map[string]map[string]any
	_ = json.Unmarshal([]byte(raw), &generic)
	entry := generic["log"]["entries"].([]any)[1].(map[string]any)
	for _, k := range []string{"startedDateTime", "time", "request", "response", "cache", "timings"} {
		if _, ok := entry[k]; !ok {
			t.Errorf("entry lacks %s", k)
		}
	}
	req := entry["request"].(map[string]any)
	for _, k := range []string{"method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize", "postData"} {
		if _, ok := req[k]; !ok {
			t.Errorf("request lacks %s", k)
		}
	}
	resp := entry["response"].(map[string]any)
	for _, k := range []string{"status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize"} {
		if _, ok := resp[k]; !ok {
			t.Errorf("response lacks %s", k)
		}
	}
}

func TestWriteExportFileMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := Run{Grant: "Test", Provider: "here"}
	if err := WriteExportFile(path, run, ExportMarkdown, Masker{}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "# Test at here") {
		t.Errorf("content %q", b)
	}
	if err := WriteExportFile(dir, run, ExportMarkdown, Masker{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a directory: %v", err)
	}
	// A symbolic link is replaced, not followed.
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := WriteExportFile(link, run, ExportMarkdown, Masker{}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("files left: %v", entries)
	}
}

func TestRunFileName(t *testing.T) {
	run := Run{GrantID: "client-credentials", Start: time.Date(2026, 12, 2, 6, 40, 0, 0, time.UTC)}
	if got := run.FileName(ExportHAR); got != "oauth-explorer-client-credentials-20261202-064000.har" {
		t.Errorf("%q", got)
	}
	if got := (Run{GrantID: "../x"}).FileName(ExportMarkdown); got != "oauth-explorer-x.md" {
		t.Errorf("%q", got)
	}
}

func TestExportFormatFor(t *testing.T) {
	for _, tc := range []struct {
		path, explicit string
		want           ExportFormat
		err            string
	}{
		{"run.md", "", ExportMarkdown, ""},
		{"run.HAR", "", ExportHAR, ""},
		{"run.sh", "", ExportCurl, ""},
		{"run.http", "", ExportHTTP, ""},
		{"run.rest", "", ExportHTTP, ""},
		{"run.txt", "curl", ExportCurl, ""},
		{"run.txt", "", "", "{setting:export-format} (markdown, har, curl, http)"},
		{"run", "", "", "no extension"},
		{"run.md", "pdf", "", `unknown {setting:export-format} "pdf": use markdown, har, curl, http`},
	} {
		got, err := ExportFormatFor(tc.path, tc.explicit)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s %q: %q %v", tc.path, tc.explicit, got, err)
		}
	}
}

// TestHARFailuresAndBodies: an exchange without a response is written as
// devtools write one (status 0, _error); a body that is not UTF-8 goes
// base64; a cut body is marked.
func TestHARFailuresAndBodies(t *testing.T) {
	start := time.Date(2026, 12, 2, 6, 40, 0, 123e6, time.UTC)
	run := Run{Grant: "Test", Results: []Result{{Step: StepInfo{ID: "token", Title: "Token request"}, Status: Failed, Exchanges: []Exchange{
		{Step: "Token request", Start: start, Took: 1500 * time.Microsecond, Err: errors.New("connection refused"),
			Request: Message{Method: "POST", URL: "http://127.0.0.1:9/token#frag", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Body: []byte("grant_type=client_credentials&client_secret=s3cr3t-value-here")}},
		{Step: "Token request", Start: start, Request: Message{Method: "GET", URL: "http://127.0.0.1:9/bin?code=abc"},
			Response: &Message{Status: "200 OK", StatusCode: 200, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: []byte{0xff, 0xfe, 0x00}, Size: MaxBody + 1, Truncated: true}},
	}}}}
	var h HAR
	if err := json.Unmarshal([]byte(export(t, run, ExportHAR, Masker{})), &h); err != nil {
		t.Fatal(err)
	}
	e := h.Log.Entries[0]
	if e.Response.Status != 0 || e.Response.Error != "connection refused" || e.StartedDateTime != "2026-12-02T06:40:00.123Z" || e.Time != 1.5 {
		t.Errorf("failed entry %+v", e)
	}
	if e.Request.URL != "http://127.0.0.1:9/token" || strings.Contains(e.Request.PostData.Text, "s3cr3t") || len(e.Request.PostData.Params) != 2 || e.Request.PostData.Params[1].Value == "s3cr3t-value-here" {
		t.Errorf("request %+v", e.Request)
	}
	c := h.Log.Entries[1].Response.Content
	if c.Encoding != "base64" || c.Text != "//4A" || !c.Truncated || c.Comment == "" || c.Size != MaxBody+1 {
		t.Errorf("content %+v", c)
	}
	if q := h.Log.Entries[1].Request.QueryString; len(q) != 1 || q[0].Value == "abc" {
		t.Errorf("query %+v", q)
	}
}
