// Package redact hides the userinfo of URLs (RFC 3986 §3.2.1) in text that
// is shown or exported. An issuer or endpoint URL given as
// http://user:password@host carries a credential in clear; net/http only
// replaces the password of such URLs in its errors (by "***") and keeps the
// user, and our own messages quote URLs as given. Every message, diagnosis
// and transcript that names a URL passes Userinfo, so that neither part is
// ever printed.
package redact

import "strings"

// Hidden replaces the userinfo of a URL: "http://••••@host/". Keeping a
// marker, rather than dropping the userinfo, tells the reader that the URL
// carried a credential which was sent but is not shown.
const Hidden = "••••"

// Userinfo returns s with the userinfo of every URL in it replaced by
// Hidden. s may be a bare URL or a sentence holding URLs. A URL is a
// scheme (RFC 3986 §3.1) and "://"; its userinfo runs to the last "@"
// before the first "/", "?", "#", white space or quote, as url.Parse reads
// an authority (a quote ends it because messages quote URLs with %q).
//
// It scans rather than using a regular expression: error texts may quote a
// whole response body, and this runs on every one.
func Userinfo(s string) string {
	if !strings.Contains(s, "://") || !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "://")
		if j < 0 {
			break
		}
		j += i
		auth := j + len("://")
		end := auth
		for end < len(s) && !endsAuthority(s[end]) {
			end++
		}
		if at := strings.LastIndexByte(s[auth:end], '@'); at >= 0 && hasScheme(s[last:j]) {
			b.WriteString(s[last:auth])
			b.WriteString(Hidden + "@")
			last = auth + at + 1
		}
		i = max(end, auth)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// hasScheme reports whether before ends with a URL scheme: a letter
// followed by letters, digits, "+", "-" or ".".
func hasScheme(before string) bool {
	k := len(before)
	for k > 0 && isSchemeChar(before[k-1]) {
		k--
	}
	for ; k < len(before); k++ {
		if c := before[k] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

func isSchemeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

func endsAuthority(c byte) bool {
	switch c {
	case '/', '?', '#', '"', '\'', '<', '>', '`', ' ', '\t', '\n', '\r', '\f':
		return true
	}
	return false
}
