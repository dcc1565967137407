package cli

import (
	"errors"
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// redirectURIFlag is --redirect-uri, checked as it is parsed
// (flows.CheckRedirectURI): a malformed URI, port 0 or plain http to a
// host that is not loopback is refused, naming the flag, before anything
// is started or sent.
type redirectURIFlag struct{ v *string }

func (f redirectURIFlag) String() string {
	if f.v == nil {
		return ""
	}
	return *f.v
}

func (f redirectURIFlag) Set(s string) error {
	if err := flows.CheckRedirectURI(s); err != nil {
		// pflag names the flag and quotes the value; the problem and
		// its reference are what is left to say.
		var re *flows.RedirectURIError
		if errors.As(err, &re) {
			return fmt.Errorf("%s (%s)", re.Problem, re.Ref)
		}
		return err
	}
	*f.v = s
	return nil
}

// Type is what the help shows after the flag's name.
func (f redirectURIFlag) Type() string { return "string" }
