package ui

import (
	"github.com/oauth-explorer/oauth-explorer/flows"
)

// tuiWords names settings and views as the TUI has them (flows.Words): the
// fields of the settings form, the tabs of the step view with their keys.
// Settings without a field are command-line options the TUI was started
// with.
type tuiWords struct {
	// toSettings says how the settings form is reached from the run the
	// words are for ("esc: settings"); empty for a grant's run.
	toSettings string
}

// Ways to the settings form, by where the run started (stepView.words).
const (
	escFromGrant   = "esc: settings"
	escFromAction  = "esc: back to the run, esc again: settings"
	escFromDecoder = "a flow's settings: esc goes back to the decoder"
	escFromNested  = "a flow's settings: esc goes back to the run, then to the decoder"
)

// settingFields maps a setting (its command-line flag) to the settings
// form's field.
var settingFields = map[string]string{
	"client-id":     "Client ID",
	"client-secret": "Client secret",
	"scope":         "Scopes",
	"audience":      "Audience",
	"auth-method":   "Auth method",
	"redirect-uri":  "Redirect URI",
}

// Setting implements flows.Words: "switch Auth method (esc: settings)
// between client_secret_basic and client_secret_post", the way to the
// form said as it is from the run.
func (w tuiWords) Setting(name string) string {
	way := w.toSettings
	if way == "" {
		way = escFromGrant
	}
	if f, ok := settingFields[name]; ok {
		return f + " (" + way + ")"
	}
	for _, in := range flows.AdvancedOptions() {
		if in.Name == name {
			return in.Label + " (" + way + ", under Advanced)"
		}
	}
	if in, ok := flows.InputByName(name); ok {
		return in.Label + " (" + way + ")"
	}
	switch name {
	case "manual":
		return "paste mode (p while waiting)"
	case "issuer":
		return "the provider (esc until the providers)"
	}
	return "the --" + name + " option (start oauth-explorer with it)"
}

// View implements flows.Words.
func (w tuiWords) View(name string) string {
	for t, st := range stepTabs {
		if n := st.title(); n == titleCase(name) {
			return "the " + n + " tab (" + string(rune('1'+t)) + ")"
		}
	}
	switch name {
	case "callback":
		return "the Callback step's Request tab"
	case "actions":
		return "the actions menu (a)"
	}
	return "the " + name
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// phraseResult puts the sentences of r that name settings and views in
// the TUI's words w: the diagnosis, the notes and the pre-flight warnings.
func phraseResult(r flows.Result, w tuiWords) flows.Result {
	r.Diagnosis = r.Diagnosis.Phrased(w)
	r.Notes = flows.PhraseAll(r.Notes, w)
	if len(r.Warnings) > 0 {
		ws := make([]flows.Warning, len(r.Warnings))
		for i, x := range r.Warnings {
			x.Message = flows.Phrase(x.Message, w)
			ws[i] = x
		}
		r.Warnings = ws
	}
	return r
}

// words are the TUI's words for this run: esc goes back to the run a
// token action's run came from, or to the decoder, not to the settings.
func (v *stepView) words() tuiWords {
	switch {
	case v.fromDecoder && v.from != nil:
		return tuiWords{toSettings: escFromNested}
	case v.fromDecoder:
		return tuiWords{toSettings: escFromDecoder}
	case v.from != nil:
		return tuiWords{toSettings: escFromAction}
	}
	return tuiWords{toSettings: escFromGrant}
}
