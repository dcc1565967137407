package cli

import (
	"fmt"
	"io"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// writeStrays notes the requests the callback listener ignored while it
// waited, and the last one: anyone on this machine can send them, so what
// they hold is masked and passes the sanitizer.
func writeStrays(w io.Writer, s *flows.Strays, m flows.Masker) {
	if s == nil || s.Count == 0 {
		return
	}
	what := "request"
	if s.Count > 1 {
		what = "requests"
	}
	line := fmt.Sprintf("note: %d stray %s to the callback listener ignored (without the state sent, a request cannot end the wait)", s.Count, what)
	if last, ok := s.Last(); ok {
		req := last.Exchange.Request
		line += fmt.Sprintf("; the last: %s %s: %s", safetext.Line(req.Method), safetext.Line(m.URL(req.URL)), safetext.Line(last.Reason))
	}
	fmt.Fprintln(w, line)
}
