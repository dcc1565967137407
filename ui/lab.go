package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// The lab (L): a request the selected step made, taken apart by
// flows.NewLabRequest, edited by hand (a value, a part removed or added, a
// JWT's claim altered without re-signing) and sent by hand (s); the answer
// is shown beside the original's, with the protection the server applied
// (flows.Protection). Nothing is sent on its own, and the run is not
// changed: each request sent is kept with the run (export, transcript).

// labInput says what the lab's text input is for.
type labInput int

const (
	labNoInput   labInput = iota
	labEditValue          // the value of the part under the cursor
	labAddPart            // name=value, a new parameter
	labEditClaim          // claim=value of the JWT under the cursor
)

// labSend is one request sent from the lab.
type labSend struct {
	original, edited flows.LabRequest
	originalEx       flows.Exchange
	res              flows.Result
	what, ref        string
}

// labBox is the lab's state in the step view.
type labBox struct {
	// exchanges are the selected step's requests the lab can send,
	// which the one edited.
	exchanges        []flows.Exchange
	which            int
	original, edited flows.LabRequest
	cursor           int
	input            textinput.Model
	inputFor         labInput
	err              string
	// sending is set while a request is on its way; sendID tags it.
	sending bool
	sendID  int
	// shown is the index in sends of the answer shown, -1 while editing;
	// top is the first line shown of it.
	shown, top int
	// sends are the requests sent from the lab in this run.
	sends []labSend
}

// labSentMsg is the answer to a lab request.
type labSentMsg struct {
	id  int
	res flows.Result
}

// labExchanges are the exchanges of step i the lab can send, and why
// none can when there are none.
func (v *stepView) labExchanges(i int) ([]flows.Exchange, string) {
	r := v.result(i)
	if r == nil || len(r.Exchanges) == 0 {
		return nil, "This step recorded no request of the run's own: the lab edits the requests the run sent."
	}
	var out []flows.Exchange
	why := ""
	for _, ex := range r.Exchanges {
		if _, err := flows.NewLabRequest(ex); err != nil {
			why = err.Error()
			continue
		}
		out = append(out, ex)
	}
	if len(out) == 0 {
		return nil, "The lab cannot send this step's request: " + why + "."
	}
	return out, ""
}

// openLab opens the lab on the selected step's last request it can send.
func (v stepView) openLab() (stepView, tea.Cmd) {
	exs, why := v.labExchanges(v.selected)
	if len(exs) == 0 {
		return v.say(why)
	}
	v.lab.exchanges, v.lab.shown, v.lab.top = exs, -1, 0
	v.mode = modeLab
	return v.labPick(len(exs) - 1), nil
}

// labPick starts editing exchange i of the lab's.
func (v stepView) labPick(i int) stepView {
	lr, err := flows.NewLabRequest(v.lab.exchanges[i])
	if err != nil {
		v.lab.err = err.Error()
		return v
	}
	v.lab.which, v.lab.original, v.lab.edited, v.lab.cursor, v.lab.err = i, lr, lr, 0, ""
	return v.labCloseInput()
}

// labCloseInput closes the lab's text input.
func (v stepView) labCloseInput() stepView {
	v.lab.inputFor = labNoInput
	v.lab.input.Blur()
	return v
}

// labOpenInput opens the text input for what, prefilled with value.
func (v stepView) labOpenInput(what labInput, prompt, value, placeholder string) (stepView, tea.Cmd) {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.SetStyles(v.styles.TextInput)
	in.SetWidth(max(v.width-len([]rune(prompt))-2, 10))
	in.SetValue(value)
	v.lab.input, v.lab.inputFor, v.lab.err = in, what, ""
	return v, v.lab.input.Focus()
}

// labKey handles a key press in the lab.
func (v stepView) labKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	km := v.keys
	if v.lab.inputFor != labNoInput {
		return v.labInputKey(k)
	}
	if v.lab.shown >= 0 {
		switch {
		case key.Matches(k, km.ClosePaste):
			v.lab.shown, v.lab.top = -1, 0
		case key.Matches(k, km.FocusSteps):
			v.lab.shown, v.lab.top = max(v.lab.shown-1, 0), 0
		case key.Matches(k, km.FocusDetails) && !key.Matches(k, km.Submit):
			v.lab.shown, v.lab.top = min(v.lab.shown+1, len(v.lab.sends)-1), 0
		case key.Matches(k, km.ScrollUp):
			v.lab.top = max(v.lab.top-1, 0)
		case key.Matches(k, km.ScrollDown):
			v.lab.top++
		case key.Matches(k, km.PageDown):
			v.lab.top += v.labRoom()
		case key.Matches(k, km.PageUp):
			v.lab.top = max(v.lab.top-v.labRoom(), 0)
		case key.Matches(k, km.Reveal):
			v.reveal = !v.reveal
		case key.Matches(k, km.Quit):
			return v, emit(quitMsg{})
		}
		return v, nil
	}
	parts := v.lab.edited.Parts
	cur := min(v.lab.cursor, max(len(parts)-1, 0))
	switch {
	case key.Matches(k, km.ClosePaste):
		v.mode = modeBrowse
		return v.setCommon(v.common), nil
	case key.Matches(k, km.Quit):
		return v, emit(quitMsg{})
	case key.Matches(k, km.StepUp):
		v.lab.cursor = max(cur-1, 0)
	case key.Matches(k, km.StepDown):
		v.lab.cursor = min(cur+1, max(len(parts)-1, 0))
	case key.Matches(k, km.FocusDetails) && !key.Matches(k, km.Submit) && len(v.lab.sends) > 0:
		v.lab.shown, v.lab.top = len(v.lab.sends)-1, 0
	case key.Matches(k, km.NextTab) && len(v.lab.exchanges) > 1:
		return v.labPick((v.lab.which + 1) % len(v.lab.exchanges)), nil
	case key.Matches(k, km.Reveal):
		v.reveal = !v.reveal
	case key.Matches(k, km.Submit) && len(parts) > 0:
		p := parts[cur]
		value, hint := p.Value, ""
		if !v.reveal && v.labMasker().Text(value) != value || !v.reveal && flows.IsSecretName(p.Name) {
			// The value is a secret: the input starts empty rather
			// than show it.
			value, hint = "", "a new value (the current one is hidden; r reveals)"
		}
		return v.labOpenInput(labEditValue, p.Name+": ", value, hint)
	case key.Matches(k, km.LabRemove) && len(parts) > 0:
		v.lab.edited = v.lab.edited.RemoveAt(cur)
		v.lab.cursor = min(cur, max(len(v.lab.edited.Parts)-1, 0))
	case key.Matches(k, km.LabAdd):
		return v.labOpenInput(labAddPart, "add "+v.lab.edited.AddKind().String()+" ", "", "name=value")
	case key.Matches(k, km.LabClaim) && v.lab.edited.HasJWTAt(cur):
		return v.labOpenInput(labEditClaim, "claim ", "", "name=value (the token is not signed again)")
	case key.Matches(k, km.LabSend) && !v.lab.sending:
		return v.labSend()
	}
	return v, nil
}

// labOther hands what is not a key (the cursor's blinks, pasted text)
// to the lab's input when it is open.
func (v stepView) labOther(msg tea.Msg) (stepView, tea.Cmd) {
	if v.lab.inputFor == labNoInput {
		return v, nil
	}
	var cmd tea.Cmd
	v.lab.input, cmd = v.lab.input.Update(msg)
	return v, cmd
}

// labInputKey handles a key press while the lab's input is open: enter
// applies it, esc cancels it.
func (v stepView) labInputKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	switch {
	case key.Matches(k, v.keys.ClosePaste):
		return v.labCloseInput(), nil
	case key.Matches(k, v.keys.Submit):
		return v.labApply()
	}
	var cmd tea.Cmd
	v.lab.input, cmd = v.lab.input.Update(k)
	return v, cmd
}

// labApply applies what the input holds to the edited request.
func (v stepView) labApply() (stepView, tea.Cmd) {
	text := v.lab.input.Value()
	cur := v.lab.cursor
	switch v.lab.inputFor {
	case labEditValue:
		v.lab.edited = v.lab.edited.SetAt(cur, text)
	case labAddPart:
		name, value, ok := strings.Cut(text, "=")
		if !ok || strings.TrimSpace(name) == "" {
			v.lab.err = "Write the new parameter as name=value."
			return v, nil
		}
		v.lab.edited = v.lab.edited.Add(v.lab.edited.AddKind(), strings.TrimSpace(name), value)
		v.lab.cursor = len(v.lab.edited.Parts) - 1
	case labEditClaim:
		name, value, ok := strings.Cut(text, "=")
		if !ok || strings.TrimSpace(name) == "" {
			v.lab.err = "Write the claim as name=value (an empty value removes it)."
			return v, nil
		}
		edited, err := v.lab.edited.EditClaimAt(cur, strings.TrimSpace(name), value)
		if err != nil {
			v.lab.err = err.Error()
			return v, nil
		}
		v.lab.edited = edited
	}
	return v.labCloseInput(), nil
}

// labSend sends the edited request, in a tea.Cmd.
func (v stepView) labSend() (stepView, tea.Cmd) {
	v.lab.sending, v.lab.err = true, ""
	v.lab.sendID++
	ctx := v.parent
	if ctx == nil {
		ctx = context.Background()
	}
	id, lr, opts := v.lab.sendID, v.lab.edited, flows.LabOptions(v.settings, v.opts)
	return v, func() tea.Msg { return labSentMsg{id: id, res: flows.Resend(ctx, lr, opts)} }
}

// labSent keeps the answer to a lab request and shows it.
func (v stepView) labSent(msg labSentMsg) (stepView, tea.Cmd) {
	if msg.id != v.lab.sendID || !v.lab.sending {
		return v, nil
	}
	v.lab.sending = false
	res := phraseResult(msg.res, v.words())
	s := labSend{original: v.lab.original, edited: v.lab.edited, originalEx: v.lab.exchanges[v.lab.which], res: res}
	s.what, s.ref = flows.Protection(s.original, s.edited, res)
	v.lab.sends = append(v.lab.sends, s)
	if v.mode == modeLab {
		v.lab.shown, v.lab.top = len(v.lab.sends)-1, 0
	}
	return v, nil
}

// labResults are the results of the requests sent from the lab, for the
// export and the transcript: each recorded like any request of the run.
func (v *stepView) labResults() []flows.Result {
	out := make([]flows.Result, len(v.lab.sends))
	for i, s := range v.lab.sends {
		out[i] = s.res
	}
	return out
}

// labMasker hides the run's secrets and the lab's credentials, as edited
// too, unless revealed.
func (v *stepView) labMasker() flows.Masker {
	sec := append([]string(nil), v.secrets...)
	sec = append(sec, v.lab.original.Values()...)
	sec = append(sec, v.lab.edited.Values()...)
	for _, s := range v.lab.sends {
		sec = append(sec, s.edited.Values()...)
	}
	return flows.Masker{Reveal: v.reveal, Secrets: sec}
}

// labKeys are the keys of the lab, for the footer.
func (v *stepView) labKeys() stepKeys {
	km := v.keys
	back := km.ClosePaste
	if v.lab.inputFor != labNoInput {
		apply := km.Submit
		apply.SetHelp("enter", "apply")
		back.SetHelp("esc", "cancel")
		return stepKeys{Submit: apply, ClosePaste: back, ForceQuit: km.ForceQuit}
	}
	reveal := km.Reveal
	if v.reveal {
		reveal.SetHelp("r", "mask")
	}
	if v.lab.shown >= 0 {
		back.SetHelp("esc", "back to the request")
		k := stepKeys{Move: km.ScrollUp, ClosePaste: back, Reveal: reveal, Quit: km.Quit, ForceQuit: km.ForceQuit}
		if len(v.lab.sends) > 1 {
			k.Focus = key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "other answers"))
		}
		return k
	}
	edit := km.Submit
	edit.SetHelp("enter", "edit")
	move := km.StepUp
	move.SetHelp("↑/↓", "part")
	back.SetHelp("esc", "leave the lab")
	k := stepKeys{Move: move, Submit: edit, Reveal: reveal, ClosePaste: back, Quit: km.Quit, ForceQuit: km.ForceQuit,
		Extra: []key.Binding{km.LabRemove, km.LabAdd}}
	if v.lab.edited.HasJWTAt(min(v.lab.cursor, len(v.lab.edited.Parts)-1)) {
		k.Extra = append(k.Extra, km.LabClaim)
	}
	k.Extra = append(k.Extra, km.LabSend)
	if len(v.lab.sends) > 0 {
		k.Focus = key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "answers"))
	}
	if len(v.lab.exchanges) > 1 {
		next := km.NextTab
		next.SetHelp("tab", "next request")
		k.Tab = next
	}
	return k
}
