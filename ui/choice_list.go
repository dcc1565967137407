package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// choiceItem is one entry of a choiceList.
type choiceItem struct {
	title, desc string
	// note follows the title on its line (a preset's product name).
	note string
	// label follows the title in brackets, as a warning: a grant's
	// flows.Grant.Label ("legacy").
	label string
	// problem is shown under the title as an error: why the item cannot
	// be chosen.
	problem string
	// section is the heading of the group the item belongs to, drawn
	// above the first item of the group.
	section string
}

// choiceList is the vertical list the provider and flow pickers share: a
// title per item with a short description under it, a cursor, and a window
// that follows the cursor when the items do not fit.
type choiceList struct {
	common
	items  []choiceItem
	cursor int
}

func newChoiceList(c common, items []choiceItem) choiceList {
	return choiceList{common: c, items: items}
}

// setItems replaces the items, keeping the cursor in range.
func (l choiceList) setItems(items []choiceItem) choiceList {
	l.items = items
	l.cursor = max(min(l.cursor, len(items)-1), 0)
	return l
}

// Update moves the cursor.
func (l choiceList) Update(msg tea.Msg) (choiceList, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, l.keys.Up):
			l = l.move(-1)
		case key.Matches(k, l.keys.Down):
			l = l.move(1)
		}
	}
	return l, nil
}

// move moves the cursor by d items, stopping at the ends.
func (l choiceList) move(d int) choiceList {
	l.cursor = max(min(l.cursor+d, len(l.items)-1), 0)
	return l
}

// heading tells whether item i starts a section.
func (l choiceList) heading(i int) bool {
	s := l.items[i].section
	return s != "" && (i == 0 || l.items[i-1].section != s)
}

// block renders item i: its title line and its wrapped description or
// problem, without the section heading.
func (l choiceList) block(i int) []string {
	s := l.styles
	it := l.items[i]
	// Titles and notes may be a providers file's names: descriptions and
	// problems are made safe by wrapPlain.
	name := safetext.Line(it.title)
	cursor, title := "  ", s.Item.Render(name)
	if i == l.cursor {
		cursor, title = s.Cursor.Render("› "), s.ItemSelected.Render(name)
	}
	line := cursor + title
	if it.label != "" {
		line += " " + s.Warn.Render("["+safetext.Line(it.label)+"]")
	}
	if it.note != "" {
		line += "  " + s.ItemDesc.Render(safetext.Line(it.note))
	}
	lines := []string{line}
	w := max(l.width-4, 10)
	if it.desc != "" {
		for _, d := range wrapPlain(it.desc, w) {
			lines = append(lines, "    "+s.ItemDesc.Render(d))
		}
	}
	if it.problem != "" {
		for _, d := range hanging("✗ "+it.problem, s.Error, w, 2) {
			lines = append(lines, "    "+d)
		}
	}
	return lines
}

// View renders as many items as fit in height lines, keeping the cursor's
// item visible; a last line says how many more there are when some do not
// fit.
func (l choiceList) View(height int) string {
	if len(l.items) == 0 {
		return l.styles.Subtle.Render("  (nothing to choose from)")
	}
	blocks := make([][]string, len(l.items))
	for i := range l.items {
		blocks[i] = l.block(i)
	}
	start, end := l.window(blocks, height)
	if start > 0 || end < len(blocks) {
		start, end = l.window(blocks, height-1)
	}
	var out []string
	for i := start; i < end; i++ {
		if i > start && l.gap(blocks, i) {
			out = append(out, "")
		}
		if l.heading(i) || (i == start && l.items[i].section != "") {
			out = append(out, section(l.styles, l.items[i].section))
		}
		out = append(out, blocks[i]...)
	}
	if start > 0 || end < len(blocks) {
		var more []string
		if start > 0 {
			more = append(more, "↑ "+strconv.Itoa(start)+" above")
		}
		if end < len(blocks) {
			more = append(more, "↓ "+strconv.Itoa(len(blocks)-end)+" below")
		}
		out = append(out, l.styles.Subtle.Render("  "+strings.Join(more, " · ")))
	}
	return strings.Join(out, "\n")
}

// gap tells whether a blank line separates item i from the one before: it
// does unless both are one line long in the same section.
func (l choiceList) gap(blocks [][]string, i int) bool {
	return l.heading(i) || len(blocks[i]) > 1 || len(blocks[i-1]) > 1
}

// size is the number of lines item i takes when it follows another item
// (first false) or starts the window (first true).
func (l choiceList) size(blocks [][]string, i int, first bool) int {
	n := len(blocks[i])
	if l.heading(i) || (first && l.items[i].section != "") {
		n++
	}
	if !first && l.gap(blocks, i) {
		n++
	}
	return n
}

// window returns the items [start, end) that fit in height lines around
// the cursor: from the cursor, items before it, then after it.
func (l choiceList) window(blocks [][]string, height int) (start, end int) {
	start, end = l.cursor, l.cursor+1
	used := l.size(blocks, l.cursor, true)
	for start > 0 {
		// Item start-1 becomes the first: the old first now follows it.
		extra := l.size(blocks, start-1, true) + l.size(blocks, start, false) - l.size(blocks, start, true)
		if used+extra > height {
			break
		}
		start--
		used += extra
	}
	for end < len(blocks) && used+l.size(blocks, end, false) <= height {
		used += l.size(blocks, end, false)
		end++
	}
	return start, end
}
