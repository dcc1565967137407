package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The provider picker's entries: the Config's providers, the providers
// file's entries (usable or broken), the presets; and the file's problems.

// pickKind says what a picker entry stands for.
type pickKind int

const (
	pickBuiltin pickKind = iota // a ProviderChoice of the Config (demo, --issuer)
	pickEntry                   // a usable provider of the providers file
	pickBroken                  // an entry with errors: listed, not choosable
	pickPreset                  // a preset: its form asks for its fields
)

// pickTarget is one entry of the picker and what choosing it does.
type pickTarget struct {
	kind  pickKind
	index int    // pickBuiltin: index in the Config's providers
	name  string // the entry's name or the preset's ID
	item  choiceItem
}

// maxFileProblems is how many of the file's problems the picker shows
// above the list; 'oauth-explorer providers' lists them all.
const maxFileProblems = 3

// rebuild makes the targets from the choices, the file and the presets,
// and applies the filter.
func (p providerPicker) rebuild() providerPicker {
	var t []pickTarget
	for i, c := range p.choices {
		t = append(t, pickTarget{kind: pickBuiltin, index: i, name: c.Name, item: choiceItem{title: c.Name, desc: c.Description}})
	}
	taken := func(name string) bool {
		return slices.ContainsFunc(p.choices, func(c ProviderChoice) bool { return c.Name == name })
	}
	if p.file != nil {
		sec := "Configured in " + filepath.Base(p.file.Path)
		for _, e := range p.file.Entries {
			if taken(e.Name) {
				continue // shadowed by the one given on the command line
			}
			t = append(t, pickTarget{kind: pickEntry, name: e.Name, item: choiceItem{title: e.Name, desc: entrySummary(e), section: sec}})
		}
		for _, b := range brokenEntries(p.file) {
			if taken(b[0]) {
				continue
			}
			t = append(t, pickTarget{kind: pickBroken, name: b[0], item: choiceItem{title: b[0], note: "(cannot be used)", problem: b[1], section: sec}})
		}
	}
	for _, pr := range p.presets {
		t = append(t, pickTarget{kind: pickPreset, name: pr.ID, item: choiceItem{title: padRight(pr.ID, 11), note: presetNote(pr), section: "Presets: fill in a few fields"}})
	}
	p.targets = t
	return p.applyFilter()
}

// entrySummary says where an entry's settings come from, its client and
// where its secret comes from.
func entrySummary(e providers.Entry) string {
	from := "issuer " + redact.Userinfo(orNone(e.Issuer, e.TokenURL))
	if e.Preset != "" {
		from = "preset " + e.Preset + fieldSummary(e.Fields)
	}
	parts := []string{from}
	if e.ClientID != "" {
		parts = append(parts, "client "+e.ClientID)
	}
	switch {
	case e.ClientSecretEnv != "":
		parts = append(parts, "secret from $"+e.ClientSecretEnv)
	case e.ClientSecretCommand != "":
		parts = append(parts, "secret from a command")
	case e.ClientSecret != "":
		parts = append(parts, "secret in the file")
	}
	return strings.Join(parts, " · ")
}

// presetNote is a preset's one-line description: its product and what it
// asks for.
func presetNote(p providers.Preset) string {
	note := p.Name
	var need []string
	for _, f := range p.Fields {
		if f.Required {
			need = append(need, strings.ToLower(f.Label))
		}
	}
	if len(need) > 0 {
		note += " · " + strings.Join(need, ", ")
	}
	if !p.OIDC {
		note += " · OAuth 2.0 only"
	}
	return note
}

// brokenEntries lists the entries with errors, by name with their
// problems joined, in file order.
func brokenEntries(f *providers.File) [][2]string {
	var out [][2]string
	for _, pr := range f.Problems {
		if pr.Provider == "" || pr.Severity != providers.Error {
			continue
		}
		if _, ok := f.Entry(pr.Provider); ok {
			continue
		}
		msg := pr.Message
		if pr.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", pr.Line, pr.Message)
		}
		if i := slices.IndexFunc(out, func(b [2]string) bool { return b[0] == pr.Provider }); i >= 0 {
			out[i][1] += "; " + msg
			continue
		}
		out = append(out, [2]string{pr.Provider, msg})
	}
	return out
}

// problemLines are the file's problems shown above the list: why it could
// not be read, or its warnings and file-level errors (an entry's errors
// show with the entry).
func (p providerPicker) problemLines() []string {
	if p.fileErr != nil {
		msg := p.fileErr.Error()
		var se *providers.SyntaxError
		if errors.As(p.fileErr, &se) {
			msg = fmt.Sprintf("%s:%d:%d: %s", filepath.Base(se.Path), se.Line, se.Column, se.Message)
		}
		return []string{msg + " (none of its providers can be used until it is fixed)"}
	}
	if p.file == nil {
		return nil
	}
	base := filepath.Base(p.file.Path)
	var out []string
	for _, pr := range p.file.Problems {
		if pr.Severity == providers.Error && pr.Provider != "" {
			if _, ok := p.file.Entry(pr.Provider); !ok {
				continue
			}
		}
		out = append(out, pr.Format(base))
	}
	if len(out) > maxFileProblems {
		n := len(out) - maxFileProblems + 1
		out = append(out[:maxFileProblems-1], fmt.Sprintf("… and %d more: run oauth-explorer providers", n))
	}
	return out
}

// applyFilter shows the targets whose text holds every word of the filter.
func (p providerPicker) applyFilter() providerPicker {
	words := strings.Fields(strings.ToLower(p.filter.Value()))
	p.shown = p.shown[:0:0]
	items := []choiceItem{}
	for i, t := range p.targets {
		text := strings.ToLower(strings.Join([]string{t.item.title, t.item.note, t.item.desc, t.item.section}, " "))
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			p.shown = append(p.shown, i)
			items = append(items, t.item)
		}
	}
	p.list = p.list.setItems(items)
	return p
}
