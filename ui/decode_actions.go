package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// decodeMode is what the decoder's keys do: edit the inputs, or choose
// a token action and the provider it runs at.
type decodeMode int

const (
	decodeEditing decodeMode = iota
	decodeChoosing
)

// actionSource is a configured provider a token action can run at: its
// settings (endpoints found by discovery, the client that authenticates)
// and its ready-made clients.
type actionSource struct {
	name     string
	settings providers.Provider
	clients  []ClientChoice
}

// decodeActionMsg asks the root model to run action on target at the
// provider called name, with settings, in the step view.
type decodeActionMsg struct {
	name     string
	settings providers.Provider
	action   flows.TokenAction
	target   flows.Target
}

// decodeBackMsg leaves an action's run for the decoder it started from.
type decodeBackMsg struct{}

// actionKey opens the chooser of token actions on the decoded token.
func actionKey() key.Binding {
	return key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "act on token"))
}

// actionSources lists the providers a token action may run at: those
// ready (prepared, or with nothing to prepare), with the settings of the
// first flow, whose client is the one a grant would use.
func (m Model) actionSources() []actionSource {
	flowID := ""
	if len(m.cfg.Flows) > 0 {
		flowID = m.cfg.Flows[0].ID
	}
	var out []actionSource
	for i, pc := range m.cfg.Providers {
		if pc.Defaults == nil || (pc.Prepare != nil && !m.prepared[i]) {
			continue
		}
		out = append(out, actionSource{name: pc.Name, settings: pc.Defaults(flowID), clients: pc.Clients})
	}
	return out
}

// decodeAction runs a token action chosen in the decoder as a run of the
// step view; esc there comes back to the decoder, the token still in it.
func (m Model) decodeAction(msg decodeActionMsg) (tea.Model, tea.Cmd) {
	v, stop := m.steps.stop()
	v.from, v.fromDecoder, v.target, v.onRefresh = nil, true, msg.target, false
	v, cmd := v.start(m.ctx, msg.name, msg.settings, actionChoice(msg.action, msg.target), m.cfg.Options)
	m.steps, m.screen = v, screenSteps
	return m, tea.Batch(stop, cmd)
}

// backToDecode stops the action's run and shows the decoder again.
func (m Model) backToDecode() (tea.Model, tea.Cmd) {
	var stop tea.Cmd
	m.steps, stop = m.steps.stop()
	m.steps.fromDecoder = false
	mm, cmd := m.openDecode()
	return mm, tea.Batch(stop, cmd)
}

// tokenIssuers are the issuers the decoded token names: its iss claim and
// the issuer typed beside it.
func (d decodeView) tokenIssuers() []string {
	var out []string
	for _, s := range []string{d.tok.StringClaim("iss"), d.issuerURL()} {
		if s = strings.TrimSuffix(strings.TrimSpace(s), "/"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// matches returns the sources whose issuer is one the token names.
func (d decodeView) matches() []int {
	iss := d.tokenIssuers()
	var out []int
	for i, src := range d.sources {
		if s := strings.TrimSuffix(src.settings.Issuer, "/"); s != "" && slices.Contains(iss, s) {
			out = append(out, i)
		}
	}
	return out
}

// openChooser shows the token actions and the providers they may run at,
// the cursor on the first whose issuer is the token's.
func (d decodeView) openChooser() decodeView {
	if d.tok == nil {
		d.verifyErr = "Paste a token first: the actions send it to a provider."
		return d.refresh()
	}
	d.mode, d.cursor = decodeChoosing, 0
	if ms := d.matches(); len(ms) > 0 {
		d.cursor = ms[0]
	}
	d.token.Blur()
	d.issuer.Blur()
	return d.setCommon(d.common) // the footer changed
}

// closeChooser goes back to editing the input that had the focus.
func (d decodeView) closeChooser() (decodeView, tea.Cmd) {
	d.mode = decodeEditing
	d = d.setCommon(d.common)
	if d.focus == 0 {
		return d, d.token.Focus()
	}
	return d, d.issuer.Focus()
}

// chooserKey handles a key while the chooser shows: ↑/↓ pick the
// provider when the token's issuer does not name exactly one, an action's
// key runs it, esc closes the chooser.
func (d decodeView) chooserKey(k tea.KeyPressMsg) (decodeView, tea.Cmd) {
	km := d.keys
	switch {
	case key.Matches(k, km.Back):
		return d.closeChooser()
	case key.Matches(k, km.Up) && d.listShown():
		d.cursor = max(d.cursor-1, 0)
		return d.refresh(), nil
	case key.Matches(k, km.Down) && d.listShown():
		d.cursor = min(d.cursor+1, len(d.sources)-1)
		return d.refresh(), nil
	}
	for i, b := range d.actionKeys {
		if key.Matches(k, b) && d.cursor < len(d.sources) {
			return d, emit(d.actionMsg(d.actions[i], d.sources[d.cursor]))
		}
	}
	return d, nil
}

// listShown reports whether the chooser lists the providers: unless
// exactly one has the token's issuer.
func (d decodeView) listShown() bool { return len(d.matches()) != 1 }

// actionMsg is the run of a on the decoded token at src, with the client
// the token names (client_id, else azp) when src has it ready-made: a
// server revokes and shows a token only to the client it was issued to.
func (d decodeView) actionMsg(a flows.TokenAction, src actionSource) decodeActionMsg {
	p := src.settings
	client := d.tok.StringClaim("client_id")
	if client == "" {
		client = d.tok.StringClaim("azp")
	}
	for _, c := range src.clients {
		if c.ID == client && client != "" {
			p.ClientID, p.ClientSecret, p.AuthMethod = c.ID, c.Secret, c.AuthMethod
		}
	}
	return decodeActionMsg{name: src.name, settings: p, action: a,
		target: flows.Target{Token: d.tok.Raw, Hint: flows.HintFor(d.tok)}}
}

// chooserLines renders the chooser: what the actions send, the provider
// they run at (or the list to pick it from), and their keys.
func (d decodeView) chooserLines() []string {
	s, w := d.styles, d.width
	lines := []string{s.Section.Render("Act on this token")}
	hint := flows.HintFor(d.tok)
	say := "The token is sent to the provider's endpoint, with its client's credentials"
	if hint != "" {
		say += " and token_type_hint " + hint + " (it reads as an access token)"
	} else {
		say += " and no token_type_hint (nothing says which kind it is: the server looks it up as every kind)"
	}
	lines = append(lines, hanging(say+".", s.Subtle, w, 0)...)
	iss := d.tokenIssuers()
	ms := d.matches()
	switch {
	case len(d.sources) == 0:
		lines = append(lines, "", s.Warn.Render(truncate("No provider is ready to act with: choose one in the picker first (esc).", w)))
		return lines
	case len(ms) == 1:
		lines = append(lines, "", s.Label.Render("Provider ")+s.Value.Render(safetext.Line(d.sources[ms[0]].name))+
			s.Subtle.Render(" · its issuer is the token's"))
	default:
		why := "No configured provider has the token's issuer"
		if len(iss) > 0 {
			why += " (" + safetext.Line(strings.Join(iss, ", ")) + ")"
		}
		if len(ms) > 1 {
			why = "Several providers have the token's issuer"
		}
		lines = append(lines, "", s.Warn.Render(truncate(why+": choose one with "+d.keyText("↑/↓")+".", w)))
		for i, src := range d.sources {
			cur, style := "  ", s.Item
			if i == d.cursor {
				cur, style = s.Cursor.Render("› "), s.ItemSelected
			}
			row := cur + style.Render(safetext.Line(src.name)) + "  " + s.Subtle.Render(safetext.Line(orNone(src.settings.Issuer, src.settings.TokenURL)))
			if slices.Contains(ms, i) {
				row += s.Success.Render("  issuer matches")
			}
			lines = append(lines, truncate(row, w))
		}
	}
	var rows [][2]string
	for i, a := range d.actions {
		if k := d.actionKeys[i].Help().Key; k != "" {
			rows = append(rows, [2]string{k, a.Name + ": " + a.Summary})
		}
	}
	return append(append(lines, ""), keyValues(s, rows, 1, w)...)
}

// chooserHelp is the footer while the chooser shows.
func (d decodeView) chooserHelp() []key.Binding {
	km := d.keys
	var b []key.Binding
	if d.listShown() && len(d.sources) > 0 {
		up := km.Up
		up.SetHelp("↑/↓", "provider")
		b = append(b, up)
	}
	b = append(b, d.actionKeys...)
	back := km.Back
	back.SetHelp(back.Help().Key, "cancel")
	return append(b, back, km.ForceQuit)
}
