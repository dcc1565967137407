package ui

import (
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// Each screen's keys are a help.KeyMap of its own, as bubbles' panes have
// (viewport.KeyMap, list.KeyMap): the bindings by role, copied from the
// shared KeyMap, those that do not work now left unset or disabled. The
// footer lists the enabled ones in the order of the fields; a screen's
// keyMap method (pane) builds the value from the screen's state.

// enabled lists the bindings that are enabled, in order.
func enabled(bs ...key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// full is FullHelp for a screen whose keys fit one column.
func full(short []key.Binding) [][]key.Binding { return [][]key.Binding{short} }

// pickerKeys are the provider picker's keys.
type pickerKeys struct {
	Cancel, Move, Choose, Filter, ClearFilter, Add, Decode, Explain, Quit, ForceQuit key.Binding
}

func (k pickerKeys) ShortHelp() []key.Binding {
	return enabled(k.Cancel, k.Move, k.Choose, k.Filter, k.ClearFilter, k.Add, k.Decode, k.Explain, k.Quit, k.ForceQuit)
}
func (k pickerKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane: while a provider is resolved only esc works;
// while a filter is typed the letters go to it.
func (p *providerPicker) keyMap() help.KeyMap {
	km := p.keys
	switch {
	case p.busy != "":
		return pickerKeys{Cancel: km.Cancel, ForceQuit: km.ForceQuit}
	case p.filtering:
		return pickerKeys{Move: km.Up, Choose: km.Choose, ClearFilter: km.ClearFilter, ForceQuit: km.ForceQuit}
	case p.har.open:
		explain := km.Choose
		explain.SetHelp("enter", "explain")
		return pickerKeys{Choose: explain, Cancel: km.Cancel, ForceQuit: km.ForceQuit}
	}
	k := pickerKeys{Move: km.Up, Choose: km.Choose, Filter: km.Filter, Decode: km.DecodeToken, Explain: km.ExplainHAR, Quit: km.Quit}
	if p.filter.Value() != "" {
		k.ClearFilter = km.ClearFilter
	}
	if p.canAdd() {
		k.Add = km.AddProvider
	}
	return k
}

// flowKeys are the flow picker's keys.
type flowKeys struct {
	Move, Choose, Back, Quit, ForceQuit key.Binding
}

func (k flowKeys) ShortHelp() []key.Binding {
	return enabled(k.Move, k.Choose, k.Back, k.Quit, k.ForceQuit)
}
func (k flowKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane: while the provider is prepared only esc works;
// after it failed, enter tries again.
func (f *flowPicker) keyMap() help.KeyMap {
	km := f.keys
	switch {
	case f.preparing != "":
		return flowKeys{Back: km.Back, ForceQuit: km.ForceQuit}
	case f.err != nil:
		return flowKeys{Move: km.Up, Choose: km.Retry, Back: km.Back, Quit: km.Quit}
	}
	return flowKeys{Move: km.Up, Choose: km.Choose, Back: km.Back, Quit: km.Quit}
}

// settingsKeys are the settings form's keys.
type settingsKeys struct {
	Field, Cycle, Client, Secret, Start, Save, Back, ForceQuit key.Binding
}

func (k settingsKeys) ShortHelp() []key.Binding {
	return enabled(k.Field, k.Cycle, k.Client, k.Secret, k.Start, k.Save, k.Back, k.ForceQuit)
}
func (k settingsKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane: the keys that work on the focused field.
func (f *settingsForm) keyMap() help.KeyMap {
	km := f.keys
	k := settingsKeys{Field: km.NextField, Secret: km.ShowSecret, Start: km.Start, Back: km.Back, ForceQuit: km.ForceQuit}
	if fl := f.focused(); fl == fieldClient || fl == fieldAuth || f.grant.isChoice(fl) {
		k.Cycle = km.CycleNext
	}
	if len(f.clients) > 0 {
		k.Client = km.NextClient
	}
	if f.showSecret {
		k.Secret.SetHelp("ctrl+r", "hide secret")
	}
	if f.saveable() {
		k.Save = km.SaveAs
	}
	return k
}

// decodeKeys are the token decoder's keys.
type decodeKeys struct {
	Verify, Field, Act, Reveal, Scroll, Page, Back, ForceQuit key.Binding
	// Chooser, when set, are the keys of the provider chooser of the
	// token actions, which has the keys while it shows.
	Chooser []key.Binding
}

func (k decodeKeys) ShortHelp() []key.Binding {
	if k.Chooser != nil {
		return k.Chooser
	}
	return enabled(k.Verify, k.Field, k.Act, k.Reveal, k.Scroll, k.Page, k.Back, k.ForceQuit)
}
func (k decodeKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane.
func (d *decodeView) keyMap() help.KeyMap {
	km := d.keys
	k := decodeKeys{Verify: km.Submit, Field: km.NextTab, Page: km.PageUp, Back: km.Back, ForceQuit: km.ForceQuit}
	k.Verify.SetHelp("enter", "verify")
	k.Field.SetHelp("tab", "token/issuer")
	k.Scroll, _ = d.scrollKeys()
	if d.tok != nil {
		k.Act = actionKey()
	}
	if d.token.Value() != "" {
		k.Reveal = d.revealKey()
	}
	if d.mode == decodeChoosing {
		k.Chooser = d.chooserHelp()
	}
	return k
}

// formKeys are the keys of a provider form (a preset's fields, add a
// provider): its rows' keys (inputForm), then the form's own.
type formKeys struct {
	Rows                            []key.Binding
	Continue, Save, Back, ForceQuit key.Binding
}

func (k formKeys) ShortHelp() []key.Binding {
	return append(slices.Clone(k.Rows), enabled(k.Continue, k.Save, k.Back, k.ForceQuit)...)
}
func (k formKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane.
func (f *presetForm) keyMap() help.KeyMap {
	k := formKeys{Rows: f.form.ShortHelp(), Continue: f.keys.Continue, Back: f.keys.Back, ForceQuit: f.keys.ForceQuit}
	if f.canSave {
		k.Save = f.keys.SaveAs
	}
	return k
}

// keyMap implements pane: enter goes on to the save prompt.
func (f *addForm) keyMap() help.KeyMap {
	k := formKeys{Rows: f.form.ShortHelp(), Continue: f.keys.Continue, Back: f.keys.Back, ForceQuit: f.keys.ForceQuit}
	k.Continue.SetHelp("enter", "save…")
	return k
}

// saveKeys are the save prompt's keys.
type saveKeys struct {
	Field, Answer, Cycle, Save, Cancel, ForceQuit key.Binding
}

func (k saveKeys) ShortHelp() []key.Binding {
	return enabled(k.Field, k.Answer, k.Cycle, k.Save, k.Cancel, k.ForceQuit)
}
func (k saveKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane: while the file is written only ctrl+c works.
func (sp *savePrompt) keyMap() help.KeyMap {
	km := sp.keys
	if sp.saving {
		return saveKeys{ForceQuit: km.ForceQuit}
	}
	k := saveKeys{Save: km.Save, Cancel: km.Cancel, ForceQuit: km.ForceQuit}
	if sp.asks() {
		k.Field = km.NextField
	}
	if sp.focus == 1 {
		k.Answer, k.Cycle = km.SaveSecret, km.CycleNext
	}
	return k
}
