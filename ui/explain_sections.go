package ui

import (
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// The Explain tab teaches a step from its flows.Explanation: the parties,
// every request parameter and response field with its meaning and
// reference, what to notice, the references. Once the step ran, each
// parameter and field shows the value it had in this run, so that the
// words of the specification meet what went over the wire; those the run
// did not use follow, still explained.

// termValues are the values a run gave to protocol words, by name, and the
// names in the order they came.
type termValues struct {
	vals  map[string]string
	order []string
	// help explains names the step's explanation does not list (an
	// extra authorization parameter).
	help map[string]string
}

func (tv *termValues) add(name, value string) {
	if tv.vals == nil {
		tv.vals = map[string]string{}
	}
	if _, ok := tv.vals[name]; !ok {
		tv.order = append(tv.order, name)
	}
	tv.vals[name] = value
}

// explainSections renders the explanation of step i, with the values of
// its result r (nil before it ran).
func (v *stepView) explainSections(i int, r *flows.Result) []string {
	ex := v.steps[i].Explain
	if ex == nil {
		return nil
	}
	s, w := v.styles, v.detailsW
	var lines []string
	if len(ex.Params) > 0 {
		lines = append(lines, "", section(s, "Parameters"))
		lines = append(lines, v.termSection(ex.Params, v.sentValues(r), "Also sent: ", "Not sent this time")...)
	}
	if fields := ex.ResponseFields(); len(fields) > 0 {
		lines = append(lines, "", section(s, "Response fields"))
		lines = append(lines, v.termSection(fields, v.receivedValues(r), "Also received: ", "Not in this response")...)
	}
	if len(ex.Notice) > 0 {
		lines = append(lines, "", section(s, "What to notice"))
		lines = append(lines, bullets(ex.Notice, s.Value, w)...)
	}
	if len(ex.Refs) > 0 {
		lines = append(lines, "", section(s, "References"))
		lines = append(lines, bullets(ex.Refs, s.Value, w)...)
	}
	return lines
}

// termSection renders terms: those with a value in this run first, in the
// explanation's order, then after also the names the run used that the
// explanation does not list, then under the heading unused the terms the
// run did not use. Before the step ran every term is listed plainly.
func (v *stepView) termSection(terms []flows.Term, tv termValues, also, unused string) []string {
	s, w := v.styles, v.detailsW
	row := func(t flows.Term) docRow {
		return docRow{name: t.Name, value: shortValue(t.Name, tv.vals[t.Name]), meaning: t.Meaning, ref: t.Ref}
	}
	if len(tv.vals) == 0 {
		rows := make([]docRow, len(terms))
		for i, t := range terms {
			rows[i] = row(t)
		}
		return docRows(s, rows, w)
	}
	var used, rest []docRow
	known := map[string]bool{}
	for _, t := range terms {
		known[t.Name] = true
		if _, ok := tv.vals[t.Name]; ok {
			used = append(used, row(t))
		} else {
			rest = append(rest, row(t))
		}
	}
	for _, name := range tv.order {
		if !known[name] && tv.help[name] != "" {
			used = append(used, docRow{name: name, value: tv.vals[name], meaning: tv.help[name]})
		}
	}
	nw := docNameWidth(append(append([]docRow{}, used...), rest...), w)
	lines := docRowsIn(s, used, nw, w)
	var others []string
	for _, name := range tv.order {
		if !known[name] && tv.help[name] == "" {
			others = append(others, name)
		}
	}
	if len(others) > 0 {
		lines = append(lines, indent(hanging(also+strings.Join(others, ", "), s.Subtle, w-2, 2), 2)...)
	}
	if len(rest) > 0 {
		lines = append(lines, "", "  "+s.Subtle.Render(unused))
		lines = append(lines, docRowsIn(s, rest, nw, w)...)
	}
	return lines
}

// maxTermValue caps a value beside its meaning (a JWK Set, an RSA
// modulus); the Response tab shows it whole. Secrets are never cut: once
// revealed they show whole, to be selected.
const maxTermValue = 120

func shortValue(name, v string) string {
	if flows.IsSecretName(name) {
		return v
	}
	if rs := []rune(v); len(rs) > maxTermValue {
		return fmt.Sprintf("%s… (%d characters; the Response tab has it all)", string(rs[:maxTermValue]), len(rs))
	}
	return v
}

// sentValues collects what a step sent, as flows read it (Result.Sent),
// secrets masked; a pair's meaning serves the names the step's explanation
// does not list (an extra authorization parameter).
func (v *stepView) sentValues(r *flows.Result) termValues {
	var tv termValues
	if r == nil {
		return tv
	}
	m := v.masker()
	for _, p := range r.Sent {
		tv.add(p.Name, m.Pair(p))
		if p.Meaning != "" {
			if tv.help == nil {
				tv.help = map[string]string{}
			}
			tv.help[p.Name] = p.Meaning
		}
	}
	return tv
}

// receivedValues collects what a step received: the response headers and
// the members flows read (Result.Received), a token response's members as
// tokenRows shows them instead, and the claims of the step's first token.
// Secrets are masked.
func (v *stepView) receivedValues(r *flows.Result) termValues {
	var tv termValues
	if r == nil {
		return tv
	}
	m, now := v.masker(), v.now()
	for _, p := range r.Received {
		if p.Where == flows.InHeader {
			tv.add(p.Name, m.Pair(p))
		}
	}
	if r.Token != nil {
		for _, kv := range v.tokenRows(r.Token, m) {
			tv.add(kv[0], kv[1])
		}
	} else {
		for _, p := range r.Received {
			if p.Where != flows.InHeader {
				tv.add(p.Name, m.Pair(p))
			}
		}
	}
	for _, in := range r.Inspections {
		if in.Token == nil {
			continue
		}
		for _, c := range in.Token.Claims {
			val := c.Describe(now)
			if c.Time != nil {
				val = inspect.FormatTimeLocal(*c.Time, now, v.loc)
			}
			tv.add(c.Name, val)
		}
		break
	}
	return tv
}
