package ui

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Rows of the add-provider form.
const (
	addName = iota
	addIssuer
	addClientID
	addSecret
	addScopes
	addAuth
	addRedirect
)

// authAuto is the auth method choice that lets the secret decide:
// client_secret_basic with one, none without (RFC 6749 §2.3.1).
const authAuto = "auto"

// addForm adds a provider by its issuer URL: the settings a flow needs,
// which enter then saves to the providers file (asking about the secret).
// Discovery runs when a flow starts, from the issuer.
type addForm struct {
	common
	form inputForm
	err  error
}

func newAddForm(c common, reveal bool) addForm {
	rows := []formRow{
		textRow("Name", "e.g. work", "The provider's name in the providers file ([providers.NAME]) and for --provider NAME: letters, digits, - and _.", true),
		textRow("Issuer URL", "https://id.example.com", "The authorization server's issuer identifier (RFC 8414 §2); its metadata is discovered from /.well-known/openid-configuration or /.well-known/oauth-authorization-server.", true),
		textRow("Client ID", "from the provider's console", "The client_id the provider gave the app registration (RFC 6749 §2.2).", true),
		textRow("Client secret", "empty for a public client", "The client secret of a confidential client; shown as dots until ctrl+r. You choose next whether it is written to the file.", false),
		textRow("Scopes", "e.g. openid profile email", "Space-separated scopes to ask for (RFC 6749 §3.3); empty asks for the client's default.", false),
		{label: "Auth method", choices: append([]string{authAuto}, providers.AuthMethods...),
			help: "How the client authenticates at the token endpoint (RFC 6749 §2.3): auto is client_secret_basic with a secret and none (a public client) without."},
		textRow("Redirect URI", "default: http://127.0.0.1:<free port>/callback", "The exact redirect URI registered for the client, for the authorization code flow; empty uses a free loopback port (RFC 8252 §7.3).", false),
	}
	rows[addSecret].secret = true
	return addForm{form: newInputForm(c, rows, reveal)}.setCommon(c)
}

func (f addForm) setCommon(c common) addForm {
	f.common = c
	f.form = f.form.setCommon(c)
	return f
}

// providerNameRE is what a name may be: a bare TOML key, and a word on the
// command line.
var providerNameRE = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_-]+$`) }}

// checkName says what is wrong with a provider name, or nil.
func checkName(name string) error {
	switch {
	case name == "":
		return formError("Give the provider a name, e.g. work.")
	case name == "demo" || name == "custom":
		return formError(fmt.Sprintf("The name %s is taken (demo: the embedded demo provider; custom: --issuer): choose another.", name))
	case !providerNameRE.Get().MatchString(name):
		return formError(fmt.Sprintf("The name %q may hold letters, digits, - and _ only.", name))
	}
	return nil
}

// checkURL says what is wrong with an http(s) URL field, or nil.
func checkURL(label, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return formError(fmt.Sprintf("%s %q is not an http(s) URL, e.g. https://id.example.com.", label, raw))
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return formError(fmt.Sprintf("%s %q must have no query or fragment.", label, raw))
	}
	return nil
}

// provider returns the settings entered, or what is wrong with them.
func (f addForm) provider() (providers.Provider, error) {
	v := f.form.value
	name := v(addName)
	if err := checkName(name); err != nil {
		return providers.Provider{}, err
	}
	p := providers.Provider{
		Name:         name,
		Issuer:       v(addIssuer),
		ClientID:     v(addClientID),
		ClientSecret: v(addSecret),
		Scopes:       strings.Fields(v(addScopes)),
		RedirectURI:  v(addRedirect),
	}
	if p.Issuer == "" {
		return p, formError("Give the issuer URL, e.g. https://id.example.com: discovery starts there.")
	}
	if err := checkURL("The issuer", p.Issuer); err != nil {
		return p, err
	}
	if p.ClientID == "" {
		return p, formError("Give the client ID the provider registered for the app.")
	}
	if p.RedirectURI != "" {
		if err := checkURL("The redirect URI", p.RedirectURI); err != nil {
			return p, err
		}
	}
	if m := v(addAuth); m != authAuto {
		p.AuthMethod = m
	}
	p.DefaultAuthMethod()
	return p, nil
}

// Update edits the form; enter checks it and asks to save, esc goes back.
func (f addForm) Update(msg tea.Msg) (addForm, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.keys.Back):
			return f, emit(closeFormMsg{})
		case key.Matches(k, f.keys.Continue):
			p, err := f.provider()
			if err != nil {
				f.err = err
				return f, nil
			}
			f.err = nil
			return f, emit(saveRequestMsg{provider: p, name: p.Name, named: true})
		}
		f.err = nil
	}
	var cmd tea.Cmd
	f.form, cmd = f.form.Update(msg)
	return f, cmd
}

// View renders the form.
func (f addForm) View(int) string {
	lines := []string{header(f.common, "Add a provider by issuer URL"), rule(f.common), ""}
	lines = append(lines, f.form.rowsView()...)
	lines = append(lines, "")
	lines = append(lines, f.form.hintView()...)
	lines = append(lines, errorLines(f.styles, f.err, f.width)...)
	return strings.Join(lines, "\n")
}

// focusCmd starts the cursor blinking.
func (f addForm) focusCmd() tea.Cmd { return textinput.Blink }

// update implements pane.
func (f *addForm) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*f, cmd = f.Update(msg)
	return cmd
}

// render implements pane.
func (f *addForm) render(height int) string { return f.View(height) }

// resize implements pane.
func (f *addForm) resize(c common) { *f = f.setCommon(c) }

// back implements pane: back to the providers.
func (f *addForm) back() (screen, tea.Cmd) { return screenProviders, nil }
