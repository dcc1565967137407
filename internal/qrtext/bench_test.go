package qrtext

import "testing"

// BenchmarkEncodeLines measures what the waiting panel pays on each redraw.
func BenchmarkEncodeLines(b *testing.B) {
	for b.Loop() {
		c, err := Encode(deviceURI)
		if err != nil {
			b.Fatal(err)
		}
		_ = c.Lines(true)
	}
}
