// Package redact hides the userinfo of URLs (RFC 3986 §3.2.1) in text that
// is shown or exported. An issuer or endpoint URL given as
// http://user:password@host carries a credential in clear; net/http only
// replaces the password of such URLs in its errors (by "***") and keeps the
// user, and our own messages quote URLs as given. Every message, diagnosis
// and transcript that names a URL passes Userinfo, so that neither part is
// ever printed.
package redact

import "regexp"

// Hidden replaces the userinfo of a URL: "http://••••@host/". Keeping a
// marker, rather than dropping the userinfo, tells the reader that the URL
// carried a credential which was sent but is not shown.
const Hidden = "••••"

// userinfo matches "scheme://userinfo@". The userinfo runs to the last "@"
// before the first "/", "?", "#", white space or quote, as url.Parse reads
// an authority; a quote ends it because messages quote URLs with %q.
var userinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s"'<>\x60]*@`)

// Userinfo returns s with the userinfo of every URL in it replaced by
// Hidden. s may be a bare URL or a sentence holding URLs.
func Userinfo(s string) string {
	return userinfo.ReplaceAllString(s, "${1}"+Hidden+"@")
}
