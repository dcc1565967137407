package cli

import (
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// apiChoiceName is the provider picker's entry that starts from an API.
const apiChoiceName = "api"

// apiChoice is the provider picker's "start from an API URL": it names no
// authorization server of its own (ui.ProviderChoice.NoServer), so only the
// flows that find theirs (flows.Grant.FindsServer) are offered; they learn
// it from the API's challenge and metadata (RFC 9728) and, with no client
// ID typed, register a client there (RFC 7591). Nothing to save: the
// server it finds is the run's to show.
func apiChoice() ui.ProviderChoice {
	return ui.ProviderChoice{
		Name:        apiChoiceName,
		Description: "Start from an API URL: its 401 answer and metadata (RFC 9728) name the authorization server, where a client is registered for you (RFC 7591)",
		Defaults:    func(string) providers.Provider { return providers.Provider{Name: apiChoiceName} },
		Notes: func(string) []string {
			return []string{"Type the API's URL in Resource URL. The authorization server is the one the API names; leave Client ID empty to register a client there (RFC 7591), or type one it knows."}
		},
		NoServer: true,
		NoSave:   true,
	}
}
