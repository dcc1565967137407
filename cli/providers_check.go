package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// runCheck runs discovery for one provider and reports what it supports
// (RFC 8414 §2, OpenID Connect Discovery 1.0 §3).
func runCheck(cmd *cobra.Command, o *providersOpts, st Streams) error {
	ctx := cmd.Context()
	name := o.check
	var p providers.Provider
	if name == "demo" {
		srv, err := demo.Start(context.WithoutCancel(ctx), demo.Options{})
		if err != nil {
			printError(st.Err, "starting the demo provider: "+err.Error())
			return &ExitError{Code: 1}
		}
		defer srv.Close()
		p = providers.Provider{Name: "demo", Issuer: srv.Issuer()}
	} else {
		file, err := loadProvidersFile(o.config)
		if err != nil {
			if _, isPreset := providers.PresetByID(name); !isPreset {
				return fileFailed(st, err)
			}
			// A preset does not need the file: say why it is ignored.
			warnf(st.Err, "ignoring the providers file: %v", err)
			file = nil
		}
		if p, err = providers.Lookup(name, file, o.pf.fields(cmd)); err != nil {
			printError(st.Err, err.Error())
			return &ExitError{Code: 1}
		}
	}
	var md *providers.Metadata
	if p.Issuer == "" {
		md = p.StaticMetadata()
	} else {
		var err error
		rec := &flows.Recorder{}
		rec.SetStep(flows.Discovery.Title)
		md, err = providers.Discover(ctx, &http.Client{Transport: rec, Timeout: o.timeout}, p.Issuer)
		if o.verbose {
			// Discovery sends no secret; the masker still hides
			// whatever a server echoes under a secret's name.
			_ = flows.WriteTranscript(st.Err, rec.Take(), flows.Masker{})
		}
		if err != nil {
			printError(st.Err, fmt.Sprintf("discovery for %s failed: %v", p.Name, err))
			if errors.Is(err, providers.ErrIssuerMismatch) {
				fmt.Fprintln(st.Err, "  see: RFC 8414 §3.3, RFC 9700 §4.4 (mix-up attacks)")
			}
			return &ExitError{Code: 1}
		}
		p.OverrideEndpoints(md)
	}
	printCheck(st.Out, p, md)
	return nil
}

// printCheck writes the discovered capabilities. Every value is the
// discovery document's or the providers file's text: each is shown with its
// controls escaped, tabs and newlines included, so that it keeps to its
// line and its column.
func printCheck(w io.Writer, p providers.Provider, md *providers.Metadata) {
	from := ""
	if p.Preset != "" && p.Preset != p.Name {
		from = " (preset " + p.Preset + ")"
	}
	printLine(w, "Provider:  %s%s", p.Name, from)
	if md.Kind == providers.KindStatic {
		fmt.Fprintln(w, "Issuer:    none: no discovery; the endpoints below are set by the preset or the providers file")
	} else {
		printLine(w, "Issuer:    %s", md.Issuer)
		printLine(w, "Metadata:  %s (%s)", md.Source, md.Kind)
	}

	fmt.Fprintln(w, "\nEndpoints:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range [][2]string{
		{"authorization", md.AuthorizationEndpoint}, {"token", md.TokenEndpoint}, {"jwks", md.JWKSURI},
		{"userinfo", md.UserinfoEndpoint}, {"device authorization", md.DeviceAuthorizationEndpoint},
		{"pushed authorization", md.PushedAuthorizationRequestEndpoint}, {"introspection", md.IntrospectionEndpoint},
		{"revocation", md.RevocationEndpoint}, {"end session", md.EndSessionEndpoint}, {"registration", md.RegistrationEndpoint},
	} {
		if e[1] != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", e[0], cell(e[1]))
		}
	}
	_ = tw.Flush()

	fmt.Fprintln(w, "\nSupports:")
	if md.Kind == providers.KindStatic {
		fmt.Fprintln(w, "  unknown: the provider publishes no metadata")
	} else {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		row := func(label string, list []string, absent string) {
			v := strings.Join(list, ", ")
			if len(list) == 0 {
				v = "(not published; " + absent + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", label, cell(v))
		}
		row("grant types", md.GrantTypesSupported, "RFC 8414 default: authorization_code, implicit")
		row("auth methods", md.TokenEndpointAuthMethodsSupported, "RFC 8414 default: client_secret_basic")
		row("PKCE methods", md.CodeChallengeMethodsSupported, "support unknown; oauth-explorer sends S256 anyway, RFC 9700 §2.1.1")
		row("response types", md.ResponseTypesSupported, "required by RFC 8414 §2")
		row("scopes", md.ScopesSupported, "ask for the ones the provider documents")
		if len(md.DPoPSigningAlgValuesSupported) > 0 {
			row("DPoP algorithms", md.DPoPSigningAlgValuesSupported, "")
		}
		if md.RequirePushedAuthorizationRequests {
			fmt.Fprintf(tw, "  PAR\trequired (RFC 9126 §5)\n")
		}
		if md.AuthorizationResponseIssParameterSupported {
			fmt.Fprintf(tw, "  iss in callback\tyes (RFC 9207)\n")
		}
		_ = tw.Flush()
	}
	if len(md.Warnings) > 0 {
		fmt.Fprintln(w, "\nWarnings:")
		for _, s := range md.Warnings {
			// A warning may quote the document.
			fmt.Fprintln(w, indentBullet(safetext.Line(s)))
		}
	}
	if len(p.Quirks) > 0 {
		fmt.Fprintln(w)
		printLine(w, "Known quirks of %s:", p.Preset)
		for _, q := range p.Quirks {
			fmt.Fprintln(w, indentBullet(q))
		}
	}
}
