package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// field is one row of the settings form.
type field int

const (
	fieldClient field = iota // choice among the provider's ready-made clients
	fieldID
	fieldSecret
	fieldScopes
	fieldAudience
	fieldAuth     // choice among providers.AuthMethods
	fieldRedirect // for flows that use the browser
)

// inputs are the fields typed as text, in the order of their textinput.
var textFields = []field{fieldID, fieldSecret, fieldScopes, fieldAudience, fieldRedirect}

const labelWidth = 14

// startFlowMsg asks the root model to run the flow with these settings.
type startFlowMsg struct {
	provider providers.Provider
	// inputs are the values of the grant's inputs (flows.Options.Inputs).
	inputs flows.Inputs
}

// settingsForm is the third screen: the client settings the flow will use,
// prefilled from the provider's defaults.
type settingsForm struct {
	common
	provider string // provider name
	flowID   string
	flowName string
	base     providers.Provider // the provider's defaults
	clients  []ClientChoice     // ready-made clients that can run the flow
	browser  bool               // the flow uses a redirect URI
	// fields are the preset fields of the provider, saved with it; noSave
	// is the provider's NoSave and canSave tells that there is a
	// providers file to save to.
	fields map[string]string
	noSave bool
	// noServer: the provider names no authorization server; the flow
	// finds it (ProviderChoice.NoServer).
	noServer bool
	// findsServer: the flow finds its server and gets a client there
	// when none is given (FlowChoice.FindsServer).
	findsServer bool
	canSave     bool
	// notice says what was saved.
	notice string

	inputs []textinput.Model // by index in textFields
	// grant holds the rows of the inputs the flow declares, method those
	// of the auth method chosen (flows.ClientAuth.Inputs).
	grant, method grantInputs
	// advanced holds the Advanced switch and the request options under
	// it (flows.AdvancedOptions).
	advanced grantInputs
	// clientKey is the key in memory of the ready-made client picked (the
	// demo's private_key_jwt client), "" for the others.
	clientKey string
	auth      int // index in providers.AuthMethods
	// autoAuth: no auth method was chosen (by the provider's defaults, a
	// ready-made client or the user), so it follows the secret as typed.
	autoAuth bool
	// defaultNotes say how the provider chose the defaults (ProviderChoice.Notes).
	defaultNotes []string
	focus        int // index in rows()
	showSecret   bool
	err          error
}

func newSettingsForm(c common, reveal bool) settingsForm {
	f := settingsForm{common: c, showSecret: reveal}
	f.inputs = make([]textinput.Model, len(textFields))
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		f.inputs[i] = in
	}
	f.inputs[1].EchoCharacter = '•'
	f.inputs[2].Placeholder = "e.g. openid profile"
	f.inputs[3].Placeholder = "optional"
	f.inputs[4].Placeholder = "default: http://127.0.0.1:<free port>/callback"
	return f.setCommon(c).applyEcho()
}

func (f settingsForm) setCommon(c common) settingsForm {
	f.common = c
	w := min(max(c.width-labelWidth-6, 10), 72)
	inputs := slices.Clone(f.inputs)
	for i := range inputs {
		inputs[i].SetWidth(w)
		inputs[i].SetStyles(c.styles.TextInput)
	}
	f.inputs = inputs
	f.grant = f.grant.style(w, c.styles.TextInput, f.showSecret, f.focused())
	f.method = f.method.style(w, c.styles.TextInput, f.showSecret, f.focused())
	f.advanced = f.advanced.style(w, c.styles.TextInput, f.showSecret, f.focused())
	return f
}

// load fills the form for flow fc of provider pc with the defaults d.
func (f settingsForm) load(pc ProviderChoice, fc FlowChoice, d providers.Provider) settingsForm {
	f.provider, f.flowID, f.flowName, f.base, f.err = pc.Name, fc.ID, fc.Name, d, nil
	f.browser, f.fields, f.noSave, f.noServer, f.notice = fc.Browser, pc.Fields, pc.NoSave, pc.NoServer, ""
	f.findsServer = fc.FindsServer
	f.clients = nil
	// The rows change with the flow: focus the first before sizing.
	decl := fc.Inputs
	if pc.NoServer {
		decl = requireLocators(decl)
	}
	f.grant, f.focus = newGrantInputs(decl), 0
	f.advanced = newAdvancedInputs(flows.AdvancedValues(d))
	f = f.setCommon(f.common)
	for _, c := range pc.Clients {
		if slices.Contains(c.Flows, fc.ID) {
			f.clients = append(f.clients, c)
		}
	}
	f.inputs = slices.Clone(f.inputs)
	f.inputs[0].SetValue(d.ClientID)
	f.inputs[1].SetValue(d.ClientSecret)
	f.inputs[2].SetValue(d.ScopeString())
	f.inputs[3].SetValue(d.Audience)
	f.inputs[4].SetValue(d.RedirectURI)
	for i := range f.inputs {
		f.inputs[i].CursorEnd()
	}
	f.auth = max(slices.Index(providers.AuthMethods, d.AuthMethod), 0)
	f.autoAuth = d.AuthMethod == ""
	f.clientKey = d.ClientKey
	f = f.methodRows(flows.AuthInputValues(d))
	f.defaultNotes = nil
	if pc.Notes != nil {
		f.defaultNotes = pc.Notes(fc.ID)
	}
	f.focus = 0
	if i := slices.IndexFunc(decl, func(in flows.Input) bool { return pc.NoServer && in.Locator }); i >= 0 {
		f.focus = max(slices.Index(f.rows(), f.grant.first+field(i)), 0)
	}
	return f.focusField()
}

// rows lists the rows shown: the client choice only when the provider has
// ready-made clients for this flow, the redirect URI only for a flow that
// uses the browser.
func (f settingsForm) rows() []field {
	rows := append([]field{fieldID, fieldSecret, fieldScopes, fieldAudience, fieldAuth}, f.method.fields()...)
	if len(f.clients) > 0 {
		rows = append([]field{fieldClient}, rows...)
	}
	if f.browser {
		rows = append(rows, fieldRedirect)
	}
	rows = append(rows, f.grant.fields()...)
	adv := f.advanced.fields()
	if !f.advanced.shown() && len(adv) > 0 {
		adv = adv[:1]
	}
	return append(rows, adv...)
}

func (f settingsForm) focused() field { return f.rows()[f.focus] }

// focusField focuses the textinput of the focused row and blurs the others.
func (f settingsForm) focusField() settingsForm {
	f.inputs = slices.Clone(f.inputs)
	for i, tf := range textFields {
		if tf == f.focused() {
			f.inputs[i].Focus()
		} else {
			f.inputs[i].Blur()
		}
	}
	f.grant = f.grant.style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	f.method = f.method.style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	f.advanced = f.advanced.style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	return f
}

// methodRows makes the rows of the auth method's inputs, prefilled with
// vals, when the method changed.
func (f settingsForm) methodRows(vals flows.Inputs) settingsForm {
	a, _ := flows.ClientAuthByID(f.authMethod())
	if len(f.method.decl) == len(a.Inputs) && slices.EqualFunc(f.method.decl, a.Inputs, func(x, y flows.Input) bool { return x.Name == y.Name }) && vals == nil {
		return f
	}
	if vals == nil {
		vals = f.method.values()
		if f.clientKey != "" {
			vals[flows.InputClientKey] = flows.KeyInMemory
		}
	}
	f.method = newMethodInputs(a.Inputs, vals).style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	return f
}

// focusCmd starts the cursor blinking in the focused input.
func (f settingsForm) focusCmd() tea.Cmd { return textinput.Blink }

func (f settingsForm) applyEcho() settingsForm {
	f.inputs = slices.Clone(f.inputs)
	f.inputs[1].EchoMode = textinput.EchoPassword
	if f.showSecret {
		f.inputs[1].EchoMode = textinput.EchoNormal
	}
	f.grant = f.grant.style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	f.method = f.method.style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	f.advanced = f.advanced.style(f.inputs[0].Width(), f.styles.TextInput, f.showSecret, f.focused())
	return f
}

// authMethod returns the auth method the settings use: the one chosen or,
// while none is, the one the secret as typed implies (the same rule as the
// command line's).
func (f settingsForm) authMethod() string {
	if !f.autoAuth {
		return providers.AuthMethods[f.auth]
	}
	p := providers.Provider{ClientSecret: f.inputs[1].Value()}
	p.DefaultAuthMethod()
	return p.AuthMethod
}

// Provider returns the settings as entered.
func (f settingsForm) Provider() providers.Provider {
	p := f.base
	p.ClientID = strings.TrimSpace(f.inputs[0].Value())
	p.ClientSecret = f.inputs[1].Value()
	p.Scopes = strings.Fields(f.inputs[2].Value())
	p.Audience = strings.TrimSpace(f.inputs[3].Value())
	p.AuthMethod, p.AuthAuto = f.authMethod(), f.autoAuth
	p.ClientKey = f.clientKey
	flows.ApplyAuthInputs(&p, f.method.values())
	// Checked (Check) before a run starts: an error here leaves p as it was.
	_ = flows.ApplyAdvanced(&p, f.advanced.values())
	if f.browser {
		p.RedirectURI = strings.TrimSpace(f.inputs[4].Value())
	}
	return p
}

// saveable tells whether ctrl+s saves the settings as a provider.
func (f settingsForm) saveable() bool { return f.canSave && !f.noSave }

// Update edits the focused field; enter validates and starts the flow.
func (f settingsForm) Update(msg tea.Msg) (settingsForm, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return f.updateInput(msg)
	}
	g := f.group(f.focused())
	cycling := f.focused() == fieldClient || f.focused() == fieldAuth || (g != nil && g.isChoice(f.focused()))
	switch {
	case key.Matches(k, f.keys.Back):
		return f, emit(backMsg{})
	case key.Matches(k, f.keys.Start):
		p := f.Provider()
		if err := f.validate(p); err != nil {
			f.err = err
			return f, nil
		}
		if err := f.method.missing(); err != nil {
			f.err = err
			return f, nil
		}
		if err := f.grant.missing(); err != nil {
			f.err = err
			return f, nil
		}
		if err := f.advanced.missing(); err != nil {
			f.err = err
			return f, nil
		}
		f.err = nil
		return f, emit(startFlowMsg{provider: p, inputs: f.grant.values()})
	case key.Matches(k, f.keys.SaveAs) && f.saveable():
		// Only now is anything written: edits are for this run until
		// the user asks.
		f.err = nil
		return f, emit(saveRequestMsg{provider: f.Provider(), fields: f.fields, name: f.provider})
	case key.Matches(k, f.keys.NextField):
		f.focus = (f.focus + 1) % len(f.rows())
		return f.focusField(), nil
	case key.Matches(k, f.keys.PrevField):
		f.focus = (f.focus + len(f.rows()) - 1) % len(f.rows())
		return f.focusField(), nil
	case key.Matches(k, f.keys.NextClient) && len(f.clients) > 0:
		return f.pickClient((f.client() + 1) % len(f.clients)), nil
	case key.Matches(k, f.keys.ShowSecret):
		f.showSecret = !f.showSecret
		return f.applyEcho(), nil
	case cycling && (key.Matches(k, f.keys.CycleNext) || key.Matches(k, f.keys.CyclePrev)):
		step := 1
		if key.Matches(k, f.keys.CyclePrev) {
			step = -1
		}
		if g != nil && g.isChoice(f.focused()) {
			*g, f.err = g.cycle(f.focused(), step), nil
			return f.focusField(), nil
		}
		if f.focused() == fieldClient {
			n := len(f.clients)
			i := f.client()
			if i < 0 && step < 0 {
				i = 0
			}
			return f.pickClient((i + step + n) % n), nil
		}
		n := len(providers.AuthMethods)
		f.auth = (slices.Index(providers.AuthMethods, f.authMethod()) + step + n) % n
		f.autoAuth = false
		f.err = nil
		return f.methodRows(nil), nil
	}
	f.err, f.notice = nil, ""
	return f.updateInput(msg)
}

// updateInput hands msg (a key, a paste, a cursor blink) to the focused
// textinput.
func (f settingsForm) updateInput(msg tea.Msg) (settingsForm, tea.Cmd) {
	i := slices.Index(textFields, f.focused())
	if i < 0 {
		var cmd tea.Cmd
		if g := f.group(f.focused()); g != nil {
			*g, cmd = g.update(f.focused(), msg)
		}
		return f, cmd
	}
	f.inputs = slices.Clone(f.inputs)
	var cmd tea.Cmd
	f.inputs[i], cmd = f.inputs[i].Update(msg)
	return f, cmd
}

// update implements pane.
func (f *settingsForm) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*f, cmd = f.Update(msg)
	return cmd
}

// render implements pane.
func (f *settingsForm) render(height int) string { return f.View(height) }

// resize implements pane.
func (f *settingsForm) resize(c common) { *f = f.setCommon(c) }

// back implements pane: back to the flows.
func (f *settingsForm) back() (screen, tea.Cmd) { return screenFlows, nil }
