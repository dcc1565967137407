package ui

import "strconv"

// The answers of the diagram: each direct request's answer drawn as a
// return arrow carrying its HTTP status (sequence_diagram.go draws the rest).

// answerCode is the HTTP status of the last answer step i received, ""
// when it has none (not run, or no answer arrived).
func (v *stepView) answerCode(i int) string {
	r := v.result(i)
	if r == nil || len(r.Exchanges) == 0 {
		return ""
	}
	ex := r.Exchanges[len(r.Exchanges)-1]
	if ex.Response == nil {
		return ""
	}
	return strconv.Itoa(ex.Response.StatusCode)
}

// drawReturn draws the answer of a direct request on row r: a dashed
// arrow from the lane of to back to the lane of from, the status code in
// its middle.
func (v *stepView) drawReturn(r []cell, xs [4]int, g glyphs, from, to int, code string, style int) {
	lo, hi := min(from, to), max(from, to)
	for x := lo + 1; x < hi; x++ {
		ch := g.dash
		for _, lx := range xs {
			if lx == x {
				ch = g.cross
			}
		}
		r[x] = cell{r: ch, style: stLife}
	}
	if to > from {
		r[to] = cell{r: g.teeLeft, style: stLife}
		r[from+1] = cell{r: g.headLeft, style: stLife}
	} else {
		r[to] = cell{r: g.tee, style: stLife}
		r[from-1] = cell{r: g.head, style: stLife}
	}
	// The code goes between the arrow's head and the next lane, off the
	// lifelines it crosses.
	end := hi
	for _, lx := range xs {
		if lx > lo && lx < end {
			end = lx
		}
	}
	label := []rune(" " + code + " ")
	if mid := (lo+end)/2 - len(label)/2; end-lo > len(label)+3 {
		for k, ch := range label {
			r[mid+k] = cell{r: ch, style: style}
		}
	}
}
