package providers

import (
	"testing"
)

// FuzzParseMetadata feeds discovery documents: any input gives metadata or
// an error, never a panic.
func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte(`{"issuer":"https://id.example.com","token_endpoint":"https://id.example.com/token","grant_types_supported":["client_credentials"]}`))
	f.Add([]byte(`{"issuer":5}`))
	f.Add([]byte(`<html>`))
	f.Add([]byte(`{"issuer":"x","scopes_supported":"openid"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		md, err := ParseMetadata(b)
		if err == nil {
			md.Missing()
			md.Fields()
		}
	})
}

// FuzzProvidersFile feeds providers files: any input loads with problems
// or fails with an error, never a panic.
func FuzzProvidersFile(f *testing.F) {
	f.Add([]byte("[providers.work]\npreset = \"entra\"\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"x\"\n"))
	f.Add([]byte("[providers.local]\nissuer = \"http://127.0.0.1:9000\"\nclient_id = \"demo-public\"\n[providers.local.auth_params]\nprompt = \"login\"\n"))
	f.Add([]byte("[providers.x\nissuer = 5"))
	f.Add([]byte("[google]\nclient_id = [1, 2]\nscopes = \"openid email\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := parseFile("fuzz.toml", b)
		if err == nil {
			for _, e := range file.Entries {
				_, _ = e.Provider(nil)
			}
		}
	})
}
