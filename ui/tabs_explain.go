package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// explainView renders the Explain tab of step i, to be read top to bottom:
// first how the step went (status, error, pre-flight warnings, notes, the
// browser, the tokens' verdicts), then what it is for and who talks to
// whom, then every parameter and response field with its meaning and the
// value it had in this run, what to notice, and the references. The texts
// come from the step's flows.Explanation.
func (v *stepView) explainView(i int) []string {
	s, w := v.styles, v.detailsW
	st := v.steps[i]
	lines := append(v.tourLines(i), s.Section.Render(st.Title))
	if st.From != "" || st.To != "" {
		lines = append(lines, s.Subtle.Render(string(st.From)+" → "+string(st.To)))
	}
	lines = append(lines, v.statusLine(i))
	r := v.result(i)
	if r == nil && v.status[i] == flows.Skipped {
		lines = append(lines, "")
		lines = append(lines, hanging(v.skippedWhy(), s.Subtle, w, 0)...)
	}
	if r != nil {
		lines = append(lines, v.outcomeView(i, r)...)
	}
	purpose := sentence(st.Summary)
	if st.Explain != nil && st.Explain.Purpose != "" {
		purpose = st.Explain.Purpose
	}
	if purpose != "" {
		lines = append(lines, "", section(s, "What this step is for"))
		lines = append(lines, indent(hanging(purpose, s.Value, w-2, 0), 2)...)
	}
	if st.Explain != nil && st.Explain.Parties != "" {
		lines = append(lines, "", section(s, "Who talks to whom"))
		lines = append(lines, indent(hanging(st.Explain.Parties, s.Value, w-2, 0), 2)...)
	}
	m := v.masker()
	if r != nil && st.Explain == nil {
		// No explanation to hang the values on: show them plainly.
		if v.isCallback(i) {
			lines = append(lines, v.callbackParams(i, m)...)
		}
		if r.Metadata != nil {
			lines = append(lines, "", section(s, "Server metadata"))
			lines = append(lines, keyValues(s, metadataRows(r.Metadata), 22, w)...)
		}
		if r.Token != nil {
			lines = append(lines, "", section(s, "Token response (RFC 6749 §5.1)"))
			lines = append(lines, keyValues(s, v.tokenRows(r.Token, m), 13, w)...)
		}
	}
	if r != nil && r.AuthRequest != nil {
		lines = append(lines, v.authParamsView(r.AuthRequest, m, st.Explain == nil)...)
	}
	return append(lines, v.explainSections(i, r)...)
}

// outcomeView says what came of step i: the error, the pre-flight
// warnings, the notes, whether the browser opened, and the verdict on each
// token.
func (v *stepView) outcomeView(i int, r *flows.Result) []string {
	s, w := v.styles, v.detailsW
	m := v.masker()
	var lines []string
	if r.Err != nil {
		lines = append(lines, "")
		lines = append(lines, hanging("Error: "+m.Text(r.Err.Error()), s.Error, w, 2)...)
		if r.Diagnosis != nil {
			lines = append(lines, s.Subtle.Render("The Diagnosis tab (5) explains it."))
		}
	}
	if len(r.Warnings) > 0 {
		lines = append(lines, "")
		lines = append(lines, v.preflightView(r.Warnings)...)
	}
	if len(r.Notes) > 0 {
		lines = append(lines, "", section(s, "Notes"))
		lines = append(lines, bullets(mapStrings(r.Notes, m.Text), s.Value, w)...)
	}
	if r.Prompt != nil {
		lines = append(lines, "")
		lines = append(lines, v.promptView(r, m)...)
	}
	for _, in := range r.Inspections {
		text, style := v.verdict(in)
		lines = append(lines, "")
		lines = append(lines, hanging(text+". The Claims tab (4) shows the details.", style, w, 2)...)
	}
	return lines
}

// preflightView lists the pre-flight warnings, each with its reference:
// what the settings ask for that the server does not announce.
func (v *stepView) preflightView(ws []flows.Warning) []string {
	s, w := v.styles, v.detailsW
	n := len(ws)
	lines := []string{s.Warn.Render(fmt.Sprintf("! %d pre-flight %s", n, plural(n, "warning", "warnings")))}
	lines = append(lines, hanging("Checked before sending, against the server's metadata. The flow still runs: see what the server answers.", s.Subtle, w, 0)...)
	for _, wn := range ws {
		text := strings.TrimSuffix(sentence(wn.Message), ".")
		if wn.Ref != "" {
			text += " (" + wn.Ref + ")"
		}
		l := hanging(text, s.Warn, w-4, 0)
		lines = append(lines, "  "+s.CheckWarn.Render("!")+" "+l[0])
		lines = append(lines, indent(l[1:], 4)...)
	}
	return lines
}

// indent puts n spaces in front of every line.
func indent(lines []string, n int) []string {
	pad := strings.Repeat(" ", n)
	for i, l := range lines {
		lines[i] = pad + l
	}
	return lines
}

// promptView says what the step r asked of the user: whether the browser
// opened, the code to enter, where and for how long the answer is
// awaited, and what stays on this machine.
func (v *stepView) promptView(r *flows.Result, m flows.Masker) []string {
	s, w, pr := v.styles, v.detailsW, r.Prompt
	head := r.Step.Title
	if pr.Ref != "" {
		head += " (" + pr.Ref + ")"
	}
	lines := []string{section(s, safetext.Line(head))}
	switch {
	case pr.BrowserOpened:
		lines = append(lines, hanging("The browser was opened at this URL.", s.Value, w, 0)...)
	case pr.BrowserErr != nil:
		lines = append(lines, hanging("No browser was opened ("+browserWhy(pr.BrowserErr, m)+"): open the URL yourself (u copies it, v shows it alone).", s.Warn, w, 0)...)
	case pr.Kind == flows.PromptDeviceCode:
		lines = append(lines, hanging("Open the URL on any device (u copies it, v shows it alone) and enter the code "+safetext.Line(pr.UserCode)+".", s.Value, w, 0)...)
	default:
		lines = append(lines, hanging("Open the URL in a browser (u copies it, v shows it alone).", s.Value, w, 0)...)
	}
	var wait string
	if pr.RedirectURI != "" {
		wait = "The answer comes back to " + pr.RedirectURI
	} else {
		wait = "The flow waits for you"
	}
	if pr.ExpiresIn > 0 {
		wait += ", awaited for " + strings.TrimSuffix(formatLeft(pr.ExpiresIn), " 00s")
	}
	wait += "."
	if pr.Keeps != "" {
		wait += " " + pr.Keeps
	}
	return append(lines, hanging(safetext.Line(wait), s.Subtle, w, 0)...)
}

// authParamsView shows the URL the browser is sent to, after its
// parameters with what they do when withParams is set (the Parameters
// section of the explanation lists them otherwise).
func (v *stepView) authParamsView(ar *flows.AuthRequest, m flows.Masker, withParams bool) []string {
	s, w := v.styles, v.detailsW
	var lines []string
	if len(ar.Params) > 0 && withParams {
		lines = append(lines, "", section(s, "Parameters"))
		for _, p := range ar.Params {
			// The URL's parameters may be a provider's (a pasted or
			// configured authorization URL): made safe before styling.
			name, val := safetext.Line(p.Name), safetext.Line(m.Value(p.Name, p.Value))
			if ansi.StringWidth(name)+ansi.StringWidth(val)+3 <= w {
				lines = append(lines, "  "+s.Key.Render(name)+" "+s.Value.Render(val))
			} else {
				lines = append(lines, "  "+s.Key.Render(name))
				for _, l := range wrapPlain(val, w-4) {
					lines = append(lines, "    "+s.Value.Render(l))
				}
			}
			for _, l := range hanging(p.Explain, s.Subtle, w-4, 0) {
				lines = append(lines, "    "+l)
			}
		}
	}
	lines = append(lines, "", section(s, "URL"))
	return append(lines, urlLines(s, m.URL(ar.URL), w)...)
}

// statusLine says how step i went: status, exchanges, time on the wire.
func (v *stepView) statusLine(i int) string {
	s := v.styles
	st := v.status[i]
	text := v.glyph(i) + " " + st.String()
	if r := v.result(i); r != nil && len(r.Exchanges) > 0 {
		text += s.Subtle.Render(fmt.Sprintf(" · %d HTTP %s · %s", len(r.Exchanges),
			plural(len(r.Exchanges), "exchange", "exchanges"), flows.RoundDuration(wireTime(r.Exchanges))))
	}
	return text
}

// verdict sums up an inspection in a sentence, and the style to show it in.
func (v *stepView) verdict(in flows.Inspection) (string, lipgloss.Style) {
	s := v.styles
	label := strings.TrimSuffix(sentence(in.Label), ".")
	switch {
	case in.Token == nil && in.DecodeErr != nil:
		return label + ": not decoded", s.Warn
	case in.Token != nil && in.Token.Kind == inspect.KindOpaque:
		return label + ": opaque, only its issuer can read it", s.Subtle
	case in.Verification == nil:
		return label + ": decoded, not verified", s.Warn
	}
	var n [5]int
	for _, c := range in.Verification.Checks {
		if c.Status >= 0 && int(c.Status) < len(n) {
			n[c.Status]++
		}
	}
	counts := fmt.Sprintf(": %d passed, %d failed, %d %s, %d skipped", n[inspect.StatusPass], n[inspect.StatusFail],
		n[inspect.StatusWarn], plural(n[inspect.StatusWarn], "warning", "warnings"), n[inspect.StatusSkip])
	if in.Verification.Valid {
		return "✓ " + label + " is valid" + counts, s.Success
	}
	return "✗ " + label + " is not valid" + counts, s.Error
}

// tokenRows lists the members of a token response in the order the server
// sent them, secrets masked, expires_in with the time it ends.
func (v *stepView) tokenRows(t *flows.TokenResponse, m flows.Masker) [][2]string {
	var rows [][2]string
	add := func(name, val string) {
		if name == "expires_in" && !t.Expiry.IsZero() {
			val += " → " + inspect.FormatTimeLocal(t.Expiry, v.now(), v.loc)
		}
		rows = append(rows, [2]string{name, m.Value(name, val)})
	}
	if len(t.Fields) == 0 {
		add("access_token", t.AccessToken)
		add("token_type", t.TokenType)
		if t.ExpiresIn != 0 {
			add("expires_in", fmt.Sprint(t.ExpiresIn))
		}
		for _, f := range [][2]string{{"refresh_token", t.RefreshToken}, {"id_token", t.IDToken}, {"scope", t.Scope}} {
			if f[1] != "" {
				add(f[0], f[1])
			}
		}
		return rows
	}
	for _, f := range t.Fields {
		add(f.Name, f.Text())
	}
	return rows
}

// metadataRows picks the metadata a learner needs to follow the flow.
func metadataRows(md *providers.Metadata) [][2]string {
	var rows [][2]string
	for _, kv := range [][2]string{
		{"issuer", md.Issuer},
		{"token_endpoint", md.TokenEndpoint},
		{"authorization_endpoint", md.AuthorizationEndpoint},
		{"jwks_uri", md.JWKSURI},
		{"grant_types_supported", strings.Join(md.GrantTypesSupported, ", ")},
		{"token_endpoint_auth_methods_supported", strings.Join(md.TokenEndpointAuthMethodsSupported, ", ")},
		{"scopes_supported", strings.Join(md.ScopesSupported, ", ")},
	} {
		if kv[1] != "" {
			rows = append(rows, kv)
		}
	}
	return rows
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
