package flows

import (
	"regexp"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// Diagnoses, notes and warnings tell the user what to look at and what to
// change, and the words for that depend on where they are shown: the
// command line names flags and -v ("switch --auth-method", "run with -v to
// see the response"), the TUI names fields, tabs and keys ("change the Auth
// method field", "the Response tab"). flows writes a placeholder instead,
// and each renderer puts it in its own words with Phrase:
//
//	{setting:NAME}  a setting the user can change; NAME is the command-line
//	                flag without dashes ("auth-method", "scope", "timeout")
//	{view:NAME}     a place where the user can read something: "request",
//	                "response", "claims", "explain", "callback", "diagram"
//
// A sentence reads well with either wording: "switch {setting:auth-method}
// between client_secret_basic and client_secret_post", "read
// {view:response}".

// Words says placeholders in the words of one surface.
type Words interface {
	// Setting names the setting called name: "--auth-method" on the
	// command line, "the Auth method field" in the TUI.
	Setting(name string) string
	// View names where the user can read name: "the response (-v)" on the
	// command line, "the Response tab" in the TUI.
	View(name string) string
}

var placeholder = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`\{(setting|view):([a-z0-9-]+)\}`) }}

// Phrase replaces the placeholders in s with w's words. With w nil it
// uses PlainWords.
func Phrase(s string, w Words) string {
	if !strings.Contains(s, "{") {
		return s
	}
	if w == nil {
		w = PlainWords{}
	}
	return placeholder.Get().ReplaceAllStringFunc(s, func(m string) string {
		kind, name, _ := strings.Cut(m[1:len(m)-1], ":")
		if kind == "setting" {
			return w.Setting(name)
		}
		return w.View(name)
	})
}

// Phrased returns a copy of d with its sentences in w's words.
func (d *Diagnosis) Phrased(w Words) *Diagnosis {
	if d == nil {
		return nil
	}
	out := *d
	out.What = Phrase(d.What, w)
	out.Causes = phraseAll(d.Causes, w)
	out.Try = phraseAll(d.Try, w)
	return &out
}

// PhraseAll puts every sentence of list in w's words.
func PhraseAll(list []string, w Words) []string { return phraseAll(list, w) }

func phraseAll(list []string, w Words) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = Phrase(s, w)
	}
	return out
}

// PlainWords names settings and views without a surface: "the auth-method
// setting", "the response". For text that is not shown on a terminal
// (errors wrapped by a caller, tests).
type PlainWords struct{}

// Setting implements Words.
func (PlainWords) Setting(name string) string { return "the " + name + " setting" }

// View implements Words.
func (PlainWords) View(name string) string { return "the " + name }
