package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// choiceItem is one entry of a choiceList.
type choiceItem struct {
	title, desc string
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

// Update moves the cursor.
func (l choiceList) Update(msg tea.Msg) (choiceList, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, l.keys.Up):
			if l.cursor > 0 {
				l.cursor--
			}
		case key.Matches(k, l.keys.Down):
			if l.cursor < len(l.items)-1 {
				l.cursor++
			}
		}
	}
	return l, nil
}

// block renders item i: its title line and its wrapped description.
func (l choiceList) block(i int) []string {
	s := l.styles
	it := l.items[i]
	cursor, title := "  ", s.Item.Render(it.title)
	if i == l.cursor {
		cursor, title = s.Cursor.Render("› "), s.ItemSelected.Render(it.title)
	}
	lines := []string{cursor + title}
	if it.desc != "" {
		for _, d := range wrapPlain(it.desc, max(l.width-4, 10)) {
			lines = append(lines, "    "+s.ItemDesc.Render(d))
		}
	}
	return lines
}

// View renders as many items as fit in height lines, keeping the cursor's
// item visible.
func (l choiceList) View(height int) string {
	if len(l.items) == 0 {
		return l.styles.Subtle.Render("  (nothing to choose from)")
	}
	blocks := make([][]string, len(l.items))
	for i := range l.items {
		blocks[i] = l.block(i)
	}
	// Start from the cursor and add items before it, then after it, while
	// they fit (one blank line between items).
	start, end := l.cursor, l.cursor+1
	used := len(blocks[l.cursor])
	for start > 0 && used+len(blocks[start-1])+1 <= height {
		start--
		used += len(blocks[start]) + 1
	}
	for end < len(blocks) && used+len(blocks[end])+1 <= height {
		used += len(blocks[end]) + 1
		end++
	}
	var out []string
	for i := start; i < end; i++ {
		if i > start {
			out = append(out, "")
		}
		out = append(out, blocks[i]...)
	}
	return strings.Join(out, "\n")
}
