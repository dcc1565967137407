package ui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// The copy menu (c): every value a user may want elsewhere, behind one key
// and a letter. A copy goes to the terminal's clipboard through OSC 52,
// which works over SSH but which the terminal may drop without a word, and
// also to the local clipboard when Config.LocalClipboard has one; the
// status line says where it went, never that it surely arrived. The
// letter's upper case shows the value alone instead (value_view.go), for a
// mouse selection.

// copyItem is one line of the copy menu.
type copyItem struct {
	key  string // the letter that copies; its upper case shows the value alone
	name string
	// value is what is copied, "" when the run holds none.
	value func(v *stepView) string
	// masked: the value is text that holds secrets (a transcript), copied
	// masked unless they are revealed (r).
	masked bool
	// held, when set, tells cheaply whether the run holds the value: the
	// menu and the footer ask on every frame, and building a transcript
	// or a command to find out would be work done for nothing.
	held func(v *stepView) bool
}

// copyItems are the copy menu's lines, in its order.
var copyItems = []copyItem{
	{key: "a", name: "access token", value: (*stepView).accessToken},
	{key: "i", name: "ID token", value: func(v *stepView) string { return v.heldToken(flows.TakesIDToken) }},
	{key: "f", name: "refresh token", value: (*stepView).refreshToken},
	{key: "j", name: "token response (JSON)", value: (*stepView).tokenJSON},
	{key: "h", name: "Authorization header", value: (*stepView).authHeader},
	{key: "s", name: "this step's request (curl)", value: func(v *stepView) string { return v.command(flows.CommandCurl) }, masked: true, held: (*stepView).stepRequested},
	{key: "p", name: "this step's request (HTTPie)", value: func(v *stepView) string { return v.command(flows.CommandHTTPie) }, masked: true, held: (*stepView).stepRequested},
	{key: "t", name: "transcript of the run", value: (*stepView).transcript, masked: true, held: (*stepView).runRequested},
}

// command is the selected step's requests as shell commands, secrets as
// variables unless revealed (flows.RequestCommand).
func (v *stepView) command(style flows.CommandStyle) string {
	r := v.result(v.selected)
	if r == nil {
		return ""
	}
	return flows.RequestCommand(*r, style, v.masker())
}

// copyBinding is the key of item it (lower case: copy) or, with alone, of
// showing it alone (upper case).
func copyBinding(it copyItem, alone bool) key.Binding {
	k := it.key
	if alone {
		k = strings.ToUpper(k)
	}
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, it.name))
}

// copyable lists the items the run holds a value for.
func (v *stepView) copyable() []copyItem {
	var out []copyItem
	for _, it := range copyItems {
		if (it.held != nil && it.held(v)) || (it.held == nil && it.value(v) != "") {
			out = append(out, it)
		}
	}
	return out
}

// openCopyMenu shows the menu, or says there is nothing to copy yet.
func (v stepView) openCopyMenu() (stepView, tea.Cmd) {
	if len(v.copyable()) == 0 {
		return v.say("Nothing to copy yet: the run holds no token and made no request.")
	}
	v.mode = modeCopy
	return v.setCommon(v.common), nil
}

// copyMenuKey handles a key press while the copy menu is open: a letter
// copies (c too, for the access token, so that c c copies it), its upper
// case shows the value alone; esc closes.
func (v stepView) copyMenuKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	if key.Matches(k, v.keys.Quit) {
		return v, emit(quitMsg{})
	}
	if key.Matches(k, v.keys.ClosePaste) {
		v.mode = modeBrowse
		return v.setCommon(v.common), nil
	}
	for _, it := range v.copyable() {
		switch {
		case key.Matches(k, copyBinding(it, false)) || (it.key == "a" && key.Matches(k, v.keys.Copy)):
			v.mode = modeBrowse
			v = v.setCommon(v.common)
			return v.copyValue(it)
		case key.Matches(k, copyBinding(it, true)):
			v.mode = modeBrowse
			return v.setCommon(v.common), showAlone(it.name, it.value(&v))
		}
	}
	return v, nil
}

// copiedMsg reports a copy: what was copied, and what the local
// clipboard said (nil: copied there too).
type copiedMsg struct {
	what   string
	masked bool
	local  error
}

// errNoLocalClipboard is copiedMsg.local when the TUI has no local
// clipboard to copy to.
var errNoLocalClipboard = errors.New("no local clipboard")

// copyValue sends it to the terminal's clipboard and the local one.
func (v stepView) copyValue(it copyItem) (stepView, tea.Cmd) {
	val := it.value(&v)
	local := v.localClipboard
	masked := it.masked && !v.reveal
	return v, tea.Batch(tea.SetClipboard(val), func() tea.Msg {
		if local == nil {
			return copiedMsg{what: it.name, masked: masked, local: errNoLocalClipboard}
		}
		return copiedMsg{what: it.name, masked: masked, local: local(val)}
	})
}

// copiedNotice says where a copy went, in words that claim no more than
// is known: OSC 52 has no answer.
func (v stepView) copiedNotice(msg copiedMsg) (stepView, tea.Cmd) {
	what := strings.ToUpper(msg.what[:1]) + msg.what[1:]
	if msg.masked {
		what += " (secrets masked or as variables: r reveals them first)"
	}
	// What matters first: the status line cuts a long notice at its end.
	osc := "OSC 52"
	if v.tmux {
		osc += "; tmux: set-clipboard on"
	}
	s := what + " sent to the terminal clipboard (" + osc + ")"
	if msg.local == nil {
		s += " and copied to the local clipboard"
	}
	return v.say(s)
}

// tokenJSON is the newest token response as the server sent it, indented.
func (v *stepView) tokenJSON() string {
	for i := len(v.results) - 1; i >= 0; i-- {
		if r := v.results[i]; r != nil && r.Token != nil && len(r.Token.JSON) > 0 {
			return r.Token.IndentedJSON()
		}
	}
	return ""
}

// authHeader is the Authorization header that presents the access token
// held: Bearer (RFC 6750 §2.1), or DPoP for a DPoP-bound token (RFC 9449
// §7.1), which also needs a fresh proof per request.
func (v *stepView) authHeader() string {
	tok := v.accessToken()
	if tok == "" {
		return ""
	}
	scheme := "Bearer"
	for i := len(v.results) - 1; i >= 0; i-- {
		if r := v.results[i]; r != nil && r.Token != nil && r.Token.AccessToken == tok {
			if strings.EqualFold(r.Token.TokenType, "DPoP") {
				scheme = "DPoP"
			}
			break
		}
	}
	return "Authorization: " + scheme + " " + tok
}

// transcript is every exchange of the run as text, secrets masked unless
// revealed.
func (v *stepView) transcript() string {
	var exs []flows.Exchange
	for _, r := range v.results {
		if r != nil {
			exs = append(exs, r.Exchanges...)
		}
	}
	for _, r := range v.labResults() {
		exs = append(exs, r.Exchanges...)
	}
	if len(exs) == 0 {
		return ""
	}
	var b strings.Builder
	_ = flows.WriteTranscript(&b, exs, v.masker())
	return b.String()
}

// copyMenuLines renders the copy menu in modeCopy, else nothing: a line
// per value the run holds, with the letter that copies it and the one
// that shows it alone.
func (v *stepView) copyMenuLines() []string {
	if v.mode != modeCopy {
		return nil
	}
	s := v.styles
	out := []string{v.menuHeading("Copy (esc closes)")}
	for _, it := range v.copyable() {
		k := it.key
		if k == "a" {
			k = "a/c"
		}
		alone := strings.ToUpper(it.key) + " shows it alone"
		if it.masked && !v.reveal {
			alone = "masked; r reveals"
		}
		out = append(out, padRight(truncate(s.Key.Render(padRight(k, 3))+" "+padRight(it.name, 28)+" "+s.Subtle.Render(alone), v.detailsW), v.detailsW))
	}
	return out
}

// copyChooseKey is the help of the copy menu's keys as one binding.
func (v *stepView) copyChooseKey() key.Binding {
	var ks []string
	for _, it := range v.copyable() {
		ks = append(ks, it.key)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(ks, "/"), "copy"))
}

// aloneKey is the help of the keys that show a value alone.
func (v *stepView) aloneKey() key.Binding {
	var ks []string
	for _, it := range v.copyable() {
		if !it.masked {
			ks = append(ks, strings.ToUpper(it.key))
		}
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp("⇧letter", "show alone"))
}

// stepRequested reports whether the selected step made a request.
func (v *stepView) stepRequested() bool {
	r := v.result(v.selected)
	return r != nil && len(r.Exchanges) > 0
}

// runRequested reports whether any step of the run made a request.
func (v *stepView) runRequested() bool {
	for _, r := range v.results {
		if r != nil && len(r.Exchanges) > 0 {
			return true
		}
	}
	return false
}
