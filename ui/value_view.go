package ui

import (
	"bufio"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// The "just the value" view: a value alone on the terminal's main screen,
// as one line the terminal wraps itself, with no border, margin or
// styling, so that a mouse selection (or a triple click) picks exactly it
// and pastes it without line breaks. The TUI steps aside for it (tea.Exec)
// and comes back on Enter.

// valueScreen is the tea.ExecCommand that shows a value alone.
type valueScreen struct {
	name, value string
	in          io.Reader
	out         io.Writer
}

// showAlone steps aside from the TUI to show value alone.
func showAlone(name, value string) tea.Cmd {
	return tea.Exec(&valueScreen{name: name, value: value}, func(error) tea.Msg { return nil })
}

// Run implements tea.ExecCommand: it clears the screen, writes the value
// and waits for a line (Enter) on the input.
func (s *valueScreen) Run() error {
	// ESC [2J ESC [H: clear the screen, cursor home; nothing else is
	// written raw, and the value goes through the sanitizer.
	_, err := fmt.Fprintf(s.out, "\x1b[2J\x1b[H%s — select it with the mouse; Enter returns to the TUI.\n\n%s\n\n",
		safetext.Line(s.name), safetext.Line(s.value))
	if err != nil {
		return err
	}
	_, err = bufio.NewReader(s.in).ReadString('\n')
	if err == io.EOF {
		err = nil
	}
	return err
}

// SetStdin implements tea.ExecCommand.
func (s *valueScreen) SetStdin(r io.Reader) { s.in = r }

// SetStdout implements tea.ExecCommand.
func (s *valueScreen) SetStdout(w io.Writer) { s.out = w }

// SetStderr implements tea.ExecCommand.
func (s *valueScreen) SetStderr(io.Writer) {}
