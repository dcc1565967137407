package flows

import "context"

// Flow returns the capture as a Flow whose steps are the capture's, each
// Next handing out the next one's Result as the explanation found it: a
// surface runs it like any flow (the TUI's timeline, tabs and diagram,
// its copy and export menus) and nothing is sent.
func (c *Capture) Flow() Flow {
	return &captureFlow{c: c}
}

// captureFlow replays a Capture's results.
type captureFlow struct {
	c    *Capture
	next int
}

// Name implements Flow.
func (f *captureFlow) Name() string {
	if f.c.Run.Grant != "" {
		return "Capture: " + f.c.Run.Grant
	}
	return "Capture"
}

// Steps implements Flow.
func (f *captureFlow) Steps() []StepInfo {
	out := make([]StepInfo, len(f.c.Run.Results))
	for i, r := range f.c.Run.Results {
		out[i] = r.Step
	}
	return out
}

// Next implements Flow.
func (f *captureFlow) Next(context.Context) Result {
	if f.Done() {
		return Result{Status: Skipped}
	}
	r := f.c.Run.Results[f.next]
	f.next++
	return r
}

// Done implements Flow.
func (f *captureFlow) Done() bool { return f.next >= len(f.c.Run.Results) }

// Secrets implements Flow: the secrets found in the capture.
func (f *captureFlow) Secrets() []string { return f.c.Secrets }

// Close implements Flow: a capture holds nothing open.
func (f *captureFlow) Close() error { return nil }
