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
// ID typed, get a client there (a client ID metadata document, or
// registration, RFC 7591). Nothing to save: the
// server it finds is the run's to show.
func apiChoice() ui.ProviderChoice {
	return ui.ProviderChoice{
		Name:        apiChoiceName,
		Description: "Start from an API URL: its 401 answer and metadata (RFC 9728) name the authorization server, where the run gets a client for you",
		Defaults:    func(string) providers.Provider { return providers.Provider{Name: apiChoiceName} },
		Notes: func(string) []string {
			return []string{"Type the API's URL in Resource URL. The authorization server is the one the API names. Leave Client ID empty and the run gets a client there: a client ID metadata document it serves, when the server takes them and is on loopback, else dynamic registration (RFC 7591); or type a client id it knows."}
		},
		NoServer: true,
		NoSave:   true,
	}
}
