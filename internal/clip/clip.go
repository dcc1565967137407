// Package clip copies text to the local clipboard, when this machine has
// one: the TUI's copies go to the terminal's clipboard through OSC 52,
// which works over SSH, and also here, for terminals that ignore OSC 52.
package clip

import (
	"errors"

	"github.com/atotto/clipboard"
)

// ErrNone says this machine has no clipboard tool (xclip, xsel, wl-copy,
// pbcopy and the like): nothing was copied locally.
var ErrNone = errors.New("no local clipboard tool (xclip, xsel, wl-clipboard or pbcopy)")

// Local copies text to the local clipboard and returns ErrNone when
// there is none, or the tool's error.
func Local(text string) error {
	if clipboard.Unsupported {
		return ErrNone
	}
	return clipboard.WriteAll(text)
}
