package ui

import (
	"regexp"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// placeholders are flows' {setting:NAME} and {view:NAME} (flows.Phrase).
var placeholders = regexp.MustCompile(`\{(setting|view):([a-z0-9-]+)\}`)

// phrase puts s in the TUI's words, as flows.Phrase does, placing the
// navigation hints so that the sentence still reads: a setting named
// outside parentheses is followed by the way to it the first time the
// line needs that way ("set Audience (esc: settings) or Resource (under
// Advanced)"); one named inside parentheses goes bare, and the way comes
// once at the end of the line ("no client secret was sent (Auth method
// none): … (for Auth method, esc: settings)").
func (w tuiWords) phrase(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	given := map[string]bool{}
	// owed are the ways to the settings whose hint waits for the end of
	// the line, in order, each with the settings it is for.
	var owed []string
	owedFor := map[string][]settingWords{}
	owe := func(sw settingWords) {
		if _, ok := owedFor[sw.way]; !ok {
			owed = append(owed, sw.way)
		}
		if !slices.Contains(owedFor[sw.way], sw) {
			owedFor[sw.way] = append(owedFor[sw.way], sw)
		}
	}
	depth, last := 0, 0
	for _, loc := range placeholders.FindAllStringSubmatchIndex(s, -1) {
		before, after := s[last:loc[0]], s[loc[1]:]
		depth += strings.Count(before, "(") - strings.Count(before, ")")
		b.WriteString(before)
		last = loc[1]
		kind, name := s[loc[2]:loc[3]], s[loc[4]:loc[5]]
		if kind == "view" {
			b.WriteString(w.View(name))
			continue
		}
		sw := w.setting(name)
		b.WriteString(sw.name)
		h := sw.hint(given[sw.way])
		switch {
		case h == "":
		case depth > 0 && strings.HasSuffix(before, "(") && strings.HasPrefix(after, ")"):
			// Alone in its parentheses: the hint goes in them.
			b.WriteString(", " + h)
		case depth > 0 || strings.HasPrefix(after, " ("):
			// Inside parentheses, or followed by some: a parenthesis of
			// its own would nest in them or sit beside them.
			owe(sw)
			continue
		default:
			b.WriteString(" (" + h + ")")
		}
		given[sw.way] = true
	}
	rest := s[last:]
	var tail strings.Builder
	for _, way := range owed {
		// The way said already, only where each setting is remains.
		bare := way == "" || given[way]
		var names []string
		for _, sw := range owedFor[way] {
			if !bare || sw.where != "" {
				names = append(names, strings.TrimSpace(sw.name+" "+sw.where))
			}
		}
		switch {
		case len(names) == 0:
		case bare:
			tail.WriteString(" (" + andList(names) + ")")
		default:
			tail.WriteString(" (for " + andList(names) + ", " + way + ")")
		}
	}
	if tail.Len() > 0 && strings.HasSuffix(rest, ".") {
		return b.String() + strings.TrimSuffix(rest, ".") + tail.String() + "."
	}
	return b.String() + rest + tail.String()
}

// andList joins names as a sentence does: "A, B and C".
func andList(names []string) string {
	if n := len(names); n > 1 {
		return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	return strings.Join(names, "")
}

// phraseAll phrases every sentence of list.
func (w tuiWords) phraseAll(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = w.phrase(s)
	}
	return out
}

// diagnosis returns a copy of d in the TUI's words (flows.Diagnosis.Phrased,
// with phrase's placing of the hints).
func (w tuiWords) diagnosis(d *flows.Diagnosis) *flows.Diagnosis {
	if d == nil {
		return nil
	}
	out := *d
	out.What = w.phrase(d.What)
	out.Causes = w.phraseAll(d.Causes)
	out.Try = w.phraseAll(d.Try)
	return &out
}
