package flows

import (
	"fmt"
	"slices"
	"strings"
)

// Input is a value a grant needs beyond the provider's settings, such as
// the refresh token of the refresh grant (RFC 6749 §6). The TUI's settings
// form shows a row per input of the chosen grant and the token command
// reads each one, both from this declaration alone.
type Input struct {
	// Name is the input's key in Options.Inputs and its setting name in
	// the {setting:NAME} placeholders (see Words).
	Name string
	// Label names it in a form row ("Refresh token"), in at most
	// MaxInputLabel characters: the settings form's label column.
	Label string
	// Help says in a sentence what to give, with its RFC.
	Help string
	// Secret inputs are masked wherever they are shown, and the command
	// line never takes them as an argument, which ps shows: they come
	// from Env or stdin.
	Secret bool
	// Required inputs must be given: the flow cannot start without them.
	Required bool
	// Default is the value prefilled; empty means none.
	Default string
	// Env is the environment variable the command line reads the input
	// from; a secret input must have one.
	Env string
	// Flag is the command-line flag of an input that is not secret (a
	// secret has none); empty means the command line does not take it.
	Flag string
	// Choices, when set, are the only values the input takes, the first
	// being the default unless Default says otherwise: the TUI cycles
	// through them and the command line refuses any other.
	Choices []string
	// File is set on an input whose value may be long (a JSON document):
	// the command line then reads "@PATH" as the contents of the file
	// PATH, as curl does.
	File bool
	// Check, when set, validates a value given before the flow starts;
	// its error says what is wrong in the value, and Validate adds which
	// input it is.
	Check func(value string) error
	// Takes, when set, is the kind of token held that fills the input: a
	// token of that kind a run obtained (HintAccessToken,
	// HintRefreshToken or TakesIDToken) can be handed to the grant as
	// this input, so that the TUI offers the grant after such a run.
	Takes string
	// Under, when set, names a Choices input this one belongs to: it is
	// read only when that input is given a value other than its first
	// choice (off), so that a secret of an option left off is not asked
	// for on stdin.
	Under string
	// Locator is set on the input a grant that finds its own
	// authorization server (Grant.FindsServer) finds it from, such as the
	// API's URL: with a provider that names no server it has nothing to
	// default to, so it is required and asked for first.
	Locator bool
}

// TakesIDToken is the Input.Takes of an input an ID token fills (OpenID
// Connect Core §2); the other kinds are the token type hints.
const TakesIDToken = "id_token"

// Validate reports whether v is a value in takes: one of its Choices when
// it has some, and one its Check accepts. An empty v (not given) is left to
// Required. The error does not name the input: each surface names it in
// its own words (a flag, a form row).
func (in Input) Validate(v string) error {
	if v == "" {
		return nil
	}
	if len(in.Choices) > 0 && !slices.Contains(in.Choices, v) {
		if in.Secret {
			return fmt.Errorf("not one of %s", strings.Join(in.Choices, ", "))
		}
		return fmt.Errorf("%q is not one of %s", v, strings.Join(in.Choices, ", "))
	}
	if in.Check != nil {
		if err := in.Check(v); err != nil {
			return err
		}
	}
	return nil
}

// MaxInputLabel is the longest Input.Label a form row shows aligned.
const MaxInputLabel = 14

// Inputs are the values of a grant's inputs for one run, by Input.Name.
type Inputs map[string]string

// input returns the value given for in, or its default when none was
// given.
func (o Options) input(in Input) string {
	if v := o.Inputs[in.Name]; v != "" {
		return v
	}
	return in.Default
}

// InputByName returns the input called name of any grant or client
// authentication method: the words of a surface use it to name where the
// input is given.
func InputByName(name string) (Input, bool) {
	for _, g := range Grants() {
		if i := slices.IndexFunc(g.Inputs, func(in Input) bool { return in.Name == name }); i >= 0 {
			return g.Inputs[i], true
		}
	}
	for _, in := range AuthInputs() {
		if in.Name == name {
			return in, true
		}
	}
	return Input{}, false
}
