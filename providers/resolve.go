package providers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// Reserved names the command line gives other meanings: the embedded demo
// provider and the provider made from --issuer.
var reservedNames = []string{"demo", "custom"}

var envNameRE = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) }}

// checkEntry reports what makes an entry unusable (errors) or doubtful
// (warnings); at gives the line of a key.
func checkEntry(e Entry, at func(key string) int) []Problem {
	var out []Problem
	add := func(sev Severity, key, format string, args ...any) {
		out = append(out, Problem{Provider: e.Name, Line: at(key), Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	if slices.Contains(reservedNames, e.Name) {
		add(Error, "", "the name %s is taken by the command line (demo: the embedded demo provider; custom: --issuer); rename the table", e.Name)
	}
	if e.Preset != "" {
		p, ok := PresetByID(e.Preset)
		if !ok {
			msg := fmt.Sprintf("unknown preset %q: use one of %s", e.Preset, strings.Join(PresetIDs(), ", "))
			if s := nearest(e.Preset, PresetIDs()); s != "" {
				msg = fmt.Sprintf("unknown preset %q (did you mean %s?)", e.Preset, s)
			}
			add(Error, "preset", "%s", msg)
		} else if _, err := p.Build(e.Fields); err != nil {
			var mf *MissingFieldError
			if errors.As(err, &mf) {
				add(Error, "preset", "preset %s needs %s = %q: %s", p.ID, mf.Field.Name, mf.Field.Example, mf.Field.Help)
			} else {
				add(Error, "preset", "%v", err)
			}
		}
	} else if e.Issuer == "" && e.TokenURL == "" {
		add(Error, "", `needs preset = "…" (with its fields), issuer = "https://…" or token_url = "https://…"`)
	}
	for _, u := range []struct{ key, v string }{
		{"issuer", e.Issuer}, {"authorization_url", e.AuthorizationURL}, {"token_url", e.TokenURL},
		{"jwks_url", e.JWKSURL}, {"userinfo_url", e.UserinfoURL}, {"device_authorization_url", e.DeviceAuthorizationURL},
		{"api_url", e.APIURL}, {"redirect_uri", e.RedirectURI},
	} {
		if u.v == "" {
			continue
		}
		if p, err := url.Parse(u.v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			add(Error, u.key, "%s %q is not an http(s) URL", u.key, u.v)
		}
	}
	sources := 0
	for _, s := range []string{e.ClientSecret, e.ClientSecretEnv, e.ClientSecretCommand} {
		if s != "" {
			sources++
		}
	}
	if sources > 1 {
		add(Error, "client_secret_env", "give only one of client_secret, client_secret_env and client_secret_command")
	}
	if e.ClientSecretEnv != "" && !envNameRE.Get().MatchString(e.ClientSecretEnv) {
		// The value is not shown: it may be the secret itself, put in the
		// wrong key.
		add(Error, "client_secret_env", "client_secret_env names an environment variable (e.g. WORK_CLIENT_SECRET), and its value is not a variable name; to write the secret itself in the file, use client_secret")
	}
	switch e.AuthMethod {
	case "", AuthNone:
	case AuthBasic, AuthPost, AuthSecretJWT:
		if sources == 0 {
			add(Warning, "auth_method", "auth_method %s needs a secret: add client_secret_env or client_secret_command, or pass --client-secret", e.AuthMethod)
		}
	case AuthPrivateKeyJWT:
		add(Warning, "auth_method", "auth_method %s needs the client's private key, which the providers file does not hold: pass --client-key FILE", e.AuthMethod)
	case AuthTLS, AuthSelfSignedTLS:
		add(Warning, "auth_method", "auth_method %s needs the client's certificate and key, which the providers file does not hold: pass --client-cert FILE --client-key FILE", e.AuthMethod)
	default:
		add(Error, "auth_method", "unknown auth_method %q: use one of %s", e.AuthMethod, strings.Join(AuthMethods, ", "))
	}
	if e.ClientID == "" && len(out) == 0 {
		add(Warning, "", "no client_id: pass --client-id when using it")
	}
	return out
}

// Provider builds the settings the entry describes, without the secret
// (see Secret): its preset's, overridden by the keys it sets; fields fill
// or override the preset's fields (e.g. from --tenant). AuthMethod is the
// entry's auth_method, client_secret_basic when it has a secret source,
// or empty (see DefaultAuthMethod).
func (e Entry) Provider(fields map[string]string) (Provider, error) {
	var p Provider
	if e.Preset != "" {
		pr, ok := PresetByID(e.Preset)
		if !ok {
			return p, fmt.Errorf("providers.%s: unknown preset %q", e.Name, e.Preset)
		}
		f := make(map[string]string, len(e.Fields)+len(fields))
		for k, v := range e.Fields {
			f[k] = v
		}
		for k, v := range fields {
			if v != "" {
				f[k] = v
			}
		}
		var err error
		if p, err = pr.Build(f); err != nil {
			return p, fmt.Errorf("providers.%s: %w", e.Name, err)
		}
	}
	p.Name = e.Name
	for _, o := range []struct {
		v   string
		dst *string
	}{
		{e.Issuer, &p.Issuer}, {e.AuthorizationURL, &p.AuthURL}, {e.TokenURL, &p.TokenURL}, {e.JWKSURL, &p.JWKSURL},
		{e.UserinfoURL, &p.UserinfoURL}, {e.DeviceAuthorizationURL, &p.DeviceAuthURL}, {e.ClientID, &p.ClientID},
		{e.Audience, &p.Audience}, {e.Resource, &p.Resource}, {e.AuthMethod, &p.AuthMethod},
		{e.RedirectURI, &p.RedirectURI}, {e.APIURL, &p.APIURL},
	} {
		if o.v != "" {
			*o.dst = o.v
		}
	}
	if len(e.Scopes) > 0 {
		p.Scopes = slices.Clone(e.Scopes)
	}
	for k, v := range e.AuthParams {
		if p.AuthParams == nil {
			p.AuthParams = url.Values{}
		}
		p.AuthParams.Set(k, v)
	}
	for k, v := range e.TokenParams {
		if p.TokenParams == nil {
			p.TokenParams = url.Values{}
		}
		p.TokenParams.Set(k, v)
	}
	if p.AuthMethod == "" && e.SecretSource() != "" {
		p.AuthMethod = AuthBasic
	}
	return p, nil
}

// DefaultAuthMethod sets AuthMethod when it is empty: private_key_jwt
// with a client key (RFC 7523 §2.2), client_secret_basic with a secret
// (RFC 6749 §2.3.1), none without (a public client, RFC 8252 §8.4). It
// sets AuthAuto then, so that the flow may choose again from what the
// server advertises.
func (p *Provider) DefaultAuthMethod() {
	if p.AuthMethod != "" {
		return
	}
	p.AuthAuto = true
	switch {
	case p.ClientKey != "" || p.ClientKeyFile != "":
		p.AuthMethod = AuthPrivateKeyJWT
	case p.ClientSecret != "":
		p.AuthMethod = AuthBasic
	default:
		p.AuthMethod = AuthNone
	}
}

// SecretSource says where the entry's secret comes from, never the secret
// itself: "environment variable $X", "command: …", "the providers file", or
// "" for none.
func (e Entry) SecretSource() string {
	switch {
	case e.ClientSecretEnv != "":
		return "environment variable $" + e.ClientSecretEnv
	case e.ClientSecretCommand != "":
		return "command: " + e.ClientSecretCommand
	case e.ClientSecret != "":
		return "the providers file"
	}
	return ""
}

// SecretTimeout bounds client_secret_command: a password manager that
// waits for a passphrase nobody types must not hang the program.
const SecretTimeout = 15 * time.Second

// Secret returns the entry's client secret: from the file, from its
// environment variable, or from the first line of its command's output
// (run with sh -c, stdin empty, within SecretTimeout; the convention of
// pass and similar password managers). "" when there is none. The secret is
// never part of an error.
func (e Entry) Secret(ctx context.Context) (string, error) {
	switch {
	case e.ClientSecretEnv != "":
		v, ok := os.LookupEnv(e.ClientSecretEnv)
		if !ok || v == "" {
			return "", fmt.Errorf("providers.%s: the environment variable %s (client_secret_env) is not set", e.Name, e.ClientSecretEnv)
		}
		return v, nil
	case e.ClientSecretCommand != "":
		return runSecretCommand(ctx, e.Name, e.ClientSecretCommand)
	}
	return e.ClientSecret, nil
}

func runSecretCommand(ctx context.Context, name, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, SecretTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return "", fmt.Errorf("providers.%s: client_secret_command %q did not finish within %s (is it waiting for input?)", name, command, SecretTimeout)
	}
	if err != nil {
		msg := strings.TrimSpace(strings.SplitN(stderr.String(), "\n", 2)[0])
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		if msg != "" {
			msg = ": " + msg
		}
		return "", fmt.Errorf("providers.%s: client_secret_command %q failed (%v)%s", name, command, err, msg)
	}
	secret := strings.TrimSpace(strings.SplitN(strings.TrimLeft(stdout.String(), "\r\n"), "\n", 2)[0])
	if secret == "" {
		return "", fmt.Errorf("providers.%s: client_secret_command %q printed nothing", name, command)
	}
	return secret, nil
}

// Lookup finds name among the file's entries (file may be nil), then among
// the presets, and builds its settings without fetching the secret. Fields
// give preset fields (from flags such as --tenant). A missing preset field
// is a *MissingFieldError naming its flag. A configured entry shadows a
// preset of the same name. AuthMethod may be empty: apply overrides (a
// --client-secret), then DefaultAuthMethod.
func Lookup(name string, file *File, fields map[string]string) (Provider, error) {
	p, _, err := lookup(name, file, fields)
	return p, err
}

// Resolve is Lookup followed by fetching the secret of a configured
// provider (see Entry.Secret); the auth method then defaults as in
// DefaultAuthMethod.
func Resolve(ctx context.Context, name string, file *File, fields map[string]string) (Provider, error) {
	p, e, err := lookup(name, file, fields)
	if err != nil {
		return p, err
	}
	if e != nil {
		if p.ClientSecret, err = e.Secret(ctx); err != nil {
			return p, err
		}
	}
	p.DefaultAuthMethod()
	return p, nil
}

func lookup(name string, file *File, fields map[string]string) (Provider, *Entry, error) {
	if e, ok := file.Entry(name); ok {
		p, err := e.Provider(fields)
		return p, &e, err
	}
	if file != nil {
		var broken []string
		for _, pr := range file.Problems {
			if pr.Provider == name && pr.Severity == Error {
				broken = append(broken, pr.Format(file.Path))
			}
		}
		if len(broken) > 0 {
			return Provider{}, nil, fmt.Errorf("provider %s cannot be used: %s", name, strings.Join(broken, "; "))
		}
	}
	if pr, ok := PresetByID(name); ok {
		p, err := pr.Build(fields)
		return p, nil, err
	}
	var names []string
	if file != nil {
		for _, e := range file.Entries {
			names = append(names, e.Name)
		}
	}
	msg := fmt.Sprintf("unknown provider %q: not in the providers file", name)
	if len(names) > 0 {
		msg += " (" + strings.Join(names, ", ") + ")"
	}
	msg += " and not a preset (" + strings.Join(PresetIDs(), ", ") + ")"
	if s := nearest(name, append(names, PresetIDs()...)); s != "" {
		msg += "; did you mean " + s + "?"
	}
	return Provider{}, nil, errors.New(msg)
}
