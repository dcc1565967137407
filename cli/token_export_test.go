package cli

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// demoServiceSecret is the demo's published secret of demo-service.
const demoServiceSecret = "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv"

func TestTokenExportEveryFormat(t *testing.T) {
	dir := t.TempDir()
	for _, f := range flows.ExportFormats() {
		path := filepath.Join(dir, "run"+f.Ext())
		code, out, errOut := run(t, nil, "token", "--provider", "demo", "--output", "access-token", "--export", path)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errOut)
		}
		if !strings.Contains(errOut, "run exported to "+path+" ("+string(f)+";") {
			t.Errorf("%s: stderr does not say where the export went:\n%s", f, errOut)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", f, fi, err)
		}
		b, _ := os.ReadFile(path)
		for _, leak := range []string{demoServiceSecret, strings.TrimSpace(out)} {
			if strings.Contains(string(b), leak) {
				t.Errorf("%s: the export holds %.12q…", f, leak)
			}
		}
		if f == flows.ExportHAR {
			var h flows.HAR
			if err := json.Unmarshal(b, &h); err != nil || len(h.Log.Entries) != 3 || h.Log.Entries[1].Step != "token" {
				t.Errorf("HAR: %v %+v", err, h.Log)
			}
		}
	}
}

func TestTokenExportReveal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.sh")
	code, _, errOut := run(t, nil, "token", "--provider", "demo", "--output", "access-token", "--reveal", "--export", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "SECRETS IN CLEAR") {
		t.Errorf("stderr does not warn of the secrets:\n%s", errOut)
	}
	b, _ := os.ReadFile(path)
	head := strings.Join(strings.SplitN(string(b), "\n", 4)[:3], "\n")
	basic := base64.StdEncoding.EncodeToString([]byte("demo-service:" + demoServiceSecret))
	if !strings.Contains(head, "SECRETS IN CLEAR") || !strings.Contains(string(b), "BASIC_CREDENTIALS='"+basic+"'") {
		t.Errorf("the revealed script:\n%s", b)
	}
}

// TestTokenExportOnFailure: a failed run is exported too, with the
// diagnosis, and the exit status stays the failure's.
func TestTokenExportOnFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bug.md")
	code, _, errOut := run(t, nil, "token", "--provider", "demo", "--client-secret", "wrong-secret-value", "--export", path)
	if code != 1 || !strings.Contains(errOut, "run exported to "+path) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, _ := os.ReadFile(path)
	md := string(b)
	for _, want := range []string{"**failed**", "### Diagnosis", "invalid_client"} {
		if !strings.Contains(md, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "wrong-secret-value") {
		t.Error("the transcript holds the secret given")
	}
}

func TestTokenExportFlagErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--export", filepath.Join(dir, "run.txt")}, "--export-format (markdown, har, curl, http)"},
		{[]string{"--export", filepath.Join(dir, "run.md"), "--export-format", "pdf"}, `unknown --export-format "pdf"`},
		{[]string{"--export-format", "har"}, "--export-format goes with --export FILE"},
	} {
		code, _, errOut := run(t, nil, append([]string{"token", "--provider", "demo"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d: %s", tc.args, code, errOut)
		}
	}
	// Nothing ran, so nothing was written.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
	code, _, errOut := run(t, nil, "token", "--provider", "demo", "--export", dir, "--export-format", "md")
	if code == 0 || !strings.Contains(errOut, "export-format") {
		t.Errorf("a directory with a wrong format: exit %d: %s", code, errOut)
	}
	code, _, errOut = run(t, nil, "token", "--provider", "demo", "--export", dir, "--export-format", "markdown")
	if code == 0 || !strings.Contains(errOut, "is a directory") {
		t.Errorf("a directory: exit %d: %s", code, errOut)
	}
}
