package inspect

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Relative describes t as seen from now, in at most two adjacent units of
// days, hours, minutes and seconds: "in 59m 12s", "3m 2s ago", "in 2d 4h",
// "in 2h" (a zero second unit is left out), or "just now" within a second.
// Fractions of a second are truncated. It is used for the NumericDate
// claims of RFC 7519 §4.1.4–4.1.6.
func Relative(t, now time.Time) string {
	secs := diffSeconds(t, now)
	switch {
	case secs == 0:
		return "just now"
	case secs > 0:
		return "in " + twoUnits(uint64(secs))
	}
	return twoUnits(uint64(-(secs+1))+1) + " ago"
}

// FormatTime renders t in UTC to the second, followed by Relative in
// parentheses: "2026-11-27 02:13:22 UTC (in 59m 12s)".
func FormatTime(t, now time.Time) string {
	return FormatUTC(t) + " (" + Relative(t, now) + ")"
}

// diffSeconds returns t-now in whole seconds, truncated toward zero. It
// falls back to Unix seconds when time.Sub saturates (spans of more than
// about 292 years).
func diffSeconds(t, now time.Time) int64 {
	d := t.Sub(now)
	if d != math.MaxInt64 && d != math.MinInt64 {
		return int64(d / time.Second)
	}
	return t.Unix() - now.Unix()
}

// twoUnits renders a positive number of seconds in at most two adjacent
// units.
func twoUnits(secs uint64) string {
	units := [...]struct {
		secs uint64
		name string
	}{{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}
	for i, u := range units {
		if secs < u.secs {
			continue
		}
		var b strings.Builder
		b.WriteString(strconv.FormatUint(secs/u.secs, 10))
		b.WriteString(u.name)
		if i+1 < len(units) {
			next := units[i+1]
			if n := secs % u.secs / next.secs; n > 0 {
				b.WriteByte(' ')
				b.WriteString(strconv.FormatUint(n, 10))
				b.WriteString(next.name)
			}
		}
		return b.String()
	}
	return "0s"
}

// FormatUTC writes t as "2026-11-27 02:13:22 UTC", the form every time in
// the program's output takes.
func FormatUTC(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}
