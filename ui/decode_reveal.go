package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// A token pasted into the decoder is a credential like the run's: masked
// as everywhere else (flows.Hide: its first characters, to tell a JWT,
// and its length) until ctrl+r shows it, the key that shows a secret in
// every form (in the step view, where no field takes letters, it is r).
// The decoded claims below are no secret; the signature never shows.

// maskedToken is the token input as shown: masked unless revealed.
func (d decodeView) maskedToken() textinput.Model {
	in := d.token
	v := strings.TrimSpace(in.Value())
	if d.reveal || v == "" {
		return in
	}
	in.SetValue(flows.Hide(v))
	in.CursorEnd()
	return in
}

// revealKey is ctrl+r, its help saying what it does now.
func (d decodeView) revealKey() key.Binding {
	k := d.keys.ShowSecret
	if d.reveal {
		k.SetHelp(k.Help().Key, "mask token")
	} else {
		k.SetHelp(k.Help().Key, "show token")
	}
	return k
}
