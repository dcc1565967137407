package providers_test

import (
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

func ExamplePreset_Build() {
	entra, _ := providers.PresetByID("entra")
	p, err := entra.Build(map[string]string{"tenant": "72f988bf-86f1-41af-91ab-2d7cd011db47"})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Issuer)
	_, err = entra.Build(nil)
	fmt.Println(err != nil)
	// Output:
	// https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
	// true
}

func ExampleWellKnownURLs() {
	urls, _ := providers.WellKnownURLs("https://sso.example.com/realms/dev")
	for _, u := range urls {
		fmt.Println(u.URL)
	}
	// Output:
	// https://sso.example.com/realms/dev/.well-known/openid-configuration
	// https://sso.example.com/.well-known/oauth-authorization-server/realms/dev
	// https://sso.example.com/realms/dev/.well-known/oauth-authorization-server
}
