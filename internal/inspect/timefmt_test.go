package inspect

import (
	"encoding/json"
	"testing"
	"time"
)

func TestRelative(t *testing.T) {
	y2000 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	y2400 := time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		offset time.Duration
		t, now time.Time // used instead of offset when set
		want   string
	}{
		{name: "same instant", want: "just now"},
		{name: "half a second ahead", offset: 500 * time.Millisecond, want: "just now"},
		{name: "almost a second ago", offset: -999 * time.Millisecond, want: "just now"},
		{name: "seconds ahead", offset: 45 * time.Second, want: "in 45s"},
		{name: "fraction truncated", offset: 1900 * time.Millisecond, want: "in 1s"},
		{name: "one second ago", offset: -time.Second, want: "1s ago"},
		{name: "minutes and seconds ahead", offset: 59*time.Minute + 12*time.Second, want: "in 59m 12s"},
		{name: "minutes and seconds ago", offset: -(3*time.Minute + 2*time.Second), want: "3m 2s ago"},
		{name: "whole hours", offset: 2 * time.Hour, want: "in 2h"},
		{name: "second unit zero", offset: 2*time.Hour + 5*time.Second, want: "in 2h"},
		{name: "days and hours", offset: 52 * time.Hour, want: "in 2d 4h"},
		{name: "third unit dropped", offset: 52*time.Hour + 30*time.Minute, want: "in 2d 4h"},
		{name: "days ago", offset: -(400*24*time.Hour + 3*time.Hour), want: "400d 3h ago"},
		{name: "beyond time.Duration ahead", t: y2400, now: y2000, want: "in 146097d"},
		{name: "beyond time.Duration ago", t: y2000, now: y2400, want: "146097d ago"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			when, now := testNow.Add(tc.offset), testNow
			if !tc.t.IsZero() {
				when, now = tc.t, tc.now
			}
			if got := Relative(when, now); got != tc.want {
				t.Errorf("Relative = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormatTime(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{name: "future", t: time.Date(2026, 11, 27, 2, 13, 22, 0, time.UTC), want: "2026-11-27 02:13:22 UTC (in 59m 12s)"},
		{name: "past", t: testNow.Add(-(3*time.Minute + 2*time.Second)), want: "2026-11-27 01:11:08 UTC (3m 2s ago)"},
		{name: "other zone shown in UTC", t: time.Date(2026, 11, 27, 3, 14, 10, 0, paris), want: "2026-11-27 02:14:10 UTC (in 1h)"},
		{name: "fraction dropped", t: testNow.Add(900 * time.Millisecond), want: "2026-11-27 01:14:10 UTC (just now)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatTime(tc.t, testNow); got != tc.want {
				t.Errorf("FormatTime = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestClaimDescribe(t *testing.T) {
	exp := time.Date(2026, 11, 27, 2, 13, 22, 0, time.UTC)
	tests := []struct {
		name  string
		claim Claim
		want  string
	}{
		{name: "time claim", claim: Claim{Name: "exp", Raw: json.RawMessage(`1795745602`), Time: &exp}, want: "2026-11-27 02:13:22 UTC (in 59m 12s)"},
		{name: "string as is", claim: Claim{Raw: json.RawMessage(`"https://issuer.example/"`)}, want: "https://issuer.example/"},
		{name: "string array joined", claim: Claim{Raw: json.RawMessage(`["api", "web"]`)}, want: "api, web"},
		{name: "mixed array", claim: Claim{Raw: json.RawMessage(`[1, "x", {"b": 1, "a": [2]}]`)}, want: `1, x, {"b":1,"a":[2]}`},
		{name: "empty array", claim: Claim{Raw: json.RawMessage(`[]`)}, want: "[]"},
		{name: "object compact in original order", claim: Claim{Raw: json.RawMessage(`{ "z": 1, "a": {"y": true} }`)}, want: `{"z":1,"a":{"y":true}}`},
		{name: "number exact", claim: Claim{Raw: json.RawMessage(`1.50`)}, want: "1.50"},
		{name: "boolean", claim: Claim{Raw: json.RawMessage(`true`)}, want: "true"},
		{name: "null", claim: Claim{Raw: json.RawMessage(`null`)}, want: "null"},
		{name: "terminal escape escaped", claim: Claim{Raw: json.RawMessage(`"\u001b[31mred"`)}, want: `\x1b[31mred`},
		{name: "bidi override escaped", claim: Claim{Raw: json.RawMessage(`"abc\u202edef"`)}, want: `abc\u202edef`},
		{name: "built by hand without Raw", claim: Claim{Value: []any{"a", "b"}}, want: "a, b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.claim.Describe(testNow); got != tc.want {
				t.Errorf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
}
