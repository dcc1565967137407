package qrtext

import (
	"flag"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// deviceURI is as long as the demo provider's verification_uri_complete.
const deviceURI = "http://127.0.0.1:49152/device?user_code=WDJB-MJHT"

// parse reads lines drawn by Lines back into a module matrix, quiet zone
// included: what a camera sees, two modules to a character.
func parse(t *testing.T, lines []string, inkDark bool) [][]bool {
	t.Helper()
	var dark [][]bool
	for i, l := range lines {
		top, bottom := make([]bool, 0, len(l)), make([]bool, 0, len(l))
		for _, r := range l {
			var ti, bi bool
			switch r {
			case '█':
				ti, bi = true, true
			case '▀':
				ti = true
			case '▄':
				bi = true
			case ' ':
			default:
				t.Fatalf("line %d: unexpected %q", i, r)
			}
			top, bottom = append(top, ti == inkDark), append(bottom, bi == inkDark)
		}
		dark = append(dark, top, bottom)
	}
	return dark
}

// decode reads a module matrix with ZXing's QR reader (a port of the
// decoder phones use), at 4 pixels a module.
func decode(t *testing.T, dark [][]bool) string {
	t.Helper()
	const scale, margin = 4, 8
	n := len(dark)
	img := image.NewGray(image.Rect(0, 0, (len(dark[0])+2*margin)*scale, (n+2*margin)*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range dark {
		for x, d := range row {
			if !d {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray((x+margin)*scale+dx, (y+margin)*scale+dy, color.Gray{})
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the drawn code does not scan: %v", err)
	}
	return res.GetText()
}

func TestEncodeSize(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		size       int
	}{
		{"short verification_uri", "http://127.0.0.1:49152/device", 25},
		{"demo verification_uri_complete", deviceURI, 29},
		{"GitHub's device page", "https://github.com/login/device", 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Encode(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if c.Size() != tc.size {
				t.Errorf("size %d, want %d", c.Size(), tc.size)
			}
			if got := len(c.Lines(true)); got != c.Height() {
				t.Errorf("%d lines, Height says %d", got, c.Height())
			}
		})
	}
}

// TestMatrixIsTheLibrarys checks the module matrix against rsc.io/qr's
// own, and the quiet zone.
func TestMatrixIsTheLibrarys(t *testing.T) {
	c, err := Encode(deviceURI)
	if err != nil {
		t.Fatal(err)
	}
	q, err := qr.Encode(deviceURI, qr.L)
	if err != nil {
		t.Fatal(err)
	}
	for y := -Quiet; y < q.Size+Quiet; y++ {
		for x := -Quiet; x < q.Size+Quiet; x++ {
			if c.Dark(x, y) != q.Black(x, y) {
				t.Fatalf("module (%d,%d): %v, the library has %v", x, y, c.Dark(x, y), q.Black(x, y))
			}
		}
	}
}

// TestLinesRoundTripAndScan reads the half blocks back into modules, in
// both inks, compares them with the code's, and decodes them.
func TestLinesRoundTripAndScan(t *testing.T) {
	for _, text := range []string{deviceURI, "https://github.com/login/device", "https://microsoft.com/devicelogin?otc=ABCD1234"} {
		c, err := Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, inkDark := range []bool{true, false} {
			lines := c.Lines(inkDark)
			for i, l := range lines {
				if n := len([]rune(l)); n != c.Width() {
					t.Fatalf("line %d is %d cells, want %d", i, n, c.Width())
				}
			}
			dark := parse(t, lines, inkDark)
			for y := range c.Width() {
				for x := range c.Width() {
					if dark[y][x] != c.Dark(x-Quiet, y-Quiet) {
						t.Fatalf("inkDark=%v: module (%d,%d) reads back %v", inkDark, x-Quiet, y-Quiet, dark[y][x])
					}
				}
			}
			// The half row below an odd-sized drawing is quiet zone.
			for x, d := range dark[len(dark)-1] {
				if d {
					t.Fatalf("inkDark=%v: the half row below the code is dark at %d", inkDark, x)
				}
			}
			if got := decode(t, dark); got != text {
				t.Errorf("inkDark=%v: scans as %q, want %q", inkDark, got, text)
			}
		}
	}
}

// TestGolden pins the drawing of a fixed URI: a change of library or of
// drawing shows here as a diff a reviewer can see.
func TestGolden(t *testing.T) {
	c, err := Encode(deviceURI)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.Lines(true), "\n") + "\n"
	path := filepath.Join("testdata", "device_uri.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("drawing differs from %s (go test -update):\n%s", path, got)
	}
}

func TestEncodeTooLong(t *testing.T) {
	if _, err := Encode(strings.Repeat("x", 3000)); err == nil {
		t.Error("a 3000-byte text encoded")
	}
}
