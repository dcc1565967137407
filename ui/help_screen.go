package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The step view's full help (?): every key it takes, grouped by what it
// is for, each with a sentence, across the whole screen. The footer shows
// only the keys that work at the moment; this page is where the others
// are learnt. The keys shown are the bindings' own, so that the page
// cannot drift from what the keys do.

// helpRow is one key of the help page and what it does.
type helpRow struct {
	keys []key.Binding
	what string
}

// helpSections are the help page's sections, from the step view's keys:
// its key map's, and those it derives (the token actions', the grants').
func (v *stepView) helpSections() []struct {
	title string
	rows  []helpRow
} {
	km := v.keys
	b := func(what string, ks ...key.Binding) helpRow { return helpRow{keys: ks, what: what} }
	var grantKeys []key.Binding
	for _, g := range v.grants {
		grantKeys = append(grantKeys, g.key)
	}
	return []struct {
		title string
		rows  []helpRow
	}{
		{"Moving around", []helpRow{
			b("the previous or next step; in the details, scroll a line", km.StepUp, km.StepDown),
			b("into the details, and back to the steps", km.FocusDetails, km.FocusSteps),
			b("the next or previous tab; a number goes to that tab", km.NextTab, km.PrevTab),
			b("the first or last step; in the details, the top or bottom", km.Top, km.Bottom),
			b("a page of the details up or down", km.PageUp, km.PageDown),
			b("find a text in the tab shown; n and N go to the next and previous place", km.Search, km.NextMatch, km.PrevMatch),
			b("the sequence diagram, and back to the tab before it", km.Diagram),
			{what: "the mouse: a click on a step selects it, a click on a tab shows it, the wheel scrolls the details; on the URL screen the mouse selects text"},
		}},
		{"The run", []helpRow{
			b("run the flow again with the same settings; the run before is kept", km.Rerun),
			b("the runs of this session; enter compares a run's access token with this run's, claim by claim", km.History),
			b("stop, and go back to the settings", km.Settings),
			b("stop waiting for the browser or the device", km.Stop),
			b("paste the address the browser landed on, or the code", km.Paste),
			b("copy the URL to open, or show it alone to select it", km.CopyURL, km.ShowURL),
		}},
		{"What the run holds", []helpRow{
			b("copy: a token, the token response, an Authorization header, the transcript; a capital letter shows a value alone, for a mouse selection", km.Copy),
			b("the actions menu: what a token held can do (introspect, revoke, userinfo) and the grants it starts", km.ActionMenu),
			b("the token actions without the menu, once the run holds a token ("+actionKeyList(v.actionKeys)+"): each runs as a run of its own on it; esc comes back", v.actionKeys...),
			b("switch the token actions to the run's refresh token, and back", actionTargetKey()),
			b("start a grant with a token the run holds ("+actionKeyList(grantKeys)+"); its settings open filled in", grantKeys...),
			b("reveal or mask secrets and tokens everywhere on screen", km.Reveal),
			b("export the run to a file: Markdown, HAR, a curl script, an .http file (0600; secrets masked unless revealed)", km.Export),
			b("the lab: edit a request of the selected step (a parameter, a header, a token's claim) and send it by hand, to see which protection the server applies; the run is not changed", km.Lab),
		}},
		{"The guided tour", []helpRow{
			b("in the tour (oauth-explorer tour, or its entry in the providers): on to the next stop, once the stop's run has ended", tourKey()),
		}},
		{"This page and leaving", []helpRow{
			b("this page; esc or ? closes it", km.MoreKeys),
			b("quit", km.Quit),
			b("quit at once, from any screen", km.ForceQuit),
		}},
	}
}

// keyNames writes the keys of bindings as a user types them; in ASCII,
// in words (asciiKeyName).
func keyNames(bs []key.Binding, ascii bool) string {
	pretty := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→", "pgup": "pgup", "pgdown": "pgdn", "shift+tab": "⇧tab"}
	var out []string
	for _, b := range bs {
		for _, k := range b.Keys() {
			if p, ok := pretty[k]; ok {
				k = p
			}
			out = append(out, asciiKeyName(k, ascii))
		}
	}
	return strings.Join(out, " ")
}

// rowKeys are the keys of a row of the help page as it shows them.
func (v *stepView) rowKeys(r helpRow) string {
	ks := keyNames(r.keys, v.ascii)
	if len(r.keys) > 0 && slices.Contains(r.keys[0].Keys(), "tab") {
		ks += " 1-6"
	}
	return ks
}

// helpLines are the help page's lines below its header.
func (v *stepView) helpLines() []string {
	s, w := v.styles, v.width
	var lines []string
	sections := v.helpSections()
	// The keys' column is as wide as the widest keys, within bounds:
	// said in words (ASCII) they are longer.
	keysW := 16
	for _, sec := range sections {
		for _, r := range sec.rows {
			keysW = max(keysW, min(ansi.StringWidth(v.rowKeys(r))+1, 24))
		}
	}
	for _, sec := range sections {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, s.Section.Render(sec.title))
		for _, r := range sec.rows {
			ks := v.rowKeys(r)
			if ks == "" && len(r.keys) > 0 {
				continue // none derived: no token action, no grant
			}
			text := hanging(r.what, s.Subtle, max(w-keysW-2, 20), 0)
			for i, t := range text {
				k := ""
				if i == 0 {
					k = ks
				}
				lines = append(lines, "  "+s.Key.Render(padRight(k, keysW))+t)
			}
		}
	}
	return lines
}

// helpRoom is how many lines of the help page show at once: the screen
// less the header and the footer.
func (v *stepView) helpRoom() int {
	return max(v.height-2-len(helpLines(v.help, v.keysIn(modeHelp), v.width)), 3)
}

// helpView renders the help page across the whole screen, scrolled to
// helpTop; the last line says when more is below.
func (v *stepView) helpView() string {
	lines := v.helpLines()
	room := v.helpRoom()
	top := min(v.helpTop, max(len(lines)-room, 0))
	end := min(top+room, len(lines))
	shown := slices.Clone(lines[top:end])
	if end < len(lines) {
		shown[len(shown)-1] = v.styles.Notice.Render(fmt.Sprintf("↓ %d more lines: %s/j, pgdn, G", len(lines)-end, v.keyText("↓")))
	}
	out := append([]string{header(v.common, v.provider, v.flowName, "Keys"), rule(v.common)}, shown...)
	return strings.Join(out, "\n")
}

// helpKey handles a key press on the help page: esc or ? closes it.
func (v stepView) helpKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	switch {
	case key.Matches(k, v.keys.Quit):
		return v, emit(quitMsg{})
	case key.Matches(k, v.keys.MoreKeys, v.keys.ClosePaste):
		v.mode, v.helpTop = modeBrowse, 0
		return v.setCommon(v.common), nil
	}
	last := max(len(v.helpLines())-v.helpRoom(), 0)
	km := v.keys
	switch {
	case key.Matches(k, km.StepUp):
		v.helpTop--
	case key.Matches(k, km.StepDown):
		v.helpTop++
	case key.Matches(k, km.PageUp):
		v.helpTop -= v.helpRoom()
	case key.Matches(k, km.PageDown):
		v.helpTop += v.helpRoom()
	case key.Matches(k, km.Top):
		v.helpTop = 0
	case key.Matches(k, km.Bottom):
		v.helpTop = last
	}
	v.helpTop = max(min(v.helpTop, last), 0)
	return v, nil
}
