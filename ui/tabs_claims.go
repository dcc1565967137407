package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// inspectionsFor returns the tokens to show on the Claims tab of step i and
// the step that decoded them: the step's own inspections; for a step that
// obtained a token, those of the later step that decoded it, or when no
// later step will, the tokens flows decoded here without verification (a
// refresh); otherwise the latest ones decoded before step i.
func (v *stepView) inspectionsFor(i int) ([]flows.Inspection, int) {
	r := v.result(i)
	if r != nil && len(r.Inspections) > 0 {
		return r.Inspections, i
	}
	if r != nil && r.Token != nil {
		for j := i + 1; j < len(v.results); j++ {
			if rj := v.results[j]; rj != nil && len(rj.Inspections) > 0 {
				return rj.Inspections, j
			}
			if v.status[j] == flows.Pending || v.status[j] == flows.Running {
				return nil, -1 // a later step may decode it
			}
		}
		return r.Decoded, i
	}
	for j := i - 1; j >= 0; j-- {
		if rj := v.results[j]; rj != nil && len(rj.Inspections) > 0 {
			return rj.Inspections, j
		}
	}
	return nil, -1
}

// claimsView renders the Claims tab: for each token, its JOSE header, its
// claims with human values, and the verification checklist.
func (v *stepView) claimsView(i int) []string {
	s := v.styles
	if r := v.result(i); r != nil && r.Status == flows.Skipped && len(r.Notes) > 0 {
		// E.g. no ID token: plain OAuth 2.0 is not an error, say why.
		lines := hanging("This step was skipped:", s.Subtle, v.detailsW, 0)
		return append(lines, bullets(mapStrings(r.Notes, v.masker().Text), s.Value, v.detailsW)...)
	}
	ins, from := v.inspectionsFor(i)
	if len(ins) == 0 {
		msg := "No token has been decoded at this step."
		switch r := v.result(i); {
		case r != nil && r.Token != nil && r.Token.AccessToken != "":
			msg = "The token obtained here is decoded and verified in a later step."
		case r == nil && v.status[i] == flows.Skipped:
			msg = v.skippedWhy()
		}
		return hanging(msg, s.Subtle, v.detailsW, 0)
	}
	var lines []string
	if from != i {
		lines = append(lines, s.Subtle.Render("Decoded in step "+v.steps[from].Title+"."), "")
	}
	for n, in := range ins {
		if n > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, v.inspectionView(in)...)
	}
	return lines
}

// inspectionView renders one decoded token.
func (v *stepView) inspectionView(in flows.Inspection) []string {
	s, w := v.styles, v.detailsW
	title := strings.ToUpper(in.Label)
	if in.Token != nil {
		title += " · " + in.Token.Kind.String()
	}
	text, style := v.verdict(in)
	lines := []string{section(s, title)}
	lines = append(lines, hanging(text, style, w, 2)...)
	t := in.Token
	if t == nil {
		if in.DecodeErr != nil {
			lines = append(lines, hanging(in.DecodeErr.Error(), s.Error, w, 0)...)
		}
		return lines
	}
	var checks []inspect.Check
	if in.Verification != nil {
		checks = in.Verification.Checks
	}
	return append(lines, tokenLines(v.common, w, t, checks)...)
}

// tokenLines renders a decoded token for the Claims tab and the token
// decoder: the countdown to exp, the hazards found, the claims and then
// the JOSE header each with its meaning (times in UTC, local time and
// relative), and the verification checklist when checks is not empty. The
// claims come before the header, which says how the token is signed and
// so sits next to the checklist.
func tokenLines(c common, w int, t *inspect.Token, checks []inspect.Check) []string {
	s := c.styles
	var lines []string
	if t.Kind == inspect.KindOpaque {
		return append(lines, hanging("An opaque token has no claims a client may read: only the authorization server that issued it can say what it means, by introspection (RFC 7662).", s.Value, w, 0)...)
	}
	now := c.now()
	if cl, ok := t.Claim("exp"); ok && cl.Time != nil {
		if cl.Time.After(now) {
			lines = append(lines, s.Success.Render("Expires "+inspect.Relative(*cl.Time, now)))
		} else {
			lines = append(lines, s.Error.Render("Expired "+inspect.Relative(*cl.Time, now)))
		}
	}
	if len(t.Warnings) > 0 {
		lines = append(lines, "", section(s, "Warnings"))
		for _, wn := range t.Warnings {
			l := hanging(wn, s.Warn, w-4, 0)
			lines = append(lines, "  "+s.CheckWarn.Render("!")+" "+l[0])
			for _, rest := range l[1:] {
				lines = append(lines, "    "+rest)
			}
		}
	}
	if len(t.Claims) > 0 {
		lines = append(lines, "", section(s, "Claims (RFC 7519 §4)"))
		lines = append(lines, claimSection(s, t.Claims, false, now, c.loc, w)...)
	} else if t.Kind == inspect.KindJWE {
		lines = append(lines, "")
		lines = append(lines, hanging("The claims of an encrypted token (JWE) can only be read with the recipient's private key.", s.Subtle, w, 0)...)
	}
	if len(t.Header) > 0 {
		lines = append(lines, "", section(s, "Header (JOSE, RFC 7515 §4)"))
		lines = append(lines, claimSection(s, t.Header, true, now, c.loc, w)...)
	}
	if len(checks) > 0 {
		lines = append(lines, "", section(s, "Verification"))
		lines = append(lines, checkLines(s, checks, w)...)
	}
	return lines
}

// checks renders the verification checklist: a glyph per outcome, the
// check's name and why.
func checkLines(s *Styles, cs []inspect.Check, w int) []string {
	nw := 0
	for _, c := range cs {
		nw = max(nw, ansi.StringWidth(safetext.Line(c.Name)))
	}
	nw = min(nw, 12)
	var lines []string
	for _, c := range cs {
		glyph, style := "-", s.CheckSkip
		switch c.Status {
		case inspect.StatusPass:
			glyph, style = "✓", s.CheckPass
		case inspect.StatusFail:
			glyph, style = "✗", s.CheckFail
		case inspect.StatusWarn:
			glyph, style = "!", s.CheckWarn
		}
		detailStyle := s.Value
		if c.Status == inspect.StatusFail || c.Status == inspect.StatusWarn {
			detailStyle = style
		}
		indent := 4 + nw + 2
		detail := hanging(c.Detail, detailStyle, w-indent, 0)
		lines = append(lines, "  "+style.Render(glyph)+" "+s.Key.Render(padRight(truncate(safetext.Line(c.Name), nw), nw))+"  "+detail[0])
		for _, d := range detail[1:] {
			lines = append(lines, strings.Repeat(" ", indent)+d)
		}
	}
	return lines
}

// maxClaimRunes caps a claim's value (an x5c chain runs to kilobytes), as
// the decode command does.
const maxClaimRunes = 200

// claimSection renders claims (or header parameters) with their meanings;
// the names inspect does not know are listed once after them, rather than
// each with the same sentence.
func claimSection(s *Styles, cs []inspect.Claim, header bool, now time.Time, loc *time.Location, w int) []string {
	rows := claimDocs(cs, header, now, loc)
	lines := docRows(s, rows, w)
	var unknown []string
	for _, r := range rows {
		if r.meaning == "" {
			unknown = append(unknown, r.name)
		}
	}
	if len(unknown) == 0 {
		return lines
	}
	what := "Not registered or well-known, so their meaning is the issuer's: "
	if header {
		what = "Header parameters this tool does not know: "
	}
	return append(lines, indent(hanging(what+strings.Join(unknown, ", "), s.Subtle, w-2, 0), 2)...)
}

// claimDocs pairs each claim (or header parameter) with its value as
// people read it and its meaning; a time is shown in UTC, in loc and
// relative to now.
func claimDocs(cs []inspect.Claim, header bool, now time.Time, loc *time.Location) []docRow {
	rows := make([]docRow, len(cs))
	for i, c := range cs {
		r := docRow{name: c.Name, value: c.Describe(now)}
		if c.Time != nil {
			r.value = inspect.FormatTimeLocal(*c.Time, now, loc)
		}
		if rs := []rune(r.value); len(rs) > maxClaimRunes {
			r.value = fmt.Sprintf("%s… (%d characters)", string(rs[:maxClaimRunes]), len(rs))
		}
		d, ok := inspect.ExplainClaim(c.Name)
		if header {
			d, ok = inspect.ExplainHeader(c.Name)
		}
		if ok {
			r.meaning, r.ref = d.Meaning, d.Ref
		}
		rows[i] = r
	}
	return rows
}
