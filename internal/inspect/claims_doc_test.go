package inspect

import (
	"strings"
	"testing"
	"time"
)

// TestEveryStandardClaimExplained fails when a registered JWT claim
// (RFC 7519 §4.1), an ID token claim (OIDC Core §2, §3.1.3.6, §3.3.2.11) or
// a standard claim (OIDC Core §5.1) has no explanation.
func TestEveryStandardClaimExplained(t *testing.T) {
	groups := map[string][]string{
		SourceJWT: {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"},
		SourceOIDC: {"auth_time", "nonce", "acr", "amr", "azp", "at_hash", "c_hash",
			"name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
			"profile", "picture", "website", "email", "email_verified", "gender", "birthdate",
			"zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at"},
		"": {"scp", "scope", "roles", "groups", "tid", "oid", "sid", "cnf", "client_id", "ver",
			"upn", "unique_name", "appid", "idp", "hd", "org_id", "realm_access", "resource_access",
			"jkt", "htm", "htu", "ath"},
	}
	for source, names := range groups {
		for _, name := range names {
			d, ok := ExplainClaim(name)
			switch {
			case !ok:
				t.Errorf("claim %q has no explanation", name)
			case d.Meaning == "" || d.Ref == "" || d.Source == "":
				t.Errorf("claim %q: incomplete %+v", name, d)
			case source != "" && d.Source != source:
				t.Errorf("claim %q: source %q, want %q", name, d.Source, source)
			}
		}
	}
}

func TestExplainClaimSources(t *testing.T) {
	for _, tc := range []struct{ name, source, ref string }{
		{"exp", SourceJWT, "RFC 7519 §4.1.4"},
		{"nonce", SourceOIDC, "OIDC Core §2"},
		{"at_hash", SourceOIDC, "§3.1.3.6"},
		{"cnf", SourceStandard, "RFC 7800"},
		{"authorization_details", SourceStandard, "RFC 9396 §2"},
		{"tid", SourceProvider, "learn.microsoft.com"},
		{"hd", SourceProvider, "developers.google.com"},
		{"https://example.com/roles", SourceStandard, "RFC 7519 §4.2"},
	} {
		d, ok := ExplainClaim(tc.name)
		if !ok || d.Source != tc.source || !strings.Contains(d.Ref, tc.ref) {
			t.Errorf("ExplainClaim(%q) = %+v, %v; want source %q, ref with %q", tc.name, d, ok, tc.source, tc.ref)
		}
	}
	if _, ok := ExplainClaim("x-made-up"); ok {
		t.Error("an unknown claim was explained")
	}
}

func TestExplainHeader(t *testing.T) {
	for _, name := range []string{"alg", "kid", "typ", "cty", "jku", "x5u", "x5c", "x5t", "crit", "enc", "zip"} {
		d, ok := ExplainHeader(name)
		if !ok || d.Meaning == "" || !strings.Contains(d.Ref, "RFC 75") || d.Source != SourceJOSE {
			t.Errorf("ExplainHeader(%q) = %+v, %v", name, d, ok)
		}
	}
	if _, ok := ExplainHeader("iss"); ok {
		t.Error("iss explained as a header parameter")
	}
}

func TestFormatTimeLocal(t *testing.T) {
	at := time.Date(2026, 11, 27, 2, 13, 22, 0, time.UTC)
	cet := time.FixedZone("CET", 3600)
	est := time.FixedZone("EST", -5*3600)
	for _, tc := range []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"same date", cet, "2026-11-27 02:13:22 UTC · 03:13:22 CET (in 59m 12s)"},
		{"local date differs", est, "2026-11-27 02:13:22 UTC · 2026-11-26 21:13:22 EST (in 59m 12s)"},
		{"UTC", time.UTC, "2026-11-27 02:13:22 UTC (in 59m 12s)"},
		{"nil", nil, "2026-11-27 02:13:22 UTC (in 59m 12s)"},
	} {
		if got := FormatTimeLocal(at, testNow, tc.loc); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFormatTimeLocalUTCZone(t *testing.T) {
	at := time.Date(2026, 11, 27, 2, 13, 22, 0, time.UTC)
	// A machine whose local zone is UTC shows the time once.
	utc := time.FixedZone("UTC", 0)
	if got, want := FormatTimeLocal(at, testNow, utc), FormatTime(at, testNow); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// GMT is at offset 0 too, but a different zone: show it.
	if got := FormatTimeLocal(at, testNow, time.FixedZone("GMT", 0)); got != "2026-11-27 02:13:22 UTC · 02:13:22 GMT (in 59m 12s)" {
		t.Errorf("GMT: %q", got)
	}
}
