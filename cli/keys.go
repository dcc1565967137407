package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
)

// newKeysCmd is "keys": the client's own keys for private_key_jwt.
func newKeysCmd(st Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Make a key pair for private_key_jwt client authentication",
		Args:  noArgs,
		RunE:  groupRunE,
		// Run alone it prints this help: no flags to show in its usage.
		DisableFlagsInUseLine: true,
	}
	cmd.AddCommand(newKeysGenerateCmd(st))
	return cmd
}

func newKeysGenerateCmd(st Streams) *cobra.Command {
	var alg, out string
	var force, set bool
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Write a new private key (mode 0600) and print its public JWK to register",
		Long: `generate makes a new private key for private_key_jwt client authentication
(RFC 7523 §2.2, OpenID Connect Core §9), writes it as PKCS#8 PEM to --out
with mode 0600 (an existing file is kept unless --force), and prints the
public key as a JWK (--jwks: as a JWK Set) on stdout, its kid the RFC 7638
thumbprint. Register the public JWK with the provider (Okta, Auth0 and
Keycloak take a JWK or JWKS; Microsoft Entra ID wants a certificate), then:

  oauth-explorer token --auth-method private_key_jwt --client-key key.pem \
      --client-key-id KID ...

The private key is never printed.`,
		Example: `  oauth-explorer keys generate --out client-key.pem
  oauth-explorer keys generate --alg RS256 --out rsa.pem --jwks > jwks.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("give --out FILE: where to write the private key")
			}
			pemText, k, err := clientkey.Generate(strings.TrimSpace(alg))
			if err != nil {
				return err
			}
			if err := writePrivate(out, pemText, force); err != nil {
				return err
			}
			jwk, err := k.PublicJWK()
			if err != nil {
				return err
			}
			var v any = jwk
			if set {
				v = jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}}
			}
			b, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				return err
			}
			fmt.Fprintf(st.Out, "%s\n", b)
			printLine(st.Err, "wrote the %s private key to %s (mode 0600); its public key above, kid %s", k.Alg, out, k.KeyID)
			printLine(st.Err, "use: --auth-method private_key_jwt --client-key %s --client-key-id %s", out, k.KeyID)
			return nil
		},
	}
	cmd.Flags().StringVar(&alg, "alg", "ES256", "algorithm: "+strings.Join(clientkey.Algorithms, ", "))
	cmd.Flags().StringVar(&out, "out", "", "file to write the private key to (PEM, mode 0600)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite --out if it exists")
	cmd.Flags().BoolVar(&set, "jwks", false, "print a JWK Set ({\"keys\":[…]}) rather than one JWK")
	return cmd
}

// writePrivate writes a private key readable by its owner only; an
// existing file is refused unless force.
func writePrivate(path string, data []byte, force bool) error {
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: give --force to overwrite it, or another --out", path)
	}
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
