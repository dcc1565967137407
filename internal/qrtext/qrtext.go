// Package qrtext draws a QR code (ISO/IEC 18004) as lines of text: two
// modules to a character row with the half blocks ▀ ▄ █ and the space, so
// that a version 3 code (29 modules) and its quiet zone take 33 columns and
// 17 rows of a terminal. It is a leaf library: it knows nothing of the
// screen, of colours or of OAuth.
//
// The encoding is rsc.io/qr's, at error-correction level L (7% of the code
// may be lost): a code on a screen is not scratched or stained, and the
// lowest level keeps it the smallest that a phone reads.
package qrtext

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// Quiet is the width in modules of the light margin drawn around a code by
// Lines. The standard asks for 4; 2 is what phone cameras read on a
// screen, where the terminal's own margin and background add to it, and it
// saves 4 columns and 2 rows.
const Quiet = 2

// Code is the module matrix of a QR code.
type Code struct {
	size int
	dark []bool // size*size modules, row by row; true is a dark module
}

// Encode returns the smallest QR code (level L) that holds text, in byte
// mode unless text is all digits or all upper-case alphanumerics.
func Encode(text string) (*Code, error) {
	q, err := qr.Encode(text, qr.L)
	if err != nil {
		return nil, fmt.Errorf("qr code of %d bytes: %w", len(text), err)
	}
	c := &Code{size: q.Size, dark: make([]bool, q.Size*q.Size)}
	for y := range q.Size {
		for x := range q.Size {
			c.dark[y*q.Size+x] = q.Black(x, y)
		}
	}
	return c, nil
}

// Size returns the number of modules on a side (21 for version 1, 4 more
// for each version after it).
func (c *Code) Size() int { return c.size }

// Dark reports whether the module at column x, row y is dark; a module
// outside the code (the quiet zone) is light.
func (c *Code) Dark(x, y int) bool {
	return x >= 0 && y >= 0 && x < c.size && y < c.size && c.dark[y*c.size+x]
}

// Width returns the columns that Lines takes: the code and its quiet zone.
func (c *Code) Width() int { return c.size + 2*Quiet }

// Height returns the number of lines that Lines returns: two modules to a
// line, the last line's lower half in the quiet zone when the count is odd.
func (c *Code) Height() int { return (c.Width() + 1) / 2 }

// Lines draws the code with its quiet zone, each line Width() cells wide.
// The blocks are the ink, drawn in the terminal's foreground colour; the
// space shows its background. inkDark tells which modules are ink: the
// dark ones, for a dark foreground on a light background, or the light
// ones (the quiet zone included), for a light foreground on a dark
// background. Either way a dark module shows dark when the lines are
// printed in those colours, or with none on a terminal of that kind.
func (c *Code) Lines(inkDark bool) []string {
	w := c.Width()
	ink := func(x, y int) bool { return c.Dark(x-Quiet, y-Quiet) == inkDark }
	lines := make([]string, 0, c.Height())
	var b strings.Builder
	for y := 0; y < w; y += 2 {
		b.Reset()
		for x := range w {
			// Below the last row (w is odd) the quiet zone goes on.
			top, bottom := ink(x, y), ink(x, y+1)
			switch {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteByte(' ')
			}
		}
		lines = append(lines, b.String())
	}
	return lines
}
