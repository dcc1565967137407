package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// cell is one character of the diagram and the style it is drawn with.
type cell struct {
	r     rune
	style int
}

// canvas is the diagram as a grid; styles are indexes into palette.
type canvas struct {
	rows    [][]cell
	width   int
	palette []lipgloss.Style
}

func (c *canvas) row() []cell {
	r := make([]cell, c.width)
	for i := range r {
		r[i] = cell{r: ' '}
	}
	c.rows = append(c.rows, r)
	return r
}

// put writes s into row r from column x on, cut at the edge.
func (c *canvas) put(r []cell, x int, s string, style int) {
	for _, ch := range s {
		if x >= 0 && x < len(r) {
			r[x] = cell{r: ch, style: style}
		}
		x++
	}
}

// lines renders the grid, one styled run per change of style.
func (c *canvas) lines() []string {
	out := make([]string, len(c.rows))
	for i, r := range c.rows {
		end := len(r)
		for end > 0 && r[end-1].r == ' ' {
			end--
		}
		var b strings.Builder
		for x := 0; x < end; {
			y := x
			var run strings.Builder
			for y < end && r[y].style == r[x].style {
				run.WriteRune(r[y].r)
				y++
			}
			if st := r[x].style; st == 0 || strings.TrimSpace(run.String()) == "" {
				b.WriteString(run.String())
			} else {
				b.WriteString(c.palette[st].Render(run.String()))
			}
			x = y
		}
		out[i] = b.String()
	}
	return out
}

// skipped writes "skipped" in row r between the lanes at lo and hi, where
// a skipped step's arrow would have started: the first gap it would have
// crossed, so that no lifeline is covered.
func (c *canvas) skipped(r []cell, lo, hi int) {
	for _, word := range []string{"(skipped)", "skipped"} {
		if n := len(word); n <= hi-lo-3 {
			c.put(r, lo+(hi-lo-n+1)/2, word, stPending)
			return
		}
	}
}
