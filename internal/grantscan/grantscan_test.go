package grantscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFlows checks that the declarations are found in flows as it is.
func TestReadFlows(t *testing.T) {
	d, err := ReadFlows("../../flows")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		set  map[string]bool
		name string
	}{{d.Steps, "ACLogin"}, {d.Steps, "CCTokenRequest"}, {d.StepIDs, "login"}, {d.StepIDs, "callback"},
		{d.FlowIDs, "FlowIDAuthCode"}, {d.Grants, "AuthCode"}, {d.Grants, "NewAuthCode"}, {d.Grants, "NewClientCredentials"}} {
		if !want.set[want.name] {
			t.Errorf("%s not found among the declarations", want.name)
		}
	}
}

// TestCheckFinds runs Check on a file that does everything it forbids.
func TestCheckFinds(t *testing.T) {
	d, err := ReadFlows("../../flows")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := `package bad

import fl "` + FlowsImport + `"

func f(st fl.StepInfo, o *struct{ flow string }, set interface{ StringVar(*string, string, string, string) }) bool {
	set.StringVar(&o.flow, "flow", fl.FlowIDAuthCode, "allowed: a flag default")
	_ = fl.NewAuthCode
	_ = fl.FlowIDClientCredentials
	_ = fl.StepInfo{ID: "token"}
	switch st.ID {
	case "authorize":
	}
	return st.ID == fl.ACLogin.ID || "callback" != st.ID
}
`
	if err := os.WriteFile(filepath.Join(dir, "bad.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Check(dir, d)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"flows.NewAuthCode", "flows.FlowIDClientCredentials outside", `ID "token"`, `case "authorize"`, "flows.ACLogin", `with "callback"`} {
		if !strings.Contains(all, want) {
			t.Errorf("Check missed %s; it found:\n%s", want, all)
		}
	}
	if strings.Contains(all, "FlowIDAuthCode") {
		t.Errorf("Check refused a flag default:\n%s", all)
	}
}
