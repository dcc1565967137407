package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// View renders the step view without the help footer: two header lines,
// the timeline and the details side by side, and the status line.
func (v *stepView) View() string {
	if v.mode == modeURL {
		return v.urlView()
	}
	if v.mode == modeHelp {
		return v.helpView()
	}
	if v.mode == modeRuns || v.mode == modeCompare {
		return v.runsView()
	}
	if v.mode == modeLab {
		return v.labView()
	}
	var b strings.Builder
	b.Grow(v.width * (v.bodyH + 3) * 2)
	b.WriteString(v.headerView())
	b.WriteByte('\n')

	left := v.timelineView()
	right := v.detailsView()
	s := v.styles
	sepLine, sepRule := s.Separator.Render("│"), s.Separator.Render("┼")
	for i := 0; i < v.bodyH; i++ {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		b.WriteString(padRight(l, v.timelineW))
		if i == 1 {
			b.WriteString(sepRule)
		} else {
			b.WriteString(sepLine)
			b.WriteByte(' ')
		}
		b.WriteString(r)
		b.WriteByte('\n')
	}
	b.WriteString(v.statusView())
	return b.String()
}

// headerView renders where the user is (provider, flow), the issuer and
// the warning badges.
func (v *stepView) headerView() string {
	s := v.styles
	title := header(v.common, v.provider, v.flowName)
	var badges []string
	for _, w := range v.badges() {
		badges = append(badges, s.Badge.Render(" "+safetext.Line(w)+" "))
	}
	badge := strings.Join(badges, " ")
	if bw := ansi.StringWidth(badge); bw > 0 {
		title = padRight(truncate(title, v.width-bw-1), v.width-bw) + badge
	}
	// The settings come from the providers file or a form.
	issuer := s.Subtle.Render("issuer ") + safetext.Line(redact.Userinfo(orNone(v.settings.Issuer, v.settings.TokenURL, v.foundIssuer())))
	if v.settings.ClientID != "" {
		issuer += s.Subtle.Render("  client ") + safetext.Line(v.settings.ClientID) +
			s.Subtle.Render(" ("+safetext.Line(v.settings.AuthMethod)+")")
	}
	return title + "\n" + truncate(issuer, v.width)
}

// foundIssuer is the issuer a flow that finds its server (one started
// from an API URL) discovered, marked as found; "" before it has.
func (v *stepView) foundIssuer() string {
	for i := len(v.results) - 1; i >= 0; i-- {
		if r := v.results[i]; r != nil && r.Metadata != nil && r.Metadata.Issuer != "" {
			return r.Metadata.Issuer + " (found)"
		}
	}
	return ""
}

// badges lists the warnings to show in the header: those of the
// configuration, the pre-flight checks that found something, an unsigned
// token, and an ID token signed with a shared secret (HMAC), which only
// the client's own secret verifies and anyone holding it could forge: a
// public client cannot check it at all (OIDC Core §10.1).
func (v *stepView) badges() []string {
	out := append([]string(nil), v.warnings...)
	if n := v.preflightCount(); n > 0 {
		out = append(out, fmt.Sprintf("%d pre-flight %s", n, plural(n, "warning", "warnings")))
	}
	var none, hmac bool
	for _, r := range v.results {
		if r == nil {
			continue
		}
		for _, in := range r.Inspections {
			if in.Token == nil {
				continue
			}
			none = none || strings.EqualFold(in.Token.Alg, "none")
			hmac = hmac || (strings.EqualFold(in.Label, "ID token") && strings.HasPrefix(strings.ToUpper(in.Token.Alg), "HS"))
		}
	}
	if none {
		out = append(out, "alg:none")
	}
	if hmac {
		out = append(out, "HMAC ID token")
	}
	return out
}

// preflightCount counts the pre-flight warnings of the run so far.
func (v *stepView) preflightCount() int {
	n := 0
	for _, r := range v.results {
		if r != nil {
			n += len(r.Warnings)
		}
	}
	return n
}

// detailsView renders the right pane: the tab bar, a rule with the scroll
// position, and the viewport.
func (v *stepView) detailsView() []string {
	s := v.styles
	lines := make([]string, 0, v.bodyH)
	lines = append(lines, v.tabBar())

	ruleStyle, ch := s.Rule, "─"
	if v.focus == areaDetails {
		ruleStyle, ch = s.RuleFocused, "━"
	}
	pos := ""
	if total, h := v.viewport.TotalLineCount(), v.viewport.Height(); total > h {
		top := v.viewport.YOffset()
		pos = fmt.Sprintf(" %d–%d of %d ", top+1, min(top+h, total), total)
	}
	// One column wider than the pane: the rule row has no space after the
	// separator.
	n := max(v.detailsW-ansi.StringWidth(pos), 0)
	lines = append(lines, ruleStyle.Render(strings.Repeat(ch, n))+s.Subtle.Render(pos)+ruleStyle.Render(ch))
	// The visible part of the content, without the viewport's View: that
	// renders the lines through Lip Gloss again, the most costly part of
	// a frame, and refresh has wrapped and padded them already.
	top, h := v.viewport.YOffset(), v.viewport.Height()
	from := top
	if hr := v.stickyRows(); top > 0 && hr < h {
		// The diagram's participants stay on top as it scrolls; the
		// lines under them follow from where the scroll is.
		lines = append(lines, v.content[:hr]...)
		from, h = top+hr, h-hr
	}
	for i := from; i < from+h; i++ {
		if i < len(v.content) {
			lines = append(lines, v.markMatch(i, v.content[i]))
		} else {
			lines = append(lines, strings.Repeat(" ", v.detailsW))
		}
	}
	return append(lines, v.bottomLines()...)
}

// accessToken returns the access token of the latest step that obtained
// one.
func (v *stepView) accessToken() string {
	for i := len(v.results) - 1; i >= 0; i-- {
		if r := v.results[i]; r != nil && r.Token != nil && r.Token.AccessToken != "" {
			return r.Token.AccessToken
		}
	}
	return ""
}

// result returns the result of step i, or nil.
func (v *stepView) result(i int) *flows.Result {
	if i < 0 || i >= len(v.results) {
		return nil
	}
	return v.results[i]
}

// masker hides the flow's secrets unless revealed.
func (v *stepView) masker() flows.Masker {
	return flows.Masker{Reveal: v.reveal, Secrets: v.secrets}
}

// padLines is wrapLines with every line padded to width, each line
// measured once: the step view draws them as they are (see detailsView).
func padLines(lines []string, width int) []string {
	out := make([]string, 0, len(lines))
	add := func(l string, w int) {
		if n := width - w; n > 0 {
			l += strings.Repeat(" ", n)
		}
		out = append(out, l)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w <= width {
			add(l, w)
			continue
		}
		for _, p := range strings.Split(ansi.Wrap(l, width, ""), "\n") {
			add(p, ansi.StringWidth(p))
		}
	}
	return out
}

// wireTime adds up how long exchanges took, request sent to response read.
func wireTime(exs []flows.Exchange) time.Duration {
	var took time.Duration
	for _, ex := range exs {
		took += ex.Took
	}
	return took
}

// stickyRows is how many lines at the top of the details stay in place
// as they scroll: the diagram's participant names; none for other tabs.
func (v *stepView) stickyRows() int {
	if v.tab != tabDiagram || len(v.content) == 0 {
		return 0
	}
	return min(v.diagramRow(0), len(v.content))
}
