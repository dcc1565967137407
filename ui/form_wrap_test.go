package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestFormBodyWrapsBetweenParameters: a form body wraps after its "&"s,
// so that no parameter that fits on a line is split (client_id=demo- /
// public read as two values); only a value wider than the pane is broken.
// Other bodies are left to the pane's wrapping.
func TestFormBodyWrapsBetweenParameters(t *testing.T) {
	const head = "POST /oauth/token HTTP/1.1\nHost: 127.0.0.1:1\nContent-Type: application/x-www-form-urlencoded\n\n"
	body := "client_id=demo-public&grant_type=refresh_token&refresh_token=QZGLNW…[52 chars hidden]&redirect_uri=http%3A%2F%2F127.0.0.1%3A40001%2Fcallback"
	styles := DefaultStyles(true)
	s := &styles
	for _, w := range []int{24, 40, 52, 80} {
		lines := padLines(styleHTTP(s, head+body+"\n", w), w)
		var got []string
		inBody := false
		for _, l := range lines {
			l = strings.TrimRight(ansi.Strip(l), " ")
			if inBody {
				got = append(got, l)
			}
			inBody = inBody || l == ""
		}
		unspaced := func(s string) string { return strings.ReplaceAll(s, " ", "") }
		if unspaced(strings.Join(got, "")) != unspaced(body) {
			t.Fatalf("%d: the body changed: %q", w, got)
		}
		for _, p := range strings.SplitAfter(body, "&") {
			if ansi.StringWidth(p) > w {
				continue
			}
			found := false
			for _, l := range got {
				found = found || strings.Contains(l, p)
			}
			if !found {
				t.Errorf("%d: %q is split across lines: %q", w, p, got)
			}
		}
	}
	// JSON is not a form: padLines wraps it as before.
	json := "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"a\":\"b&c&d&e&f&g&h&i&j&k&l&m&n\"}\n"
	if lines := styleHTTP(s, json, 10); len(lines) != 4 {
		t.Errorf("a JSON body was wrapped as a form: %q", lines)
	}
}
