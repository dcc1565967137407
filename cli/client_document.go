package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// newClientDocumentCmd is `client-document URL`: it prints the client ID
// metadata document to host at URL (draft-ietf-oauth-client-id-metadata-
// document §4), for `token --client-id-url URL`.
func newClientDocumentCmd(st Streams) *cobra.Command {
	var redirects []string
	var name, scope string
	cmd := &cobra.Command{
		Use:   "client-document URL",
		Short: "Print the client ID metadata document to host at URL, for --client-id-url",
		Long: `client-document prints, on stdout, the client ID metadata document of a
public native client whose client_id is URL
(draft-ietf-oauth-client-id-metadata-document, which the MCP authorization
specification 2025-11-25 uses).

With a client ID metadata document, the client_id is an https URL. The server
fetches the JSON document there when the client first shows up, and takes
the client's redirect URIs, grant types and name from it: no registration
endpoint, no secret (a document anyone can read cannot hold one; §4.1), and
the same client_id at every server that supports them
(client_id_metadata_document_supported in its metadata, §6).

Host the output at URL exactly: 200 OK, Content-Type application/json, no
redirect (servers must not follow one, §5), at most 5 kilobytes (§8.7). Its
client_id must equal URL character for character (§4). URL must be https, with
a path, without a fragment, user name or . and .. segments (§3); http is taken
only on loopback, for a server on this machine.

The authorization request must name one of the redirect URIs exactly (§4.2),
so run the token command with the same fixed --redirect-uri. Against a server
on this machine, such as the demo, --client-id-url serve hosts the document
for you instead.`,
		Example: `  oauth-explorer client-document https://app.example/oauth-client.json \
      --redirect-uri http://127.0.0.1:8765/callback > oauth-client.json
  # after uploading oauth-client.json to that URL:
  oauth-explorer token --issuer https://as.example \
      --client-id-url https://app.example/oauth-client.json \
      --redirect-uri http://127.0.0.1:8765/callback --flow authorization-code`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return errors.New("give the URL the document will be hosted at, e.g. client-document https://app.example/oauth-client.json")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			url := strings.TrimSpace(args[0])
			if err := flows.CheckClientIDURL(url); err != nil {
				return fmt.Errorf("URL %q: %w", url, err)
			}
			if len(redirects) == 0 {
				return errors.New("give --redirect-uri URI (it may be repeated): the redirect URIs the server registers from the document (draft §4.2), e.g. --redirect-uri http://127.0.0.1:8765/callback")
			}
			for _, uri := range redirects {
				if err := flows.CheckRedirectURI(uri); err != nil {
					var re *flows.RedirectURIError
					if errors.As(err, &re) {
						err = fmt.Errorf("%s (%s)", re.Problem, re.Ref)
					}
					return fmt.Errorf("--redirect-uri %q: %w", uri, err)
				}
			}
			if strings.TrimSpace(name) == "" {
				return errors.New("--name is empty: give the name people see on the consent page")
			}
			doc := flows.NewClientIDDocument(url, name, redirects, nil)
			doc.Scope = strings.Join(strings.Fields(scope), " ")
			b, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				return err
			}
			fmt.Fprintf(st.Out, "%s\n", safetext.JSON(b))
			printLine(st.Err, "host this at %s (200 OK, Content-Type application/json, no redirect), then run the token command with --client-id-url %s --redirect-uri %s", url, url, redirects[0])
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&redirects, "redirect-uri", nil, "a redirect URI the client uses (repeat for more); the run's --redirect-uri must be one of them")
	cmd.Flags().StringVar(&name, "name", "oauth-explorer", "client_name: the name people see on the consent page")
	cmd.Flags().StringVar(&scope, "scope", "", "the scopes the client may ask for, space-separated (RFC 7591 §2); empty leaves them to the server")
	return cmd
}
