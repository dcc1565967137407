package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// stepTitles lists the titles of the steps of results that made
// exchanges, with their status, in order: a capture's timeline.
func stepTitles(results []Result, withExchangesOnly bool) []string {
	var out []string
	for _, r := range results {
		if withExchangesOnly && len(r.Exchanges) == 0 {
			continue
		}
		out = append(out, r.Step.ID+"/"+r.Step.Title+"/"+r.Status.String())
	}
	return out
}

// readBack exports run as a HAR with m and explains it again.
func readBack(t *testing.T, run Run, m Masker) *Capture {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, run, ExportHAR, m); err != nil {
		t.Fatal(err)
	}
	c, err := ExplainHAR(context.Background(), &b, CaptureOptions{})
	if err != nil {
		t.Fatalf("explain the exported HAR: %v", err)
	}
	return c
}

// TestExplainOwnHARKeepsTheTimeline: an authorization code run exported
// as HAR and explained again shows the same timeline, step for step, the
// authorization request the browser made and the skipped steps included
// (HARLog.Steps), with the same outcomes.
func TestExplainOwnHARKeepsTheTimeline(t *testing.T) {
	run, secrets := authCodeRun(t)
	want := stepTitles(run.Results, false)
	for _, tc := range []struct {
		name string
		m    Masker
	}{{"masked", Masker{Secrets: secrets}}, {"revealed", Masker{Reveal: true}}} {
		t.Run(tc.name, func(t *testing.T) {
			c := readBack(t, run, tc.m)
			if !c.Own || c.Masked == tc.m.Reveal {
				t.Errorf("own %v masked %v", c.Own, c.Masked)
			}
			got := stepTitles(c.Run.Results, false)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, r := range c.Run.Results {
				if r.Step.Explain == nil {
					t.Errorf("step %s has no explanation", r.Step.Title)
				}
			}
			if c.Run.GrantID != run.GrantID || c.Run.Provider != "demo" {
				t.Errorf("grant %q provider %q", c.Run.GrantID, c.Run.Provider)
			}
			if !tc.m.Reveal {
				return
			}
			var idTokenChecked bool
			for _, r := range c.Run.Results {
				for _, in := range r.Inspections {
					if in.Label == "ID token" && in.Verification != nil && in.Verification.Valid {
						idTokenChecked = true
					}
				}
			}
			if !idTokenChecked {
				t.Errorf("the ID token was not verified from the capture's keys")
				dump(t, c)
			}
		})
	}
}

// dump logs the notes of every step of c.
func dump(t *testing.T, c *Capture) {
	t.Helper()
	for _, r := range c.Run.Results {
		b, _ := json.Marshal(r.Notes)
		t.Logf("%s %s: %s err=%v", r.Step.Title, r.Status, b, r.Err)
	}
	t.Logf("capture notes: %q", c.Notes)
}
