#!/bin/sh
# Makes the README's pictures from the real program: it builds
# oauth-explorer, runs its TUI on the embedded demo provider in a tmux
# session of 100x30, drives it with the keys a user presses, captures the
# screens with their colours (tmux capture-pane -e) and renders each with
# charm's freeze v0.2.2 to an SVG in docs/pictures/; docs/pictures/flow.svg
# is an animation of a whole authorization-code run, its frames joined by
# scripts/animate (vhs would need ttyd, which not every machine has). Run
# it again after a change to the screens; nothing is drawn by hand.
#
# Needs: Go, tmux, freeze (go install github.com/charmbracelet/freeze@v0.2.2;
# set $FREEZE to its path if it is not on $PATH). Its own browser for the
# login is the bench command (go run ./bench -browse URL logs in at the
# demo), so no real browser opens.
#
# Usage: scripts/pictures.sh
set -eu
cd "$(dirname "$0")/.."

FREEZE=${FREEZE:-freeze}
if ! command -v "$FREEZE" >/dev/null 2>&1 && [ -x "$(go env GOPATH)/bin/freeze" ]; then
	FREEZE="$(go env GOPATH)/bin/freeze"
fi
command -v "$FREEZE" >/dev/null 2>&1 || {
	echo "pictures: needs freeze: go install github.com/charmbracelet/freeze@v0.2.2" >&2
	exit 1
}
command -v tmux >/dev/null 2>&1 || { echo "pictures: needs tmux" >&2; exit 1; }

out=docs/pictures
mkdir -p "$out"
tmp=$(mktemp -d)
session="oe-pictures-$$"
cleanup() {
	tmux kill-session -t "$session" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

go build -o "$tmp/oauth-explorer" .
go build -o "$tmp/bench" ./bench

keys() { tmux send-keys -t "$session" "$@"; }

# wait_for TEXT: until the screen shows TEXT (polled; a slow machine only
# waits longer), at most 30 s.
wait_for() {
	i=0
	until tmux capture-pane -p -t "$session" | grep -q -- "$1"; do
		i=$((i + 1))
		if [ "$i" -gt 300 ]; then
			echo "pictures: the screen never showed \"$1\":" >&2
			tmux capture-pane -p -t "$session" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# frame: the screen as it is, one frame of the animation of a whole flow.
frames=0
frame() {
	sleep 0.3
	frames=$((frames + 1))
	mkdir -p "$tmp/frames"
	tmux capture-pane -e -p -t "$session" >"$tmp/frame.ansi"
	"$FREEZE" "$tmp/frame.ansi" --language ansi --font.family monospace --window -o "$tmp/frames/$(printf %02d "$frames").svg" >/dev/null
}

# shot NAME: the screen as it is, rendered to $out/NAME.svg.
shot() {
	sleep 0.3 # let the frame after the last key settle
	tmux capture-pane -e -p -t "$session" >"$tmp/$1.ansi"
	"$FREEZE" "$tmp/$1.ansi" --language ansi --font.family monospace --window -o "$out/$1.svg" >/dev/null
	echo "pictures: $out/$1.svg"
}

tmux new-session -d -s "$session" -x 100 -y 30 \
	"BROWSER='$tmp/bench -browse' NO_COLOR= COLORTERM=truecolor $tmp/oauth-explorer --provider demo"

# An authorization-code run: the Explain tab of its token request, the
# Claims tab with the checklist, and the sequence diagram; and the frames
# of the animation, from the flow picker to the diagram.
wait_for "Choose a flow"
frame
keys Enter
wait_for "Settings"
frame
keys Enter
wait_for "Flow complete"
frame
keys Up Up Up Up
wait_for "› ✓ Token request"
shot explain
frame
keys 2
frame
keys 4
shot claims
frame
keys 6
shot diagram
frame
go run ./scripts/animate -o "$out/flow.svg" -each 2s "$tmp"/frames/*.svg
echo "pictures: $out/flow.svg (an animation of $frames frames)"

# A client credentials run asking for a scope the client may not have
# (an x typed after its scopes): the Diagnosis.
keys Escape
wait_for "Settings"
keys Escape
wait_for "Choose a flow"
keys Down Down Down Enter
wait_for "Client secret"
keys Tab Tab Tab x Enter
wait_for "Failed at"
keys 5
shot diagnosis

# The device flow waiting for the user: its URL screen, with the QR code.
keys Escape
wait_for "Settings"
keys Escape
wait_for "Choose a flow"
keys Up Up Up Down Down Down Down Down Enter
wait_for "Settings"
keys Enter
wait_for "Enter the code"
keys v
wait_for "scan the QR code"
shot device
