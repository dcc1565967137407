package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// The settings form's rendering: its rows, the hint of the focused field
// and the notes under it.

// View renders the form in height lines.
func (f settingsForm) View(height int) string {
	s := f.styles
	lines := []string{
		header(f.common, f.provider, f.flowName, "Settings"),
		rule(f.common),
		f.issuerRow(),
		"",
	}
	below := []string{""}
	for _, l := range hanging(f.keyText(f.hint()), s.Hint, f.width-2, 0) {
		below = append(below, "  "+l)
	}
	if f.notice != "" {
		below = append(below, "")
		below = append(below, hanging(f.notice, s.Success, f.width, 0)...)
	}
	below = append(below, errorLines(s, f.err, f.width)...)
	lines = append(lines, f.rowLines(height-len(lines)-len(below))...)
	lines = append(lines, below...)
	return strings.Join(append(lines, f.notes(height-len(lines))...), "\n")
}

// rowLines renders the rows in at most room lines: all of them when they
// fit, else a window that holds the focused row, with a line at either
// end that says how many rows it leaves out (tab reaches them).
func (f settingsForm) rowLines(room int) []string {
	rows := f.rows()
	all := make([]string, len(rows))
	for i, fl := range rows {
		all[i] = f.row(i, f.fieldLabel(fl), f.fieldView(fl))
	}
	room = max(room, 3)
	if len(all) <= room {
		return all
	}
	// Room for the rows between the two "more" lines.
	inner := room - 2
	top := min(max(f.focus-inner/2, 0), len(all)-inner)
	out := []string{f.styles.Subtle.Render(fmt.Sprintf("  ↑ %d more (shift+tab)", top))}
	if top == 0 {
		out[0] = ""
	}
	out = append(out, all[top:top+inner]...)
	if rest := len(all) - top - inner; rest > 0 {
		out = append(out, f.styles.Subtle.Render(fmt.Sprintf("  ↓ %d more (tab)", rest)))
	}
	return out
}

// notes renders how the defaults were chosen and the provider's quirks
// (from its preset) in at most height lines: as many whole notes as fit,
// then how many more there are.
func (f settingsForm) notes(height int) []string {
	all := append(slices.Clone(f.defaultNotes), f.base.Quirks...)
	if len(all) == 0 || height < 4 {
		return nil
	}
	s := f.styles
	name := orNone(f.base.Preset, f.provider)
	out := []string{"", "  " + section(s, "Notes on "+name)}
	for i, q := range all {
		b := bullets([]string{q}, s.Subtle, f.width-2)
		room := height - len(out)
		if i < len(all)-1 {
			room-- // for the line that says how many more
		}
		if len(b) > room {
			return append(out, s.Subtle.Render(safetext.Line(fmt.Sprintf("  … %d more: oauth-explorer providers %s", len(all)-i, name))))
		}
		out = append(out, b...)
	}
	return out
}

// row renders a label and its value; i is the row's index in rows(), -1
// for a read-only row.
func (f settingsForm) row(i int, label, value string) string {
	s := f.styles
	if i == f.focus {
		return s.Cursor.Render("› ") + s.LabelFocused.Render(padRight(label, labelWidth)) + " " + value
	}
	return "  " + s.Label.Render(padRight(label, labelWidth)) + " " + value
}

func (f settingsForm) fieldLabel(fl field) string {
	if g := f.group(fl); g != nil {
		return g.label(fl)
	}
	return [...]string{"Client", "Client ID", "Client secret", "Scopes", "Audience", "Auth method", "Redirect URI"}[fl]
}

func (f settingsForm) fieldView(fl field) string {
	s := f.styles
	if g := f.group(fl); g != nil {
		return g.view(fl, s.Value)
	}
	switch fl {
	case fieldClient:
		name := "(typed by hand)"
		if i := f.client(); i >= 0 {
			name = safetext.Line(f.clients[i].ID) + "  " + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(f.clients))
		}
		return s.Value.Render("‹ " + name + " ›")
	case fieldAuth:
		v := s.Value.Render("‹ " + f.authMethod() + " ›")
		if f.autoAuth {
			v += " " + s.Subtle.Render("auto")
		}
		return v
	}
	return inputView(f.inputs[slices.Index(textFields, fl)])
}

// hint explains the focused field.
func (f settingsForm) hint() string {
	if fl := f.focused(); f.group(fl) != nil {
		return f.group(fl).hint(fl)
	}
	switch f.focused() {
	case fieldClient:
		if i := f.client(); i >= 0 {
			return f.clients[i].Description + ". ←/→ or ctrl+n picks another ready-made client."
		}
		return "←/→ or ctrl+n fills the form with one of the provider's ready-made clients."
	case fieldID:
		return "The client_id registered at the provider (RFC 6749 §2.2)."
	case fieldSecret:
		return "The client secret; shown as dots until ctrl+r. Not sent with auth method none."
	case fieldScopes:
		return "Space-separated scopes to ask for (RFC 6749 §3.3); empty asks for the client's default."
	case fieldAudience:
		return "Optional \"audience\" parameter (Auth0 and others) naming the API the token is for."
	case fieldRedirect:
		return "The exact redirect URI registered for the client; empty listens on a free loopback port (RFC 8252 §7.3)."
	}
	auto := ""
	if f.autoAuth {
		auto = "Auto until you choose: from the credentials given, then from what the server lists. "
	}
	m := f.authMethod()
	a, _ := flows.ClientAuthByID(m)
	return auto + m + ": " + a.Summary + " (" + a.Ref + ")."
}

// issuerRow shows the provider's issuer; for a provider that names none
// (ProviderChoice.NoServer) it says where the run finds it.
func (f settingsForm) issuerRow() string {
	s := f.styles
	if f.noServer && f.base.Issuer == "" && f.base.TokenURL == "" {
		return f.row(-1, "Issuer", s.Subtle.Render("the one the API names, found by the run (RFC 9728)"))
	}
	return f.row(-1, "Issuer", s.Value.Render(safetext.Line(redact.Userinfo(orNone(f.base.Issuer, f.base.TokenURL)))))
}

func orNone(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return "(none)"
}
