package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// The inputs a grant declares beyond the provider (flows.Input), read by
// the token command from the declarations alone: a secret from its
// environment variable or stdin, never from an argument, which ps shows;
// any other from its flag.

// maxInput caps an input read from stdin; a token is a few KiB.
const maxInput = 1 << 20

// inputFlags holds the values of the flags of the inputs that are not
// secret, by input name.
type inputFlags map[string]*string

// registerInputs adds a flag for every input of every grant that is not
// secret and names one.
func registerInputs(cmd *cobra.Command) inputFlags {
	flags := inputFlags{}
	for _, g := range flows.Grants() {
		for _, in := range g.Inputs {
			if in.Secret || in.Flag == "" || cmd.Flags().Lookup(in.Flag) != nil {
				continue
			}
			usage := g.ID + ": " + in.Help
			if requestOption(in) {
				// A request option is every grant's: no grant names it.
				usage = in.Help
			}
			if len(in.Choices) > 0 {
				usage += " One of: " + strings.Join(in.Choices, ", ") + "."
			}
			flags[in.Name] = cmd.Flags().String(in.Flag, in.Default, usage)
		}
	}
	return flags
}

// readInputs reads the values of g's inputs. A secret comes from its
// environment variable or, when that is unset, from stdin when stdin is
// not a terminal; at most one input reads stdin. A required input given
// nowhere is refused with a sentence that says where to give it.
func readInputs(g flows.Grant, flags inputFlags, st Streams) (flows.Inputs, error) {
	vals := flows.Inputs{}
	stdinUsed := false
	for _, in := range g.Inputs {
		if in.Under != "" && off(g, in.Under, vals[in.Under]) {
			continue
		}
		var v string
		switch {
		case !in.Secret:
			if p := flags[in.Name]; p != nil {
				v = *p
			}
			if v == "" && in.Env != "" {
				v = os.Getenv(in.Env)
			}
		case in.Env != "" && os.Getenv(in.Env) != "":
			v = os.Getenv(in.Env)
		case !stdinUsed && readableStdin(st.In):
			stdinUsed = true
			s, err := readInputStdin(st.In, in)
			if err != nil {
				return nil, err
			}
			v = s
		}
		v = strings.TrimSpace(v)
		if in.File && strings.HasPrefix(v, "@") {
			s, err := readInputFile(in, v[1:])
			if err != nil {
				return nil, err
			}
			v = strings.TrimSpace(s)
		}
		if v == "" && in.Required && in.Default == "" {
			return nil, fmt.Errorf("the %s flow needs %s: give it with %s", g.ID, strings.ToLower(in.Label), inputWhere(in))
		}
		// Refused here, before the flow sends anything.
		if err := in.Validate(v); err != nil {
			return nil, fmt.Errorf("%s: %w", inputWhere(in), err)
		}
		if v != "" {
			vals[in.Name] = v
		}
	}
	return vals, nil
}

// off tells whether v, the value given for g's input called name, leaves
// it at its first choice (off).
func off(g flows.Grant, name, v string) bool {
	for _, in := range g.Inputs {
		if in.Name == name && len(in.Choices) > 0 {
			return v == "" || v == in.Choices[0]
		}
	}
	return false
}

// readableStdin tells whether r is stdin piped or redirected: a terminal
// would echo a secret typed into it.
func readableStdin(r io.Reader) bool {
	if r == nil {
		return false
	}
	if f, ok := r.(*os.File); ok {
		return !isCharDevice(f)
	}
	return true
}

func readInputStdin(r io.Reader, in flows.Input) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return "", fmt.Errorf("reading the %s from stdin: %w", strings.ToLower(in.Label), err)
	}
	if len(b) > maxInput {
		return "", errors.New("stdin holds over 1 MiB: not a " + strings.ToLower(in.Label))
	}
	return string(b), nil
}

// readInputFile reads the value of in from the file path ("@path" on the
// command line), up to maxInput bytes.
func readInputFile(in flows.Input, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("--%s @%s: %w", in.Flag, path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxInput+1))
	if err != nil {
		return "", fmt.Errorf("--%s @%s: %w", in.Flag, path, err)
	}
	if len(b) > maxInput {
		return "", fmt.Errorf("--%s @%s: the file holds over 1 MiB", in.Flag, path)
	}
	return string(b), nil
}

// inputWhere says where the command line takes in: "stdin (piped) or
// $OAUTH_EXPLORER_REFRESH_TOKEN" for a secret, its flag otherwise.
func inputWhere(in flows.Input) string {
	switch {
	case in.Secret:
		return "stdin (piped, e.g. < file) or $" + in.Env + ", never as an argument (ps shows arguments)"
	case in.Flag != "" && in.Env != "":
		return "--" + in.Flag + " or $" + in.Env
	case in.Flag != "":
		return "--" + in.Flag
	}
	return "$" + in.Env
}

// inputSetting names where the input called name is given, for cliWords;
// false for a name that is no grant's input.
func inputSetting(name string) (string, bool) {
	in, ok := flows.InputByName(name)
	if !ok {
		return "", false
	}
	return inputWhere(in), true
}

// requestOption tells whether in is one of the request options every
// grant with a token request takes (flows.RequestOptions).
func requestOption(in flows.Input) bool {
	return slices.ContainsFunc(flows.RequestOptions(), func(o flows.Input) bool { return o.Name == in.Name })
}

// inputsHelp lists inputs for --help, wrapped to 78 columns: what each is
// (needed when required, taken otherwise), where it is given, and its
// help line. The request options are listed once, after the flows.
func inputsHelp(inputs []flows.Input) string {
	var b strings.Builder
	for _, in := range inputs {
		verb := "Needs "
		if !in.Required {
			verb = "Takes "
		}
		text := verb + strings.ToLower(in.Label) + ", from " + inputWhere(in) + ". " + in.Help
		line := "     "
		for _, w := range strings.Fields(text) {
			if len(line)+1+len(w) > 78 {
				b.WriteString(line + "\n")
				line = "     "
			}
			line += " " + w
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
