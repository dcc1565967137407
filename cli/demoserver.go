package cli

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

func newDemoServerCmd(st Streams) *cobra.Command {
	var addr, keyFile, mtlsPrefix string
	var verbose, reveal, requirePAR, force, regToken, noDocs bool
	cmd := &cobra.Command{
		Use:   "demo-server",
		Short: "Run the embedded demo OpenID provider on its own, for other tools to use",
		Long: `demo-server runs the demo OpenID provider until interrupted (Ctrl+C) and
prints its issuer, its endpoints and its clients. It listens on 127.0.0.1
only; its signing key is made at start and lives only in memory.

With -v, every request it answers is written to stderr as one line: method,
path and query (codes, tokens and secrets masked unless --reveal), status.
`,
		Example: `  oauth-explorer demo-server
  oauth-explorer demo-server --addr 127.0.0.1:9000
  oauth-explorer demo-server -v      # a line per request your tool sends

  # every client must push first (RFC 9126 §5)
  oauth-explorer demo-server --require-par
  # the resource grant then registers (RFC 7591)
  oauth-explorer demo-server --no-client-id-documents

  # a client that authenticates with a key (private_key_jwt)
  oauth-explorer demo-server --addr 127.0.0.1:9000 --write-client-key key.pem
  oauth-explorer token --issuer http://127.0.0.1:9000 \
      --client-id demo-jwt-client --client-key key.pem

  # one with a certificate (mutual TLS)
  oauth-explorer demo-server --addr 127.0.0.1:9000 --write-mtls demo
  # then, while it runs:
  oauth-explorer token --issuer http://127.0.0.1:9000 \
      --client-id demo-mtls --auth-method tls_client_auth \
      --client-cert demo-client.pem --client-key demo-client-key.pem \
      --ca-file demo-ca.pem

  # one with a secret (published: it is listed below)
  OAUTH_EXPLORER_CLIENT_SECRET=O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv \
      oauth-explorer token --issuer http://127.0.0.1:9000 \
      --client-id demo-service`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			slog.SetDefault(slog.New(slog.NewTextHandler(st.Err, &slog.HandlerOptions{Level: slog.LevelWarn})))
			if keyFile != "" {
				if err := writePrivate(keyFile, []byte(demo.JWTClientKeyPEM()), force); err != nil {
					return err
				}
				printLine(st.Err, "wrote the private key of %s to %s (mode 0600): --client-id %s --client-key %s", demo.JWTClientID, keyFile, demo.JWTClientID, keyFile)
			}
			if mtlsPrefix != "" {
				if err := writeMTLS(st, mtlsPrefix, force); err != nil {
					return err
				}
			}
			opts := demo.Options{Addr: addr, RequirePAR: requirePAR, NoClientIDDocuments: noDocs}
			if regToken {
				// The token is a secret: it comes from the environment,
				// never from argv, which ps shows.
				if opts.RegistrationToken = os.Getenv(flows.EnvInitialAccessToken); opts.RegistrationToken == "" {
					return fmt.Errorf("--registration-token: set %s to the initial access token clients must present", flows.EnvInitialAccessToken)
				}
			}
			if verbose {
				opts.OnRequest = requestLogger(st, flows.Masker{Reveal: reveal})
			}
			srv, err := demo.Start(cmd.Context(), opts)
			if err != nil {
				return err
			}
			defer srv.Close()
			printDemo(st.Out, srv)
			<-cmd.Context().Done()
			fmt.Fprintln(st.Err, "stopping the demo provider")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "listen address; loopback only (port 0 picks a free one)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "write a line per request answered to stderr: method, path and query (secrets masked), status")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "with -v: show codes and tokens in the query in clear")
	cmd.Flags().BoolVar(&regToken, "registration-token", false, "require an initial access token at the registration endpoint (RFC 7591 §3), read from $"+flows.EnvInitialAccessToken)
	cmd.Flags().BoolVar(&noDocs, "no-client-id-documents", false, "refuse client_ids that are URLs of client ID metadata documents, and say client_id_metadata_document_supported false (draft-ietf-oauth-client-id-metadata-document §6)")
	cmd.Flags().BoolVar(&requirePAR, "require-par", false, "require pushed authorization requests of every client, and say so in the discovery document (RFC 9126 §5)")
	cmd.Flags().StringVar(&keyFile, "write-client-key", "", "write the private key of "+demo.JWTClientID+" (private_key_jwt) to this file, mode 0600, for other tools and 'token --client-key'")
	cmd.Flags().StringVar(&mtlsPrefix, "write-mtls", "", "write the demo CA's certificate (PREFIX-ca.pem: trust it with --ca-file) and the certificates and keys of "+demo.MTLSClientID+" and "+demo.MTLSSelfClientID+" (PREFIX-client*.pem, PREFIX-self*.pem; keys mode 0600), made for this run, for mutual TLS (RFC 8705)")
	cmd.Flags().BoolVar(&force, "force", false, "with --write-client-key or --write-mtls: overwrite the files")
	lazyLong(cmd, func() string { return "\n" + demoClientsHelp() })
	return cmd
}

// requestLogger writes one line per request the demo provider answered.
// The target is the client's text: masked (a code, a token in a query),
// then sanitized by printLine.
func requestLogger(st Streams, m flows.Masker) func(method, target string, status int) {
	var mu sync.Mutex
	return func(method, target string, status int) {
		mu.Lock()
		defer mu.Unlock()
		printLine(st.Err, "%s %s -> %d %s", method, m.URL(target), status, http.StatusText(status))
	}
}

func printDemo(w io.Writer, srv *demo.Server) {
	e := srv.Endpoints()
	fmt.Fprintf(w, "Demo OpenID provider running. Stop it with Ctrl+C.\n\n")
	fmt.Fprintf(w, "Issuer:          %s\n", e.Issuer)
	for _, row := range [][2]string{
		{"Discovery", e.Discovery}, {"JWKS", e.JWKS}, {"Authorization", e.Authorization},
		{"Token", e.Token}, {"Userinfo", e.Userinfo}, {"Introspection", e.Introspection},
		{"Revocation", e.Revocation}, {"Device auth", e.DeviceAuthorization}, {"Pushed auth", e.PushedAuthorization},
		{"Registration", e.Registration},
		{"End session", e.EndSession},
		{"Demo API", e.API},
		{"MCP server", e.MCP},
		{"mTLS aliases", e.MTLS.Base + "  (RFC 8705 §5; its CA: --write-mtls)"},
		{"mTLS token", e.MTLS.Token}, {"mTLS API", e.MTLS.API},
	} {
		if row[1] != "" {
			fmt.Fprintf(w, "%-16s %s\n", row[0]+":", row[1])
		}
	}
	fmt.Fprintf(w, "\nClients (demo values, published on purpose):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	for _, c := range demo.Clients() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", c.ID, demoCredential(c), c.AuthMethod, c.Description)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nDemo user: demo / demo\n")
}
