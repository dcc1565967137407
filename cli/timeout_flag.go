package cli

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"
)

// timeoutFlag is a --timeout that must be positive, checked as it is
// parsed: a time limit of 0 or less would be read as "no limit" (net/http's
// Client.Timeout) or silently replaced by the default, and a run against a
// server that never answers would then hang or surprise.
type timeoutFlag struct{ v *time.Duration }

// timeoutVar defines a positive duration flag.
func timeoutVar(fl *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	fl.Var(timeoutFlag{p}, name, usage)
}

func (f timeoutFlag) String() string {
	if f.v == nil {
		return ""
	}
	return f.v.String()
}

// Set parses a Go duration ("30s", "1m30s") and refuses one that is not
// positive; pflag names the flag and quotes the value.
func (f timeoutFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("not a duration: write it with a unit, e.g. 30s or 2m")
	}
	if d <= 0 {
		return fmt.Errorf("a time limit must be more than 0, e.g. 30s: without one, a server or a browser that never answers would keep the run waiting forever")
	}
	*f.v = d
	return nil
}

// Type is what the help shows after the flag's name.
func (f timeoutFlag) Type() string { return "duration" }
