package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// decodeView is the token decoder, opened with t from the provider
// picker: a token pasted (bracketed paste) or typed is decoded at once, on
// this machine, and shown as the decode command prints it: the header and
// the claims with their meanings, times in UTC, local time and relative, a
// countdown to exp and the hazards found. With an issuer, enter runs the
// verification checklist: discovery, then the signature against the
// issuer's JWKS and the claims (iss, alg, exp, nbf, iat…).
type decodeView struct {
	common
	ctx  context.Context
	opts flows.Options

	token, issuer textinput.Model
	focus         int // 0: token, 1: issuer
	// reveal shows the token input in clear; masked, it shows what the
	// step view shows of a token (decode_reveal.go).
	reveal   bool
	viewport viewport.Model
	bodyH    int

	raw string // the input last decoded
	tok *inspect.Token
	err error

	// verifyID tags the verification in flight (0: none); checks is the
	// outcome of the last one, for verifiedFor (token and issuer).
	verifyID, verifySeq int
	checks              []inspect.Check
	verifiedFor         [2]string
	verifyErr           string

	clockID int
	ticking bool

	// mode is what the keys do: edit the inputs or, after ctrl+t, choose
	// a token action (decode_actions.go) to run at one of sources, the
	// providers ready, the one under cursor.
	mode       decodeMode
	sources    []actionSource
	cursor     int
	actions    []flows.TokenAction
	actionKeys []key.Binding
}

// decodeInputLabels are the labels in front of the two inputs.
var decodeInputLabels = [2]string{"Token  ", "Issuer "}

func newDecodeView(ctx context.Context, c common, opts flows.Options, reveal bool) decodeView {
	tok := textinput.New()
	tok.Prompt = "> "
	tok.Placeholder = "paste a JWT: eyJhbGciOi…"
	iss := textinput.New()
	iss.Prompt = "> "
	iss.Placeholder = "optional: the issuer URL, to verify the signature and claims"
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = true
	if ctx == nil {
		ctx = context.Background()
	}
	d := decodeView{ctx: ctx, opts: opts, token: tok, issuer: iss, viewport: vp, actions: flows.TokenActions(), reveal: reveal}
	d.actionKeys = tokenActionKeys(c.keys, d.actions)
	return d.setCommon(c)
}

// setCommon sizes the inputs and the result pane: two header lines, the
// two inputs, a rule, the result.
func (d decodeView) setCommon(c common) decodeView {
	d.common = c
	w := max(c.width-len(decodeInputLabels[0])-3, 1)
	for _, in := range []*textinput.Model{&d.token, &d.issuer} {
		in.SetStyles(c.styles.TextInput)
		in.SetWidth(w)
	}
	foot := len(helpLines(c.help, d.keyMap(), c.width))
	d.bodyH = max(c.height-foot, 1)
	d.viewport.SetWidth(c.width)
	d.viewport.SetHeight(max(d.bodyH-5, 1))
	return d.refresh()
}

// open shows the decoder with the token input focused.
func (d decodeView) open() (decodeView, tea.Cmd) {
	d.focus, d.mode = 0, decodeEditing
	d = d.setCommon(d.common)
	d.issuer.Blur()
	d.clockID, d.ticking = d.clockID+1, false
	d.verifyID = 0
	cmd := d.token.Focus()
	d, clock := d.keepClock()
	return d, tea.Batch(cmd, clock)
}

// openDecode shows the token decoder.
func (m Model) openDecode() (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.decode, cmd = m.decode.open()
	m.decode.sources = m.actionSources()
	m.screen = screenDecode
	return m, cmd
}

// decodeVerifiedMsg carries the checks of verification id.
type decodeVerifiedMsg struct {
	id     int
	checks []inspect.Check
}

// decodeClockMsg is the once-a-second tick of the decoder's countdown.
type decodeClockMsg struct{ id int }

// Update handles typing and pasting, the keys, the verification's result
// and the clock.
func (d decodeView) Update(msg tea.Msg) (decodeView, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case decodeVerifiedMsg:
		if msg.id != d.verifyID {
			return d, nil
		}
		d.verifyID, d.checks = 0, msg.checks
		d = d.refresh()
		d.viewport.GotoTop() // the verdict is on the first line
		return d, nil
	case decodeClockMsg:
		if msg.id != d.clockID {
			return d, nil
		}
		d.ticking = false
		d = d.refresh()
		return d.keepClock()
	case tea.MouseWheelMsg:
		d.viewport, cmd = d.viewport.Update(msg)
		return d, cmd
	case tea.KeyPressMsg:
		if d.mode == decodeChoosing {
			return d.chooserKey(msg)
		}
		if key.Matches(msg, actionKey()) {
			return d.openChooser(), nil
		}
		if c, ok := d.key(msg); ok {
			return d, c
		}
	}
	if d.focus == 0 {
		d.token, cmd = d.token.Update(msg)
	} else {
		d.issuer, cmd = d.issuer.Update(msg)
	}
	d = d.decode()
	d, clock := d.keepClock()
	return d, tea.Batch(cmd, clock)
}

// key handles the decoder's own keys; ok is false for a key the focused
// input should have.
func (d *decodeView) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := d.keys
	up, down := d.scrollKeys()
	switch {
	case key.Matches(k, km.Back):
		return emit(backMsg{}), true
	case key.Matches(k, km.NextTab, km.PrevTab):
		d.focus = 1 - d.focus
		if d.focus == 0 {
			d.issuer.Blur()
			return d.token.Focus(), true
		}
		d.token.Blur()
		return d.issuer.Focus(), true
	case key.Matches(k, km.Submit):
		return d.verify(), true
	case key.Matches(k, km.ShowSecret):
		d.reveal = !d.reveal
		return nil, true
	case key.Matches(k, km.PageUp):
		d.viewport.PageUp()
		return nil, true
	case key.Matches(k, km.PageDown):
		d.viewport.PageDown()
		return nil, true
	case key.Matches(k, up):
		d.viewport.ScrollUp(1)
		return nil, true
	case key.Matches(k, down):
		d.viewport.ScrollDown(1)
		return nil, true
	}
	return nil, false
}

// decode decodes the token input when it changed; a verification of
// another token or issuer no longer applies.
func (d decodeView) decode() decodeView {
	in := strings.TrimSpace(d.token.Value())
	if in != d.raw {
		d.raw = in
		d.tok, d.err = nil, nil
		if in != "" {
			d.tok, d.err = flows.DecodeToken(in)
		}
		d.viewport.GotoTop()
	}
	if d.verifiedFor != [2]string{d.raw, d.issuerURL()} {
		d.checks, d.verifyErr = nil, ""
	}
	return d.refresh()
}

func (d decodeView) issuerURL() string { return strings.TrimSpace(d.issuer.Value()) }

// verify starts the verification against the issuer given.
func (d *decodeView) verify() tea.Cmd {
	switch {
	case d.tok == nil || d.tok.Kind != inspect.KindJWS:
		d.verifyErr = "Paste a signed JWT (JWS) first: only it has a signature and claims to check."
	case d.issuerURL() == "":
		d.verifyErr = "Give the issuer URL (tab moves to it) to verify the token against its published keys."
	default:
		d.verifySeq++
		d.verifyID, d.verifyErr = d.verifySeq, ""
		d.verifiedFor = [2]string{d.raw, d.issuerURL()}
		d.checks = nil
		*d = d.refresh()
		return verifyDecoded(d.ctx, d.verifyID, d.opts, d.tok, d.issuerURL())
	}
	*d = d.refresh()
	return nil
}

// verifyDecoded runs the checklist as the decode command does with
// --issuer (flows.VerifyTokenWith: discovery, the issuer's keys, the
// claims), in a command.
func verifyDecoded(ctx context.Context, id int, opts flows.Options, t *inspect.Token, issuer string) tea.Cmd {
	return func() tea.Msg {
		checks, _ := flows.VerifyTokenWith(ctx, opts, t, issuer)
		return decodeVerifiedMsg{id: id, checks: checks}
	}
}

// needsClock reports whether a countdown shows: a token with exp.
func (d decodeView) needsClock() bool {
	if d.tok == nil {
		return false
	}
	c, ok := d.tok.Claim("exp")
	return ok && c.Time != nil
}

func (d decodeView) keepClock() (decodeView, tea.Cmd) {
	if d.ticking || !d.needsClock() {
		return d, nil
	}
	d.ticking = true
	id := d.clockID
	return d, d.after(time.Second, func(time.Time) tea.Msg { return decodeClockMsg{id: id} })
}

// refresh rebuilds the result pane: the chooser of token actions while
// it shows, else what the decoder found.
func (d decodeView) refresh() decodeView {
	if d.mode == decodeChoosing {
		d.viewport.SetContentLines(wrapLines(d.chooserLines(), d.width))
		d.viewport.GotoTop()
		return d
	}
	d.viewport.SetContentLines(wrapLines(d.resultLines(), d.width))
	return d
}

// resultLines renders what the decoder found.
func (d decodeView) resultLines() []string {
	s, w := d.styles, d.width
	switch {
	case d.raw == "":
		return hanging("The token is decoded here, on this machine: nothing is sent anywhere. Give the issuer too, and enter checks the signature with the issuer's published keys (discovery, then its JWKS) and the claims.", s.Subtle, w, 0)
	case d.tok == nil && d.err != nil:
		return hanging("✗ "+d.err.Error(), s.Error, w, 2)
	}
	var lines []string
	switch d.tok.Kind {
	case inspect.KindJWE:
		lines = append(lines, s.Section.Render("JWE: an encrypted JWT (RFC 7516)"))
	case inspect.KindJWS:
		lines = append(lines, s.Section.Render(d.tok.Heading()))
	default:
		lines = append(lines, s.Section.Render("Opaque token"))
	}
	switch {
	case d.verifyID != 0:
		lines = append(lines, s.Notice.Render(truncate("Verifying with "+safetext.Line(d.verifiedFor[1])+"…", w)))
	case d.verifyErr != "":
		lines = append(lines, hanging(d.verifyErr, s.Warn, w, 0)...)
	case len(d.checks) > 0:
		fail := 0
		for _, c := range d.checks {
			if c.Status == inspect.StatusFail {
				fail++
			}
		}
		if fail == 0 {
			lines = append(lines, s.Success.Render("✓ No check failed: see Verification below."))
		} else {
			lines = append(lines, s.Error.Render(fmt.Sprintf("✗ %d %s failed: do not accept this token.", fail, plural(fail, "check", "checks"))))
		}
	case d.tok.Kind == inspect.KindJWS:
		lines = append(lines, s.Warn.Render("Decoded, not verified: give the issuer and press enter."))
	}
	return append(lines, tokenLines(d.common, w, d.tok, d.checks)...)
}

// View renders the decoder in height lines.
func (d decodeView) View(height int) string {
	s := d.styles
	lines := []string{header(d.common, "Decode a token"), rule(d.common)}
	for i, in := range []textinput.Model{d.maskedToken(), d.issuer} {
		label := s.Label.Render(decodeInputLabels[i])
		if i == d.focus {
			label = s.LabelFocused.Render(decodeInputLabels[i])
		}
		lines = append(lines, label+inputView(in))
	}
	pos := ""
	if total, h := d.viewport.TotalLineCount(), d.viewport.Height(); total > h {
		top := d.viewport.YOffset()
		pos = fmt.Sprintf(" %d–%d of %d ", top+1, min(top+h, total), total)
	}
	n := max(d.width-ansi.StringWidth(pos)-1, 0)
	lines = append(lines, s.Rule.Render(strings.Repeat("─", n))+s.Subtle.Render(pos)+s.Rule.Render("─"))
	lines = append(lines, strings.Split(d.viewport.View(), "\n")...)
	return strings.Join(lines[:min(len(lines), height)], "\n")
}

// scrollKeys are the arrows of ScrollUp and ScrollDown: their letters
// (k, j) go to the inputs.
func (d decodeView) scrollKeys() (up, down key.Binding) {
	up, down = d.keys.ScrollUp, d.keys.ScrollDown
	up.SetKeys("up")
	down.SetKeys("down")
	return up, down
}

// update implements pane.
func (d *decodeView) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*d, cmd = d.Update(msg)
	return cmd
}

// render implements pane.
func (d *decodeView) render(height int) string { return d.View(height) }

// resize implements pane.
func (d *decodeView) resize(c common) { *d = d.setCommon(c) }

// back implements pane: back to the providers.
func (d *decodeView) back() (screen, tea.Cmd) { return screenProviders, nil }
