package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// flowPicker is the second screen: which grant to run. Choosing a flow may
// first prepare the provider (start the demo server), which the picker shows
// with a spinner and, when it fails, with the error.
type flowPicker struct {
	common
	list     choiceList
	flows    []FlowChoice
	provider string // name of the provider chosen, for the heading
	// shown are the indexes in flows of the flows offered: all of them,
	// or for a provider that names no authorization server only those
	// that find theirs (ProviderChoice.NoServer).
	shown []int

	preparing string // "Starting …" while Prepare runs
	err       error  // Prepare failed
	spinner   spinner.Model
}

func newFlowPicker(c common, flows []FlowChoice) flowPicker {
	f := flowPicker{
		common:  c,
		list:    newChoiceList(c, nil),
		flows:   flows,
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.styles.Spinner)),
	}
	return f.offer(false).withNotes(nil)
}

// offer sets the flows offered: all, or with findsServer only those that
// find their authorization server (FlowChoice.FindsServer).
func (f flowPicker) offer(findsServer bool) flowPicker {
	f.shown = f.shown[:0:0]
	for i, fc := range f.flows {
		if !findsServer || fc.FindsServer {
			f.shown = append(f.shown, i)
		}
	}
	return f
}

func (f flowPicker) setCommon(c common) flowPicker {
	f.common = c
	f.list.common = c
	f.spinner.Style = c.styles.Spinner
	return f
}

// forProvider shows the picker for the provider pc.
func (f flowPicker) forProvider(pc ProviderChoice) flowPicker {
	f.provider = pc.Name
	return f.offer(pc.NoServer).reset()
}

// withNotes shows note(flow ID) beside each flow (ProviderChoice.FlowNote);
// a nil note clears them.
func (f flowPicker) withNotes(note func(flowID string) string) flowPicker {
	items := make([]choiceItem, len(f.shown))
	for i, k := range f.shown {
		fc := f.flows[k]
		items[i] = choiceItem{title: fc.Name, desc: fc.Description, label: fc.Label}
		if note != nil {
			items[i].note = note(fc.ID)
		}
	}
	f.list = f.list.setItems(items)
	return f
}

// reset forgets a Prepare in progress or failed.
func (f flowPicker) reset() flowPicker {
	f.preparing, f.err = "", nil
	return f
}

// startPreparing shows the spinner and msg while the provider gets ready.
func (f flowPicker) startPreparing(msg string) (flowPicker, tea.Cmd) {
	if msg == "" {
		msg = "Preparing " + f.provider + "…"
	}
	f.preparing = msg
	f.err = nil
	return f, f.spinner.Tick
}

// failed shows why Prepare failed.
func (f flowPicker) failed(err error) flowPicker {
	f.preparing, f.err = "", err
	return f
}

// Update moves the cursor and chooses; while the provider is being prepared
// only esc (give up waiting) works.
func (f flowPicker) Update(msg tea.Msg) (flowPicker, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if f.preparing == "" {
			return f, nil
		}
		var cmd tea.Cmd
		f.spinner, cmd = f.spinner.Update(msg)
		return f, cmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keys.Back):
			return f, emit(backMsg{})
		case f.preparing != "":
			return f, nil
		case key.Matches(msg, f.keys.Choose):
			if f.list.cursor < 0 || f.list.cursor >= len(f.shown) {
				return f, nil
			}
			return f, emit(flowChosenMsg{index: f.shown[f.list.cursor]})
		case key.Matches(msg, f.keys.Quit):
			return f, emit(quitMsg{})
		}
		var cmd tea.Cmd
		f.list, cmd = f.list.Update(msg)
		return f, cmd
	}
	return f, nil
}

// View renders the picker in height lines.
func (f flowPicker) View(height int) string {
	s := f.styles
	lines := []string{header(f.common, f.provider, "Choose a flow"), rule(f.common), ""}
	var tail []string
	switch {
	case f.preparing != "":
		tail = []string{"", f.spinner.View() + " " + s.Notice.Render(safetext.Line(f.preparing))}
	case f.err != nil:
		tail = append([]string{"", s.ErrLabel.Render("✗ " + safetext.Line(f.provider) + " is not ready")},
			hanging(f.err.Error(), s.Error, f.width, 0)...)
		tail = append(tail, s.Subtle.Render("enter tries again; esc goes back to the providers."))
	}
	if len(f.shown) == 0 {
		lines = append(lines, s.Error.Render("No flow is available."))
	} else {
		lines = append(lines, f.list.View(max(height-len(lines)-len(tail), 2)))
	}
	lines = append(lines, tail...)
	return strings.Join(lines, "\n")
}

// update implements pane.
func (f *flowPicker) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*f, cmd = f.Update(msg)
	return cmd
}

// render implements pane.
func (f *flowPicker) render(height int) string { return f.View(height) }

// resize implements pane.
func (f *flowPicker) resize(c common) { *f = f.setCommon(c) }

// back implements pane: back to the providers, the wait for a Prepare
// given up.
func (f *flowPicker) back() (screen, tea.Cmd) {
	*f = f.reset()
	return screenProviders, nil
}
