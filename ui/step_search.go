package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// Search in the details (/): the text typed is looked for, without
// regard to case, in the lines of the tab shown; the details scroll to
// the first place it is found from where they are, the line is
// highlighted, and n and N go to the next and previous places, in this
// tab or in another one shown later.

// searchBox is what the step view keeps of a search.
type searchBox struct {
	input textinput.Model
	// query is the text looked for, "" when there is no search.
	query string
	// line is the details' line found last, -1 for none.
	line int
}

func newSearchBox() searchBox {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "text to find in this tab"
	return searchBox{input: in, line: -1}
}

// openSearch opens the search input at the bottom of the details.
func (v stepView) openSearch() (stepView, tea.Cmd) {
	v.search.input.Reset()
	v.search.input.SetStyles(v.styles.TextInput)
	v.search.input.SetWidth(max(v.detailsW-4, 1))
	v.mode = modeSearch
	cmd := v.search.input.Focus()
	return v.setCommon(v.common), cmd
}

// searchKey handles a key press while the search input is open: enter
// looks for the text, esc closes the input, the rest edits it.
func (v stepView) searchKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	switch {
	case key.Matches(k, v.keys.ClosePaste):
		v.mode = modeBrowse
		v.search.input.Blur()
		return v.setCommon(v.common), nil
	case key.Matches(k, v.keys.Submit):
		v.mode = modeBrowse
		v.search.input.Blur()
		v.search.query = strings.TrimSpace(v.search.input.Value())
		v.search.line = -1
		v = v.setCommon(v.common)
		if v.search.query == "" {
			return v, nil
		}
		return v.findMatch(1, v.viewport.YOffset())
	}
	var cmd tea.Cmd
	v.search.input, cmd = v.search.input.Update(k)
	return v, cmd
}

// matches lists the lines of the details that hold the query.
func (v *stepView) matches() []int {
	q := strings.ToLower(v.search.query)
	var out []int
	for i, l := range v.content {
		if strings.Contains(strings.ToLower(ansi.Strip(l)), q) {
			out = append(out, i)
		}
	}
	return out
}

// findMatch goes to the first line holding the query at or after from
// (dir 1) or before it (dir -1), round the end, and says which it is.
func (v stepView) findMatch(dir, from int) (stepView, tea.Cmd) {
	ms := v.matches()
	q := safetext.Line(v.search.query)
	if len(ms) == 0 {
		v.search.line = -1
		return v.say(fmt.Sprintf("%q is not in the %s tab", q, v.tab))
	}
	at := -1
	if dir > 0 {
		for i, l := range ms {
			if l >= from {
				at = i
				break
			}
		}
		if at < 0 {
			at = 0
		}
	} else {
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i] <= from {
				at = i
				break
			}
		}
		if at < 0 {
			at = len(ms) - 1
		}
	}
	v.search.line, v.focus = ms[at], areaDetails
	v.viewport.SetYOffset(max(ms[at]-2, 0))
	v = v.setCommon(v.common)
	return v.say(fmt.Sprintf("%q: %d of %d in the %s tab · n/N next/previous", q, at+1, len(ms), v.tab))
}

// nextMatch goes to the next (dir 1) or previous (dir -1) match.
func (v stepView) nextMatch(dir int) (stepView, tea.Cmd) {
	from := v.search.line + dir
	if v.search.line < 0 {
		from = v.viewport.YOffset()
	}
	return v.findMatch(dir, from)
}

// searchLines renders the search input in modeSearch, else nothing.
func (v *stepView) searchLines() []string {
	if v.mode != modeSearch {
		return nil
	}
	return []string{v.styles.Subtle.Render(truncate("Find in the "+v.tab.String()+" tab (enter finds, esc closes)", v.detailsW)), v.search.input.View()}
}

// markMatch highlights line i of the details when it is the match found.
func (v *stepView) markMatch(i int, line string) string {
	if i != v.search.line || v.search.query == "" {
		return line
	}
	plain := ansi.Strip(line)
	if !strings.Contains(strings.ToLower(plain), strings.ToLower(v.search.query)) {
		return line // another tab's line: the match was elsewhere
	}
	return v.styles.StepCurrent.Render(padRight(plain, v.detailsW))
}
