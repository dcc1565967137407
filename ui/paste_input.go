package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// maxPasteErrLines bounds the error shown under the paste input, so that
// the input never pushes the details out of the screen.
const maxPasteErrLines = 3

// pasteBox is the input at the bottom of the details pane where a user
// whose browser cannot reach the loopback listener (SSH, a container)
// pastes the address the browser ended on, or the bare code (RFC 8252
// §7.3 assumes a local browser; this is the way around it).
type pasteBox struct {
	busy  bool // a paste is on its way to the flow
	input textinput.Model
	err   string // what the flow said to the last paste
	width int
	// sent is the text last handed to the flow.
	sent string
	// hint says what to paste, as the prompt says it
	// (flows.Prompt.PasteHint).
	hint string
}

func newPasteBox() pasteBox {
	in := textinput.New()
	in.Prompt = "> "
	return pasteBox{input: in}
}

// forPrompt words the input after what pr takes: its heading says what
// to paste, its placeholder what a paste looks like.
func (p pasteBox) forPrompt(pr *flows.Prompt) pasteBox {
	p.hint, p.input.Placeholder = "the redirect URL", ""
	if pr != nil {
		if pr.PasteHint != "" {
			p.hint = safetext.Line(pr.PasteHint)
		}
		p.input.Placeholder = safetext.Line(pr.PasteExample)
	}
	return p
}

// setCommon sizes the input to a pane w cells wide: bubbles v2 textinput
// shows one rune of its placeholder without a width.
func (p pasteBox) setCommon(c common, w int) pasteBox {
	p.width = w
	p.input.SetStyles(c.styles.TextInput)
	p.input.SetWidth(max(w-len(p.input.Prompt)-1, 1))
	return p
}

// close forgets what was typed.
func (p pasteBox) close() pasteBox {
	p.busy, p.err = false, ""
	p.input.Reset()
	p.input.Blur()
	return p
}

// Update hands typing, pasted text and cursor blinks to the input. An edit
// clears the error of the previous attempt.
func (p pasteBox) Update(msg tea.Msg) (pasteBox, tea.Cmd) {
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.err = ""
	}
	return p, cmd
}

// value returns what was typed. A URL (or query) loses its white space: it
// has none, and one selected across wrapped lines of a terminal comes with
// line breaks, which the input turns into spaces. Anything else is left for
// the flow to judge.
func (p pasteBox) value() string {
	in := p.input.Value()
	if strings.Contains(in, "://") || strings.Contains(in, "=") {
		return strings.Join(strings.Fields(in), "")
	}
	return strings.TrimSpace(in)
}

// lines renders the input: a heading, the input line and the error of the
// last attempt.
func (p pasteBox) lines(s *Styles) []string {
	head := "── Paste " + p.hint + ", then enter "
	if p.busy {
		head = "── Handing it to the flow… "
	}
	head = truncate(head, p.width)
	head += strings.Repeat("─", max(p.width-ansi.StringWidth(head), 0))
	out := []string{s.RuleFocused.Render(head), inputView(p.input)}
	if p.err != "" {
		errs := hanging("✗ "+p.err, s.Error, p.width, 2)
		if len(errs) > maxPasteErrLines {
			errs = errs[:maxPasteErrLines]
			errs[maxPasteErrLines-1] = truncate(errs[maxPasteErrLines-1]+" …", p.width)
		}
		out = append(out, errs...)
	}
	return out
}

// clearKey is the input's own binding that empties it, for the help.
func (p pasteBox) clearKey() key.Binding {
	k := p.input.KeyMap.DeleteBeforeCursor
	k.SetHelp("ctrl+u", "clear")
	return k
}

// canPaste reports whether the flow waits for the user and its prompt
// takes a pasted redirect.
func (v *stepView) canPaste() bool {
	if pr := v.prompt(); !v.waiting() || pr == nil || !pr.Paste {
		return false
	}
	_, ok := v.flow.(flows.Paster)
	return ok
}

// pasteLines renders the paste input in modePaste, else nothing.
func (v *stepView) pasteLines() []string {
	if v.mode != modePaste {
		return nil
	}
	return v.paste.lines(v.styles)
}

// openPaste opens the paste input, focused.
func (v stepView) openPaste() (stepView, tea.Cmd) {
	v.paste, v.mode = v.paste.close().forPrompt(v.prompt()), modePaste
	cmd := v.paste.input.Focus()
	return v.setCommon(v.common), cmd
}

// closePaste closes the paste input, back to browsing.
func (v stepView) closePaste() stepView {
	v.paste = v.paste.close()
	if v.mode == modePaste {
		v.mode = modeBrowse
	}
	return v
}

// pasteKey handles a key press while the paste input is open: enter hands
// the text to the flow, esc closes the input, the rest edits it.
func (v stepView) pasteKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	switch {
	case key.Matches(k, v.keys.ClosePaste):
		return v.closePaste().setCommon(v.common), nil
	case key.Matches(k, v.keys.Submit):
		p, ok := v.flow.(flows.Paster)
		if !ok || !v.waiting() || v.paste.busy {
			return v, nil
		}
		v.paste.busy, v.paste.err, v.paste.sent = true, "", v.paste.value()
		return v, pasteRedirect(v.runID, p, v.paste.sent)
	}
	var cmd tea.Cmd
	v.paste, cmd = v.paste.Update(k)
	return v.setCommon(v.common), cmd
}

// pasteResult shows what the flow said to a paste: on an error the input
// stays open with the text, to be fixed; else it closes and the flow goes
// on with the pasted callback.
func (v stepView) pasteResult(msg pasteResultMsg) (stepView, tea.Cmd) {
	if msg.runID == 0 || msg.runID != v.runID {
		return v, nil
	}
	// The flow may finish its wait (and close the input) before this
	// message arrives: what it took is on the result of the step that
	// checks the callback either way.
	if v.mode != modePaste {
		return v.setCommon(v.common), nil
	}
	v.paste.busy = false
	if msg.err != nil {
		v.paste.err = msg.err.Error()
		return v.setCommon(v.common), nil
	}
	// No notice: the step ends at once and the timeline moves on, and a
	// notice would hide "Flow complete" on the status line.
	return v.closePaste().setCommon(v.common), nil
}
