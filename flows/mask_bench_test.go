package flows

import (
	"strings"
	"testing"
)

// BenchmarkMaskerBody masks a token response padded to 1 MiB (the body
// cap), as the Response tab does when it renders.
func BenchmarkMaskerBody(b *testing.B) {
	body := []byte(`{"access_token":"` + longToken + `","pad":"` + strings.Repeat("x", MaxBody-100) + `"}`)
	m := Masker{Secrets: []string{entraSecret, longToken}}
	for b.Loop() {
		m.Body("application/json", body)
	}
}
