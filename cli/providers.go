package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// presetFlags are the flags that give presets' fields (--tenant, --realm,
// --url…): one flag per distinct PresetField.Flag, shared by the presets
// that use it. The TUI's root command, token and providers all take them.
type presetFlags struct {
	values map[string]*string // by flag
	names  map[string]string  // flag → field name
}

func (pf *presetFlags) register(cmd *cobra.Command) {
	pf.values, pf.names = map[string]*string{}, map[string]string{}
	users := map[string][]string{}
	label := map[string]string{}
	var order []string
	for _, p := range providers.Presets() {
		for _, f := range p.Fields {
			if _, seen := pf.names[f.Flag]; !seen {
				order = append(order, f.Flag)
				pf.names[f.Flag] = f.Name
				label[f.Flag] = strings.ToLower(f.Label)
			}
			users[f.Flag] = append(users[f.Flag], p.ID)
		}
	}
	for _, flag := range order {
		usage := fmt.Sprintf("preset %s: %s (see 'oauth-explorer providers %s')", users[flag][0], label[flag], users[flag][0])
		if len(users[flag]) > 1 {
			usage = fmt.Sprintf("preset field of %s (see 'oauth-explorer providers PRESET')", strings.Join(users[flag], ", "))
		}
		pf.values[flag] = new(string)
		cmd.Flags().StringVar(pf.values[flag], flag, "", usage)
	}
}

// fields returns the preset fields given on the command line, by field name.
func (pf *presetFlags) fields(cmd *cobra.Command) map[string]string {
	out := map[string]string{}
	for flag, v := range pf.values {
		if cmd.Flags().Changed(flag) {
			out[pf.names[flag]] = *v
		}
	}
	return out
}

// loadProvidersFile loads --config FILE, or the default providers file
// when path is "". A missing default file is an empty one; a missing
// --config file is an error. The File's Path is set either way.
func loadProvidersFile(path string) (*providers.File, error) {
	explicit := path != ""
	if !explicit {
		var err error
		if path, err = providers.DefaultPath(); err != nil {
			return nil, err
		}
	}
	f, err := providers.Load(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return &providers.File{Path: path}, nil
	}
	return f, err
}

type providersOpts struct {
	config  string
	check   string
	timeout time.Duration
	verbose bool
	pf      presetFlags
}

func newProvidersCmd(st Streams) *cobra.Command {
	var o providersOpts
	cmd := &cobra.Command{
		Use:   "providers [NAME]",
		Short: "List the presets and the configured providers, check the providers file, or run discovery for one",
		Long: `providers lists the built-in presets and the providers configured in the
providers file, and checks that file: problems are printed as FILE:LINE, and
the exit status is 1 when the file is broken (warnings alone leave it 0).
With NAME, it describes one preset or configured provider: its fields, what
to register as redirect URI, where the values are in the provider's console,
and its known quirks.

--check NAME runs discovery for one provider (configured, a preset with its
fields as flags, or "demo") and reports what it supports: grant types,
client authentication methods, PKCE methods, response types, scopes and
endpoints. No secret is read and nothing is sent but the metadata requests;
-v writes them and their answers to stderr.

The providers file is $XDG_CONFIG_HOME/oauth-explorer/providers.toml
(~/.config/oauth-explorer/providers.toml), or --config FILE. One table per
provider:

  [providers.work]                 # --provider work
  preset = "entra"                 # a preset and its fields…
  tenant = "00000000-0000-0000-0000-000000000000"
  client_id = "11111111-2222-3333-4444-555555555555"
  client_secret_command = "pass show work/oauth" # or client_secret_env = "VAR"
  scopes = ["openid", "profile", "offline_access"]

  [providers.local]
  issuer = "http://127.0.0.1:9000" # …or an issuer, or token_url and friends
  client_id = "demo-public"
  redirect_uri = "http://127.0.0.1:8400/callback"

  [providers.local.auth_params]
  prompt = "login"

Other keys: authorization_url, token_url, jwks_url, userinfo_url,
device_authorization_url, client_secret, audience, resource, auth_method,
api_url, [providers.NAME.token_params]. Keep the file mode 0600 when it
holds a secret.`,
		Example: `  oauth-explorer providers
  oauth-explorer providers entra
  oauth-explorer providers --check demo
  oauth-explorer providers --check -v google
  oauth-explorer providers --check entra \
      --tenant 00000000-0000-0000-0000-000000000000
  oauth-explorer providers --config ./providers.toml --check work`,
		Args: atMostOne("provider name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.check != "" {
				return runCheck(cmd, &o, st)
			}
			if len(args) == 1 {
				return describe(st, o.config, args[0])
			}
			return listProviders(st, o.config)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.config, "config", "", "providers file (default $XDG_CONFIG_HOME/oauth-explorer/providers.toml)")
	fl.StringVar(&o.check, "check", "", `run discovery for this provider ("demo", a preset or a configured name) and report what it supports`)
	timeoutVar(fl, &o.timeout, "timeout", 10*time.Second, "time limit for each metadata request")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "with --check: write the metadata requests and responses to stderr")
	o.pf.register(cmd)
	return cmd
}

// listProviders prints the presets and the configured providers, and the
// file's problems on stderr.
func listProviders(st Streams, config string) error {
	file, err := loadProvidersFile(config)
	printPresets(st.Out)
	fmt.Fprintln(st.Out)
	if err != nil {
		return fileFailed(st, err)
	}
	if len(file.Entries) == 0 && len(file.Problems) == 0 {
		printLine(st.Out, "Providers file: %s (none yet: see 'oauth-explorer providers --help' for the format)", file.Path)
		return nil
	}
	printLine(st.Out, "Providers file: %s", file.Path)
	tw := tabwriter.NewWriter(st.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  NAME\tFROM\tCLIENT ID\tSECRET")
	for _, e := range file.Entries {
		secret := e.SecretSource()
		if secret == "" {
			secret = "none (public client)"
		}
		// Every value is the file's text.
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", cell(e.Name), cell(entryOrigin(e)), cell(orDash(e.ClientID)), cell(secret))
	}
	_ = tw.Flush()
	return reportProblems(st, file)
}

// printPresets writes the table of presets.
func printPresets(w io.Writer) {
	fmt.Fprintln(w, `Presets: --provider ID with the flags shown, or preset = "ID" in the providers file`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ID\tNAME\tFIELDS")
	fmt.Fprintln(tw, "  demo\tEmbedded demo provider (127.0.0.1, no account)\t-")
	for _, p := range providers.Presets() {
		var fields []string
		for _, f := range p.Fields {
			s := "--" + f.Flag
			if !f.Required {
				s = "[" + s + "]"
			}
			fields = append(fields, s)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", cell(p.ID), cell(p.Name), cell(orDash(strings.Join(fields, " "))))
	}
	_ = tw.Flush()
}

// entryOrigin says what an entry is built from.
func entryOrigin(e providers.Entry) string {
	switch {
	case e.Preset != "":
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
			kv = append(kv, k+"="+e.Fields[k])
		}
		if len(kv) == 0 {
			return "preset " + e.Preset
		}
		return "preset " + e.Preset + " (" + strings.Join(kv, ", ") + ")"
	case e.Issuer != "":
		return "issuer " + redact.Userinfo(e.Issuer)
	default:
		return "token_url " + redact.Userinfo(e.TokenURL)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// reportProblems prints the file's problems on stderr and fails when one
// is an error.
func reportProblems(st Streams, file *providers.File) error {
	for _, p := range file.Problems {
		// A problem quotes the file: names, keys, values.
		printLine(st.Err, "%s", p.Format(file.Path))
	}
	if file.HasErrors() {
		printError(st.Err, file.Path+" has errors: the entries named above cannot be used until they are fixed")
		return &ExitError{Code: 1}
	}
	return nil
}

// fileFailed prints why the providers file could not be read at all.
func fileFailed(st Streams, err error) error {
	printError(st.Err, err.Error())
	var se *providers.SyntaxError
	if errors.As(err, &se) && se.Source != "" {
		// The offending line and its caret; tabs are kept so that the
		// caret stays under the column.
		for _, l := range strings.Split(se.Source, "\n") {
			fmt.Fprintf(st.Err, "    %s\n", safetext.Block(l))
		}
		fmt.Fprintln(st.Err, "  the file is not valid TOML: none of its providers can be used until it is fixed")
	}
	return &ExitError{Code: 1}
}

// describe prints one preset or configured provider in full.
func describe(st Streams, config, name string) error {
	file, err := loadProvidersFile(config)
	if err != nil {
		return fileFailed(st, err)
	}
	w := st.Out
	if e, ok := file.Entry(name); ok {
		printLine(w, "%s (%s:%d)", e.Name, file.Path, e.Line)
		printLine(w, "  from:      %s", entryOrigin(e))
		printLine(w, "  client id: %s", orDash(e.ClientID))
		printLine(w, "  secret:    %s", orDash(e.SecretSource()))
		if len(e.Scopes) > 0 {
			printLine(w, "  scopes:    %s", strings.Join(e.Scopes, " "))
		}
		if e.Preset == "" {
			return nil
		}
		name = e.Preset
		fmt.Fprintln(w)
	}
	if name == "demo" {
		fmt.Fprintln(w, "demo: Embedded demo provider (127.0.0.1, no account)")
		fmt.Fprintln(w, "  an OpenID provider inside this program; it starts on a free port of 127.0.0.1")
		fmt.Fprintln(w, "  when chosen (--provider demo, or no --issuer) and stops with the run;")
		fmt.Fprintln(w, "  'oauth-explorer demo-server' runs it on its own for other tools")
		fmt.Fprintln(w)
		fmt.Fprint(w, demoClientsHelp())
		return nil
	}
	p, ok := providers.PresetByID(name)
	if !ok {
		printError(st.Err, fmt.Sprintf("no preset or configured provider named %q; 'oauth-explorer providers' lists them", name))
		return &ExitError{Code: 1}
	}
	fmt.Fprintf(w, "%s: %s\n", p.ID, p.Name)
	if !p.OIDC {
		fmt.Fprintln(w, "  OAuth 2.0 only: not an OpenID provider (no ID token, no discovery)")
	}
	for _, f := range p.Fields {
		req := "optional"
		if f.Required {
			req = "required"
		} else if f.Default != "" {
			req = fmt.Sprintf("default %q", f.Default)
		}
		fmt.Fprintf(w, "  --%s (%s = %q in the file; %s)\n%s\n", f.Flag, f.Name, f.Example, req, wrap(f.Help, "      ", "      "))
	}
	fmt.Fprintf(w, "\nWhere to find the values:\n%s\n", indent(p.ConsoleHelp))
	fmt.Fprintf(w, "\nRedirect URI:\n%s\n", indent(p.RedirectHelp))
	if p.RedirectURI != "" {
		fmt.Fprintf(w, "  (default for this preset: %s)\n", p.RedirectURI)
	}
	fmt.Fprintf(w, "\nDefault scopes: %s\n", strings.Join(p.Scopes, " "))
	fmt.Fprintln(w, "\nQuirks:")
	for _, q := range p.Quirks {
		fmt.Fprintf(w, "%s\n", indentBullet(q))
	}
	fmt.Fprintf(w, "\nDocumentation: %s\n", p.Docs)
	return nil
}

func indent(s string) string { return wrap(s, "  ", "  ") }

func indentBullet(s string) string { return wrap(s, "  - ", "    ") }

// wrap breaks s into lines of at most 78 columns.
func wrap(s, first, rest string) string {
	var b strings.Builder
	line := first
	for _, word := range strings.Fields(s) {
		if len(line)+len(word)+1 > 78 && strings.TrimSpace(line) != "" && line != first {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = rest
		}
		line += word + " "
	}
	b.WriteString(strings.TrimRight(line, " "))
	return b.String()
}
