package providers

import (
	"strconv"
	"strings"
)

// header is a table header of a TOML document: [a.b] or [[a.b]].
type header struct {
	line int // 0-based index into the lines
	key  []string
}

// tableHeaders finds the table headers of a valid TOML document given as
// lines (with their line endings), skipping lines inside multi-line
// strings and inside arrays or inline tables that span lines. Save uses it
// to find an entry's text; the TOML library keeps no such positions.
func tableHeaders(lines []string) []header {
	var (
		out   []header
		inML  string // `"""` or `'''` while inside a multi-line string
		depth int    // [ and { of a value left open at the end of a line
	)
	for i, l := range lines {
		if inML == "" && depth == 0 {
			if t := strings.TrimLeft(l, " \t"); strings.HasPrefix(t, "[") {
				if key, ok := parseHeader(t); ok {
					out = append(out, header{line: i, key: key})
				}
				continue
			}
		}
		depth, inML = scanLine(l, depth, inML)
	}
	return out
}

// scanLine follows one line of a key/value pair (or of the value's
// continuation): strings, comments and bracket depth.
func scanLine(l string, depth int, inML string) (int, string) {
	for j := 0; j < len(l); j++ {
		if inML != "" {
			switch {
			case inML == `"""` && l[j] == '\\':
				j++
			case strings.HasPrefix(l[j:], inML):
				j += 2
				inML = ""
			}
			continue
		}
		switch c := l[j]; {
		case c == '#':
			return depth, ""
		case strings.HasPrefix(l[j:], `"""`), strings.HasPrefix(l[j:], `'''`):
			inML = l[j : j+3]
			j += 2
		case c == '"':
			for j++; j < len(l) && l[j] != '"'; j++ {
				if l[j] == '\\' {
					j++
				}
			}
		case c == '\'':
			for j++; j < len(l) && l[j] != '\''; j++ {
			}
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
	}
	return depth, inML
}

// parseHeader reads "[a . "b c" . 'd']" (or "[[…]]") with an optional
// comment after it.
func parseHeader(t string) ([]string, bool) {
	closing := "]"
	t = t[1:]
	if strings.HasPrefix(t, "[") {
		closing, t = "]]", t[1:]
	}
	var key []string
	for {
		t = strings.TrimLeft(t, " \t")
		var part string
		switch {
		case strings.HasPrefix(t, `"`):
			end := 1
			for end < len(t) && t[end] != '"' {
				if t[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(t) {
				return nil, false
			}
			s, err := strconv.Unquote(t[:end+1])
			if err != nil {
				s = t[1:end]
			}
			part, t = s, t[end+1:]
		case strings.HasPrefix(t, "'"):
			end := strings.IndexByte(t[1:], '\'')
			if end < 0 {
				return nil, false
			}
			part, t = t[1:end+1], t[end+2:]
		default:
			end := 0
			for end < len(t) && isBareKeyChar(t[end]) {
				end++
			}
			if end == 0 {
				return nil, false
			}
			part, t = t[:end], t[end:]
		}
		key = append(key, part)
		t = strings.TrimLeft(t, " \t")
		if strings.HasPrefix(t, ".") {
			t = t[1:]
			continue
		}
		if !strings.HasPrefix(t, closing) {
			return nil, false
		}
		rest := strings.TrimSpace(t[len(closing):])
		return key, rest == "" || strings.HasPrefix(rest, "#")
	}
}

func isBareKeyChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
