package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// errStopped is the cause given to the context of a step the user stopped
// with x: the flow reports "waiting cancelled: " and this.
var errStopped = errors.New("stopped from the terminal (x)")

// waiting reports whether the running step is one that waits for the
// user (flows.StepInfo.Waits): the user logs in, or enters a code, while
// the flow's Next blocks until they have, a paste, the deadline or a
// cancel. What they must do is the run's prompt.
func (v *stepView) waiting() bool {
	return v.running >= 0 && v.running < len(v.steps) && v.steps[v.running].Waits
}

// panelShown reports whether the details show the waiting panel.
func (v *stepView) panelShown() bool {
	return v.waiting() && v.selected == v.running && v.tab == tabExplain && v.mode != modeURL
}

// prompt returns what the run last asked the user to do, or nil.
func (v *stepView) prompt() *flows.Prompt {
	for i := len(v.results) - 1; i >= 0; i-- {
		if r := v.results[i]; r != nil && r.Prompt != nil {
			return r.Prompt
		}
	}
	return nil
}

// timeLeft returns how long the flow still waits for the user, and false
// when the prompt has no deadline.
func (v *stepView) timeLeft() (time.Duration, bool) {
	pr := v.prompt()
	if pr == nil || pr.Deadline.IsZero() {
		return 0, false
	}
	return max(pr.Deadline.Sub(v.now()), 0), true
}

// formatLeft renders a countdown: "4m 52s", "52s", "1h 05m".
func formatLeft(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

// waitLine says in a line that the flow waits, and for how much longer.
func (v *stepView) waitLine() string {
	line := "Waiting for you"
	if pr := v.prompt(); pr != nil && pr.Waiting != "" {
		line = safetext.Line(pr.Waiting)
	}
	if left, ok := v.timeLeft(); ok {
		line += " · " + formatLeft(left) + " left"
	}
	return line
}

// waitingView renders the panel shown while the flow waits for the user:
// what to do, whether the browser opened and why not, the code to enter
// (large, with its QR code where one fits: prompt_code.go), where the
// answer is awaited, the keys, and the URL last, so that a terminal
// selection can run from its start to the end of the panel.
func (v *stepView) waitingView() []string {
	s := v.styles
	pr := v.prompt()
	if pr == nil {
		return []string{
			s.Section.Render("Waiting for you"),
			v.spinner.View() + " " + s.Notice.Render(v.waitLine()),
			s.Value.Render("The flow waits for the user."),
		}
	}
	qr := v.qrLines(pr)
	panel := func(place qrPlace) []string { return v.panelLines(pr, qr, place) }
	return panel(v.qrPlacement(pr, qr, panel))
}

// panelLines renders the waiting panel of pr with its QR code qr at place.
func (v *stepView) panelLines(pr *flows.Prompt, qr []string, place qrPlace) []string {
	s, w := v.styles, v.detailsW
	m := v.masker()
	lines := []string{
		s.Section.Render(safetext.Line(pr.Title)),
		v.spinner.View() + " " + s.Notice.Render(v.waitLine()),
	}
	if pr.BrowserErr != nil && !pr.BrowserOpened {
		lines = append(lines, hanging("! No browser was opened: "+browserWhy(pr.BrowserErr, m)+".", s.Warn, w, 2)...)
	}
	lines = append(lines, hanging(v.todo(pr), s.Value, w, 0)...)
	lines = append(lines, v.codeLines(pr, qr, place)...)
	switch {
	case pr.Listening:
		lines = append(lines, hanging("Listener "+pr.RedirectURI, s.Subtle, w, 2)...)
	case pr.RedirectURI != "":
		lines = append(lines, hanging("Redirect URI "+pr.RedirectURI+" (nothing listens there: paste)", s.Subtle, w, 2)...)
	}
	lines = append(lines, v.strayLine()...)
	// The keys again, shorter than in the help: they fit one line.
	var keys []string
	if v.canPaste() {
		keys = append(keys, v.keys.Paste.Help().Key+" paste")
	}
	if pr.UserCode != "" {
		keys = append(keys, v.keys.CopyCode.Help().Key+" copy code")
	}
	keys = append(keys, v.keys.CopyURL.Help().Key+" copy URL", v.keys.ShowURL.Help().Key+" "+v.showURLKey().Help().Desc, v.keys.Stop.Help().Key+" stop")
	lines = append(lines, hanging(strings.Join(keys, " · "), s.Key, w, 2)...)
	return append(lines, urlLines(s, m.URL(pr.URL), w)...)
}

// todo says what the user is to do, with the keys that help.
func (v *stepView) todo(pr *flows.Prompt) string {
	var todo string
	switch {
	case pr.Kind == flows.PromptDeviceCode && pr.BrowserOpened:
		todo = "A browser was opened at the URL below: enter the code there and approve, or do it on any other device. This screen goes on by itself. "
	case pr.Kind == flows.PromptDeviceCode:
		todo = "On any device, open the URL below (u copies it, v shows it alone), enter the code and approve. This screen goes on by itself. "
	case pr.BrowserOpened:
		todo = "The browser was opened at the URL below: log in there and approve, and this screen goes on by itself. "
	default:
		todo = "Open the URL below in any browser (u copies it, v shows it alone), log in and approve. "
	}
	if v.canPaste() {
		listener := pr.RedirectURI
		if host := hostOf(pr.RedirectURI); host != "" {
			listener = host
		}
		todo += "If that browser cannot reach " + listener + ", copy the address its last page shows and paste it here (p)."
	}
	return safetext.Line(strings.TrimSpace(todo))
}

// browserWhy says why no browser opened, without repeating that none did.
func browserWhy(err error, m flows.Masker) string {
	msg := m.Text(err.Error())
	return strings.TrimPrefix(msg, "no browser could be opened: ")
}

// hostOf returns host:port of a URL, or "".
func hostOf(raw string) string {
	rest, ok := strings.CutPrefix(raw, "http://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	return host
}

// urlLines breaks a URL into lines of exactly w cells (a URL has no place
// where a break reads better), each an OSC 8 hyperlink to the whole URL so
// that a terminal that supports them opens it on a click, wrapped or not.
// The URL is a provider's or a paste: one with a control character is
// shown escaped and is no link, since inside OSC 8 a control ends the
// sequence and the rest would reach the terminal as commands.
func urlLines(s *Styles, u string, w int) []string {
	link := s.Link
	if safe := safetext.Line(u); safe != u {
		u = safe
	} else {
		link = link.Hyperlink(u, "id=oauth-explorer-url")
	}
	pieces := strings.Split(ansi.Hardwrap(u, max(w, 1), false), "\n")
	for i, p := range pieces {
		pieces[i] = link.Render(p)
	}
	return pieces
}

// urlView renders the prompt's URL alone across the screen, for a
// terminal selection: the mouse is not captured on this screen. A prompt
// with a code to enter shows the code, and the QR code of the address
// that carries it when the screen holds it whole.
func (v *stepView) urlView() string {
	return strings.Join(v.urlScreenLines(v.urlQR()), "\n")
}

// urlQR returns the QR code the URL screen shows, or nil: only while the
// flow waits for the code to be entered, and only when it fits whole.
func (v *stepView) urlQR() []string {
	pr := v.prompt()
	if pr == nil || !v.waiting() {
		return nil
	}
	if qr := v.qrLines(pr); v.urlScreenQR(pr, qr) {
		return qr
	}
	return nil
}

// showURLKey is the key that shows the URL screen, its help saying when
// that screen shows a QR code too. Both helps are as wide, so that the
// footer's line count does not depend on which one shows.
func (v *stepView) showURLKey() key.Binding {
	k := v.keys.ShowURL
	if v.urlQR() != nil {
		k.SetHelp(k.Help().Key, "URL + QR")
	}
	return k
}

// urlScreenQR reports whether the URL screen holds the QR code qr of pr
// whole, beside its text, above the help footer.
func (v *stepView) urlScreenQR(pr *flows.Prompt, qr []string) bool {
	if qr == nil || pr.UserCode == "" {
		return false
	}
	foot := len(helpLines(v.help, v.keysIn(modeURL), v.width))
	lines := v.urlScreenLines(qr)
	if len(lines) > v.height-foot {
		return false
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > v.width {
			return false
		}
	}
	return true
}

// urlScreenLines renders the URL screen, with the QR code qr on the left
// of the text when it is not nil; the URL itself is below, across the
// whole width, so that a selection of it takes nothing else.
func (v *stepView) urlScreenLines(qr []string) []string {
	s, w := v.styles, v.width
	pr := v.prompt()
	name, do := "URL", "Open it in a browser, log in and approve."
	var code string
	if pr != nil {
		if pr.URLName != "" {
			name = safetext.Line(pr.URLName)
		}
		if pr.Kind == flows.PromptDeviceCode {
			do = "Open it on any device and enter the code."
		}
		if pr.UserCode != "" {
			code = s.Key.Render("Code ") + s.UserCode.Render(safetext.Line(pr.UserCode))
		}
	}
	lines := []string{header(v.common, v.provider, v.flowName), ""}
	textW := w
	if qr != nil {
		textW = w - ansi.StringWidth(qr[0]) - qrGap
	}
	text := []string{s.Section.Render(name)}
	text = append(text, hanging("Select the URL with the mouse (line breaks are dropped when pasted into a browser's address bar), or press u to copy it. "+do, s.Subtle, textW, 0)...)
	if code != "" {
		text = append(text, "", code)
	}
	if qr != nil {
		text = append(text, "")
		text = append(text, hanging("Or scan the QR code with a phone: it opens the address with the code in it.", s.Subtle, textW, 0)...)
		lines = append(lines, besideLines(qr, text, ansi.StringWidth(qr[0])+qrGap)...)
	} else {
		lines = append(lines, text...)
	}
	lines = append(lines, "")
	lines = append(lines, urlLines(s, v.masker().URL(v.promptURL()), w)...)
	if v.waiting() {
		lines = append(lines, "", s.Notice.Render(truncate(v.waitLine(), w)))
	}
	return lines
}

// urlKey handles a key press on the URL screen: u copies, q quits, the
// others go back.
func (v stepView) urlKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	switch {
	case key.Matches(k, v.keys.CopyURL):
		return v.copyURL()
	case key.Matches(k, v.keys.Quit):
		return v, emit(quitMsg{})
	}
	v.mode = modeBrowse
	return v, nil
}

// promptURL returns the URL the run asked the user to open, or "".
func (v *stepView) promptURL() string {
	if pr := v.prompt(); pr != nil {
		return pr.URL
	}
	return ""
}

// copyURL puts the prompt's URL on the clipboard through OSC52.
func (v stepView) copyURL() (stepView, tea.Cmd) {
	name := "URL"
	if pr := v.prompt(); pr != nil && pr.URLName != "" {
		name = pr.URLName
	}
	v, cmd := v.say(name + " copied to clipboard (OSC52): open it in a browser")
	return v, tea.Batch(tea.SetClipboard(v.promptURL()), cmd)
}

// copyCode puts the prompt's user code on the clipboard through OSC52.
func (v stepView) copyCode() (stepView, tea.Cmd) {
	pr := v.prompt()
	v, cmd := v.say("Code copied to clipboard (OSC52): enter it at the URL")
	return v, tea.Batch(tea.SetClipboard(pr.UserCode), cmd)
}

// stopStep cancels the running step's context: the wait for the browser
// ends with "waiting cancelled" and the Diagnosis tab tells what happened.
func (v stepView) stopStep() (stepView, tea.Cmd) {
	if v.stepCancel == nil {
		return v, nil
	}
	v.stepCancel(errStopped)
	v.stopAsked = true
	v = v.closePaste()
	v = v.setCommon(v.common)
	return v.say("Stopping the wait…")
}

// stoppedDiagnosis explains a step that failed because the user stopped
// it: nothing is wrong with the provider.
func stoppedDiagnosis(r flows.Result, pr *flows.Prompt, m flows.Masker) *flows.Diagnosis {
	what := "You stopped the step before it finished."
	if r.Err != nil {
		what = m.Text(r.Err.Error())
	}
	d := &flows.Diagnosis{
		What:   what,
		Causes: []string{"x was pressed while the step ran: nothing is wrong with the provider or the client"},
		Try:    []string{"press R to run the flow again"},
	}
	if r.Step.Waits && pr != nil && pr.Paste {
		d.Try = append(d.Try, "without a browser on this machine: open the URL anywhere, log in, then paste the address the browser ends on with p")
		d.Ref = "RFC 8252 §7.3"
	}
	return d
}
