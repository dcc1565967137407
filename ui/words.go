package ui

import (
	"strings"

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
	// capture is set for a HAR capture shown as a run: no settings form
	// leads to it, and only oauth-explorer explain takes its settings.
	capture bool
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

// rootFlags are the settings the form has no field for that the TUI's
// command (oauth-explorer, no subcommand) takes: a run started with them
// has them.
var rootFlags = map[string]bool{
	"timeout": true, "callback-timeout": true, "token-url": true, "authorization-url": true,
	"userinfo-url": true, "jwks-url": true, "ca-file": true, "insecure": true, "config": true,
}

// otherCommands are the settings only another command takes, by that
// command: the TUI names it, never a flag its own command refuses.
var otherCommands = map[string]string{
	"token-type-hint":    "revoke",
	flows.SettingRefresh: "token",
	"export-format":      "token",
	"jwks":               "explain",
}

// settingWords are the TUI's words for a setting: its name in a sentence,
// the way to it (a navigation hint, said once per line) and where it is
// once there.
type settingWords struct{ name, way, where string }

// hint is what follows the name in parentheses: the way to it (unless
// given already on the line) and where it is.
func (s settingWords) hint(wayGiven bool) string {
	var parts []string
	if s.way != "" && !wayGiven {
		parts = append(parts, s.way)
	}
	if s.where != "" {
		parts = append(parts, s.where)
	}
	return strings.Join(parts, ", ")
}

func (w tuiWords) setting(name string) settingWords {
	if w.capture {
		return captureSetting(name)
	}
	way := w.toSettings
	if way == "" {
		way = escFromGrant
	}
	if f, ok := settingFields[name]; ok {
		return settingWords{name: f, way: way}
	}
	for _, in := range flows.AdvancedOptions() {
		if in.Name == name {
			return settingWords{name: in.Label, way: way, where: "under Advanced"}
		}
	}
	if in, ok := flows.InputByName(name); ok {
		return settingWords{name: in.Label, way: way}
	}
	switch name {
	case "manual":
		return settingWords{name: "paste mode", way: "p while waiting"}
	case "issuer":
		return settingWords{name: "the provider", way: "esc until the providers"}
	}
	if cmd, ok := otherCommands[name]; ok {
		return settingWords{name: "the command line's oauth-explorer " + cmd + " --" + name}
	}
	if rootFlags[name] {
		return settingWords{name: "the --" + name + " option", way: "start oauth-explorer with it"}
	}
	return settingWords{name: "the command line's --" + name + " option"}
}

// captureSetting names a setting for a capture's run: the explain
// command's flags for the keys (the TUI takes none for a capture), the
// others by their field's name, with no way to a form that made none of it.
func captureSetting(name string) settingWords {
	switch name {
	case "issuer", "jwks":
		return settingWords{name: "the command line's oauth-explorer explain --" + name}
	}
	if sw := (tuiWords{}).setting(name); sw.way != "" && !rootFlags[name] && name != "manual" {
		return settingWords{name: sw.name, where: sw.where}
	}
	return settingWords{name: "the " + name + " setting"}
}

// Setting implements flows.Words: "Auth method (esc: settings)", the way
// to the form said as it is from the run. Sentences shown in the TUI go
// through phrase instead, which says the way once per line and never
// inside parentheses.
func (w tuiWords) Setting(name string) string {
	s := w.setting(name)
	if h := s.hint(false); h != "" {
		return s.name + " (" + h + ")"
	}
	return s.name
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
	r.Diagnosis = w.diagnosis(r.Diagnosis)
	r.Notes = w.phraseAll(r.Notes)
	if len(r.Warnings) > 0 {
		ws := make([]flows.Warning, len(r.Warnings))
		for i, x := range r.Warnings {
			x.Message = w.phrase(x.Message)
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
	case v.fromCapture:
		return tuiWords{capture: true}
	case v.fromDecoder && v.from != nil:
		return tuiWords{toSettings: escFromNested}
	case v.fromDecoder:
		return tuiWords{toSettings: escFromDecoder}
	case v.from != nil:
		return tuiWords{toSettings: escFromAction}
	}
	return tuiWords{toSettings: escFromGrant}
}
