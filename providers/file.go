package providers

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/BurntSushi/toml"
)

// The providers file is TOML with one table per provider under
// "providers", so that other top-level settings can be added later and a
// table written without the prefix is caught as unknown:
//
//	[providers.work]
//	preset = "entra"
//	tenant = "00000000-0000-0000-0000-000000000000"
//	client_id = "…"
//	client_secret_command = "pass show work/oauth"
//	scopes = ["openid", "profile", "offline_access"]
//
//	[providers.local]
//	issuer = "http://127.0.0.1:9000"
//	client_id = "demo-public"
//
//	[providers.local.auth_params]
//	prompt = "login"
//
// An entry names a preset with its fields (see Presets), or an issuer, or
// endpoints given by hand; keys it sets beside a preset override what the
// preset builds. See Entry for every key.

// FileName is the providers file's name in its directory.
const FileName = "providers.toml"

// DefaultPath is $XDG_CONFIG_HOME/oauth-explorer/providers.toml, or
// ~/.config/oauth-explorer/providers.toml when XDG_CONFIG_HOME is unset
// (XDG Base Directory Specification; also on macOS, where a CLI user looks
// in ~/.config rather than ~/Library).
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "oauth-explorer", FileName), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the providers file: %w; give --config FILE", err)
	}
	return filepath.Join(home, ".config", "oauth-explorer", FileName), nil
}

// Entry is one provider of the providers file, as written there. The TOML
// keys are in brackets.
type Entry struct {
	// Name is the table's name: [providers.NAME].
	Name string
	// Line is the line of the table's header, 0 when unknown.
	Line int
	// Preset is a preset's ID [preset], and Fields its fields, written as
	// keys of the entry ([tenant], [realm]…).
	Preset string
	Fields map[string]string
	// Issuer [issuer] starts discovery; the endpoints [authorization_url],
	// [token_url], [jwks_url], [userinfo_url], [device_authorization_url]
	// override discovered ones or stand in for discovery.
	Issuer, AuthorizationURL, TokenURL, JWKSURL, UserinfoURL, DeviceAuthorizationURL string
	// ClientID [client_id].
	ClientID string
	// The secret comes from one of: the file itself [client_secret], an
	// environment variable [client_secret_env], or a command run with
	// sh -c whose first line of output is the secret
	// [client_secret_command], for password managers.
	ClientSecret, ClientSecretEnv, ClientSecretCommand string
	// Scopes [scopes]: a list, or one space-separated string.
	Scopes []string
	// Audience [audience], Resource [resource] (RFC 8707), AuthMethod
	// [auth_method] (one of AuthMethods; default client_secret_basic with
	// a secret, none without), RedirectURI [redirect_uri], APIURL [api_url].
	Audience, Resource, AuthMethod, RedirectURI, APIURL string
	// AuthParams [auth_params] and TokenParams [token_params] are tables
	// of extra authorization and token request parameters.
	AuthParams, TokenParams map[string]string
}

// Severity grades a Problem.
type Severity int

// Severities: a Warning leaves the entry usable; an Error makes it unusable.
const (
	Warning Severity = iota
	Error
)

// String is "warning" or "error".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is something wrong in the providers file.
type Problem struct {
	// Provider is the entry's name, "" for the file as a whole.
	Provider string
	// Line is 1-based; 0 when unknown.
	Line     int
	Message  string
	Severity Severity
}

// Format renders the problem as "path:line: severity: message", the form
// editors and terminals turn into links.
func (p Problem) Format(path string) string {
	loc := path
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", path, p.Line)
	}
	who := ""
	if p.Provider != "" {
		who = "providers." + p.Provider + ": "
	}
	return fmt.Sprintf("%s: %s: %s%s", loc, p.Severity, who, p.Message)
}

// File is a loaded providers file: the usable entries, in file order, and
// the problems found. A broken entry is left out of Entries and reported in
// Problems; the others stay usable.
type File struct {
	Path     string
	Entries  []Entry
	Problems []Problem

	// secretIn names the first entry, broken or not, with client_secret
	// in the file, at secretLine.
	secretIn   string
	secretLine int
}

// Entry returns the usable entry with that name.
func (f *File) Entry(name string) (Entry, bool) {
	if f == nil {
		return Entry{}, false
	}
	for _, e := range f.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// HasErrors reports whether a problem made an entry unusable.
func (f *File) HasErrors() bool {
	if f == nil {
		return false
	}
	for _, p := range f.Problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// SyntaxError is a providers file that is not valid TOML: nothing in it
// can be used.
type SyntaxError struct {
	Path         string
	Line, Column int
	Message      string
	// Source is the offending line, followed by a line with a caret under
	// the column.
	Source string
}

// Error is "path:line:column: message".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Message)
}

// Load reads and checks the providers file at path. An unreadable file or
// invalid TOML (a *SyntaxError) is an error; anything else is reported in
// File.Problems. A missing file is an error wrapping fs.ErrNotExist, which
// the caller may treat as an empty file.
func Load(path string) (*File, error) {
	// One open for the bytes and the mode, so both describe the same file.
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("providers file: %w", err)
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("providers file: %w", err)
	}
	data, err := io.ReadAll(fh)
	if err != nil {
		return nil, fmt.Errorf("providers file: %w", err)
	}
	f, err := parseFile(path, data)
	if err != nil {
		return nil, err
	}
	f.checkMode(fi.Mode().Perm())
	return f, nil
}

// checkMode warns about a file that holds a secret and that group or
// others may read.
func (f *File) checkMode(perm os.FileMode) {
	if runtime.GOOS == "windows" || perm&0o077 == 0 || f.secretIn == "" {
		return
	}
	f.Problems = append(f.Problems, Problem{Line: f.secretLine, Severity: Warning,
		Message: fmt.Sprintf("the file holds a client secret (providers.%s) and group or others can read it (mode %04o): run chmod 600 %s, or move the secret to client_secret_env or client_secret_command",
			f.secretIn, perm, f.Path)})
}

// syntaxError turns the TOML library's error into a *SyntaxError.
func syntaxError(path string, data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path, err)
	}
	se := &SyntaxError{Path: path, Line: pe.Position.Line, Column: pe.Position.Col, Message: pe.Message}
	if se.Column < 1 {
		se.Column = 1
	}
	lines := strings.Split(string(data), "\n")
	if se.Line >= 1 && se.Line <= len(lines) {
		src := strings.TrimRight(lines[se.Line-1], "\r")
		se.Source = src + "\n" + strings.Repeat(" ", min(se.Column-1, len(src))) + "^"
	}
	return se
}
