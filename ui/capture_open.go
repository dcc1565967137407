package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Explain a capture from the TUI (h in the provider picker): the path of
// a HAR file typed at the bottom of the picker; flows reads and explains
// it (flows.ExplainHARFile), and the step view shows the capture as a
// run: its steps, tabs, claims, diagram and diagnoses, the copy and
// export menus. Nothing is sent; R shows it again; esc goes back to the
// picker.

// harBox is the picker's input for the HAR file's path.
type harBox struct {
	input textinput.Model
	open  bool
}

func newHARBox() harBox {
	in := textinput.New()
	in.Prompt = "HAR file: "
	in.Placeholder = "path of a .har saved from the browser's devtools, or exported here"
	return harBox{input: in}
}

// explainHARMsg asks the root to read and explain the file at path.
type explainHARMsg struct{ path string }

// harExplainedMsg is what flows made of the file.
type harExplainedMsg struct {
	path    string
	capture *flows.Capture
	err     error
}

// captureBackMsg leaves a capture's run for the provider picker.
type captureBackMsg struct{}

// openHAR opens the path input.
func (p providerPicker) openHAR() (providerPicker, tea.Cmd) {
	p.har.open, p.notice, p.saved, p.err = true, "", "", nil
	p.har.input.Reset()
	p.har.input.SetStyles(p.styles.TextInput)
	p.har.input.SetWidth(max(p.width-12, 10))
	return p, p.har.input.Focus()
}

// harKey handles a key while the path input is open.
func (p providerPicker) harKey(k tea.KeyPressMsg) (providerPicker, tea.Cmd) {
	switch {
	case key.Matches(k, p.keys.Cancel):
		p.har.open = false
		p.har.input.Blur()
		return p, nil
	case key.Matches(k, p.keys.Choose):
		path := strings.TrimSpace(p.har.input.Value())
		if path == "" {
			return p, nil
		}
		p.har.open = false
		p.har.input.Blur()
		p, cmd := p.startBusy("Reading and explaining " + path + "…")
		return p, tea.Batch(cmd, emit(explainHARMsg{path: path}))
	}
	var cmd tea.Cmd
	p.har.input, cmd = p.har.input.Update(k)
	return p, cmd
}

// explainHAR reads and explains the file in a tea.Cmd.
func (m Model) explainHAR(msg explainHARMsg) (tea.Model, tea.Cmd) {
	ctx, opts := m.ctx, flows.CaptureOptions{Transport: m.cfg.Options.Transport, Now: m.cfg.Options.Now}
	if ctx == nil {
		ctx = context.Background()
	}
	return m, func() tea.Msg {
		c, err := flows.ExplainHARFile(ctx, msg.path, opts)
		return harExplainedMsg{path: msg.path, capture: c, err: err}
	}
}

// showCapture shows an explained capture as a run in the step view.
func (m Model) showCapture(msg harExplainedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.providers = m.providers.failed(msg.path, msg.err)
		return m, nil
	}
	m.providers = m.providers.done()
	c := msg.capture
	fc := FlowChoice{ID: "capture", Name: "Capture", Description: "a HAR capture explained",
		New: func(providers.Provider, flows.Options) flows.Flow { return c.Flow() }}
	p := providers.Provider{Name: "capture", Issuer: c.Run.Issuer}
	var cmd tea.Cmd
	m.steps, cmd = m.steps.start(m.ctx, "capture", p, fc, m.cfg.Options)
	m.steps.fromCapture = true
	m.screen = screenSteps
	return m, cmd
}
