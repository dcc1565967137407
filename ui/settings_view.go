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
	for i, fl := range f.rows() {
		lines = append(lines, f.row(i, f.fieldLabel(fl), f.fieldView(fl)))
	}
	lines = append(lines, "")
	for _, l := range hanging(f.hint(), s.Hint, f.width-2, 0) {
		lines = append(lines, "  "+l)
	}
	if f.notice != "" {
		lines = append(lines, "")
		lines = append(lines, hanging(f.notice, s.Success, f.width, 0)...)
	}
	lines = append(lines, errorLines(s, f.err, f.width)...)
	return strings.Join(append(lines, f.notes(height-len(lines))...), "\n")
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
	if f.grant.index(fl) >= 0 {
		return f.grant.label(fl)
	}
	if f.method.index(fl) >= 0 {
		return f.method.label(fl)
	}
	return [...]string{"Client", "Client ID", "Client secret", "Scopes", "Audience", "Auth method", "Redirect URI"}[fl]
}

func (f settingsForm) fieldView(fl field) string {
	s := f.styles
	if f.grant.index(fl) >= 0 {
		return f.grant.view(fl, s.Value)
	}
	if f.method.index(fl) >= 0 {
		return f.method.view(fl, s.Value)
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
	if fl := f.focused(); f.grant.index(fl) >= 0 {
		return f.grant.hint(fl)
	}
	if fl := f.focused(); f.method.index(fl) >= 0 {
		return f.method.hint(fl)
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
