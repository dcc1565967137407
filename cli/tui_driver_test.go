package cli

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/ui"
)

// tuiDriver runs a ui.Model as the Bubble Tea runtime does: the commands
// an update returns run in goroutines and their messages come back to
// Update. It never waits on a clock: it waits for messages, and knows
// the screen has settled when no message is queued and at most parked
// commands (a step waiting for the browser or a poll's wait) still run.
// Spinner and cursor frames are dropped, so that a screen does not change
// with the speed of the machine; the model's own timers never fire
// (ui.Config.After).
type tuiDriver struct {
	tb testing.TB
	m  tea.Model

	mu      sync.Mutex
	changed *sync.Cond
	queue   []tea.Msg
	pending int
}

// newTUIDriver builds the model of cfg as ui.Run does, with still cursors
// and timers that never fire, sized w x h.
func newTUIDriver(t testing.TB, cfg ui.Config, w, h int) *tuiDriver {
	cfg.After = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	cfg.StillCursor = true
	d := &tuiDriver{tb: t, m: ui.New(cfg)}
	d.changed = sync.NewCond(&d.mu)
	d.start(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

func (d *tuiDriver) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.mu.Lock()
	d.pending++
	d.mu.Unlock()
	go d.run(cmd)
}

// run runs cmd, counted in pending, and queues its messages; the commands
// of a batch are counted before cmd stops being counted, so that pending
// never drops to zero while work is left.
func (d *tuiDriver) run(cmd tea.Cmd) {
	msg := cmd()
	var out []tea.Msg
	if seq := reflect.ValueOf(msg); seq.Kind() == reflect.Slice && seq.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		// tea.Sequence: each command in turn, as the runtime does.
		for i := range seq.Len() {
			if c := seq.Index(i).Interface().(tea.Cmd); c != nil {
				out = append(out, c())
			}
		}
	} else {
		out = append(out, msg)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, msg := range out {
		switch msg := msg.(type) {
		case nil, spinner.TickMsg, cursor.BlinkMsg, tea.QuitMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				if c != nil {
					d.pending++
					go d.run(c)
				}
			}
		default:
			d.queue = append(d.queue, msg)
		}
	}
	d.pending--
	d.changed.Broadcast()
}

// send hands msgs to the model one by one, each settling with no command
// left running.
func (d *tuiDriver) send(msgs ...tea.Msg) {
	d.tb.Helper()
	for _, msg := range msgs {
		d.update(msg)
		d.settle(0, "")
	}
}

func (d *tuiDriver) update(msg tea.Msg) {
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	d.start(cmd)
}

// settle handles messages until none is queued, at most parked commands
// run and the screen contains want.
func (d *tuiDriver) settle(parked int, want string) {
	d.tb.Helper()
	for {
		d.mu.Lock()
		for len(d.queue) == 0 && (d.pending > parked || !strings.Contains(d.screen(), want)) {
			if d.pending == 0 {
				d.mu.Unlock()
				d.tb.Fatalf("the screen settled without %q:\n%s", want, d.screen())
			}
			d.changed.Wait()
		}
		if len(d.queue) == 0 {
			d.mu.Unlock()
			return
		}
		msg := d.queue[0]
		d.queue = d.queue[1:]
		d.mu.Unlock()
		d.update(msg)
	}
}

// screen is what the terminal shows, without colours.
func (d *tuiDriver) screen() string {
	return ansi.Strip(d.m.View().Content)
}
