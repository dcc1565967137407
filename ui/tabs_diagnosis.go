package ui

import (
	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// diagnosisView renders the Diagnosis tab of a failed step: what happened,
// why it usually happens, what to try, where the rule is written, and the
// diagnosis code (the OAuth error, a provider's code such as AADSTS50011,
// or one of ours) to search for.
func (v *stepView) diagnosisView(r *flows.Result) []string {
	s, w := v.styles, v.detailsW
	if r == nil {
		return []string{s.Subtle.Render("Nothing to diagnose.")}
	}
	m := v.masker()
	d := r.Diagnosis
	if d == nil {
		d = v.words().diagnosis(flows.Diagnose(r.Err))
	}
	if d == nil {
		return []string{s.Subtle.Render("Nothing to diagnose: the step did not fail.")}
	}
	lines := []string{section(s, "What happened")}
	for _, l := range hanging(m.Text(d.What), s.Error, w-2, 0) {
		lines = append(lines, "  "+l)
	}
	if len(d.Causes) > 0 {
		lines = append(lines, "", section(s, "Likely causes"))
		lines = append(lines, bullets(mapStrings(d.Causes, m.Text), s.Value, w)...)
	}
	if len(d.Try) > 0 {
		lines = append(lines, "", section(s, "What to try"))
		lines = append(lines, bullets(mapStrings(d.Try, m.Text), s.Value, w)...)
	}
	if d.Ref != "" {
		lines = append(lines, "", section(s, "Reference"))
		lines = append(lines, indent(hanging(d.Ref, s.Value, w-2, 0), 2)...)
	}
	if d.Code != "" {
		// Often the server's own error code: made safe like the rest.
		lines = append(lines, "", section(s, "Code"), "  "+s.Key.Render(safetext.Line(d.Code)))
	}
	return lines
}
