// Command animate joins terminal screenshots made by freeze (SVG, all of
// one size) into one animated SVG that shows them in turn, each for the
// same time, in a loop (SMIL, which browsers and GitHub's image view
// play). scripts/pictures.sh uses it for the README's animation of a whole
// flow, from frames of the real program.
//
// Usage: go run ./scripts/animate -o OUT.svg [-each 2s] FRAME.svg...
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
)

// svgOpen finds a frame's root element and its size.
var svgOpen = regexp.MustCompile(`<svg width="([0-9.]+)" height="([0-9.]+)"[^>]*>`)

func main() {
	out := flag.String("o", "", "the animated SVG to write")
	each := flag.Duration("each", 2*time.Second, "how long each frame shows")
	flag.Parse()
	if err := run(*out, *each, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "animate:", err)
		os.Exit(1)
	}
}

func run(out string, each time.Duration, frames []string) error {
	if out == "" || len(frames) < 2 || each <= 0 {
		return errors.New("give -o OUT.svg and two frames or more")
	}
	var b strings.Builder
	var width, height string
	n := len(frames)
	total := each.Seconds() * float64(n)
	for i, path := range frames {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := string(data)
		m := svgOpen.FindStringSubmatchIndex(s)
		end := strings.LastIndex(s, "</svg>")
		if m == nil || end < m[1] {
			return fmt.Errorf("%s: not an SVG of freeze's", path)
		}
		w, h := s[m[2]:m[3]], s[m[4]:m[5]]
		if width == "" {
			width, height = w, h
		} else if w != width || h != height {
			return fmt.Errorf("%s is %sx%s, the first frame %sx%s: frames must be of one size", path, w, h, width, height)
		}
		// Shown from its turn to the next, hidden otherwise (discrete
		// steps of the loop).
		values := make([]string, n)
		times := make([]string, n)
		for k := range n {
			values[k] = "0"
			times[k] = fmt.Sprintf("%.4f", float64(k)/float64(n))
		}
		values[i] = "1"
		fmt.Fprintf(&b, "<g opacity=\"%s\"><animate attributeName=\"opacity\" calcMode=\"discrete\" dur=\"%.1fs\" repeatCount=\"indefinite\" values=\"%s\" keyTimes=\"%s\"/>\n%s\n</g>\n",
			values[0], total, strings.Join(values, ";"), strings.Join(times, ";"), s[m[1]:end])
	}
	svg := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg width=\"%s\" height=\"%s\" xmlns=\"http://www.w3.org/2000/svg\">\n%s</svg>\n", width, height, b.String())
	return os.WriteFile(out, []byte(svg), 0o644)
}
