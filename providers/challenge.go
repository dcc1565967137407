package providers

import (
	"errors"
	"fmt"
	"strings"
)

// Limits on a WWW-Authenticate value read, against a hostile server.
const (
	maxChallengeText   = 16 << 10
	maxChallenges      = 16
	maxChallengeParams = 32
)

// Challenge is one challenge of a WWW-Authenticate header (RFC 9110
// §11.6.1): an auth scheme with either a token68 or auth-params.
type Challenge struct {
	// Scheme is the auth scheme as sent ("Bearer", "DPoP"); compare it
	// case-insensitively.
	Scheme string
	// Token68 is the challenge's token68 form, empty when it has params.
	Token68 string
	// Params are the auth-params in order, names in lower case (they are
	// case-insensitive), quoted-string values unescaped.
	Params []ChallengeParam
}

// ChallengeParam is one auth-param of a challenge.
type ChallengeParam struct {
	Name, Value string
}

// Param returns the value of the parameter name (case-insensitive) and
// whether it was there.
func (c Challenge) Param(name string) (string, bool) {
	name = strings.ToLower(name)
	for _, p := range c.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// Bearer returns the first challenge whose scheme is Bearer (RFC 6750 §3),
// or else the first DPoP one (RFC 9449 §7.1), which carries the same
// parameters.
func Bearer(cs []Challenge) (Challenge, bool) {
	for _, scheme := range []string{"Bearer", "DPoP"} {
		for _, c := range cs {
			if strings.EqualFold(c.Scheme, scheme) {
				return c, true
			}
		}
	}
	return Challenge{}, false
}

// ErrChallengeSyntax marks a WWW-Authenticate value that does not follow
// RFC 9110 §11.6.1; ParseChallenges returns what it read before it.
var ErrChallengeSyntax = errors.New("WWW-Authenticate syntax")

// ParseChallenges reads the challenges of the WWW-Authenticate header
// values (RFC 9110 §11.6.1; RFC 6750 §3 for Bearer, whose parameters
// include RFC 9728 §5.1's resource_metadata). Several challenges may share
// one value, separated by commas, and a value may be split over several
// header lines. Quoted strings are unescaped (RFC 9110 §5.6.4). On a
// syntax error it returns the challenges read before it and an error
// wrapping ErrChallengeSyntax that says where; a repeated parameter is an
// error too (RFC 9110 §11.2: each name once), which keeps a spoofed second
// resource_metadata from winning.
func ParseChallenges(values ...string) ([]Challenge, error) {
	var out []Challenge
	for _, v := range values {
		if len(v) > maxChallengeText {
			return out, fmt.Errorf("%w: the header is %d bytes long, more than the %d read", ErrChallengeSyntax, len(v), maxChallengeText)
		}
		p := challengeParser{s: v}
		cs, err := p.all()
		out = append(out, cs...)
		if err != nil {
			return out, err
		}
		if len(out) > maxChallenges {
			return out[:maxChallenges], fmt.Errorf("%w: more than %d challenges", ErrChallengeSyntax, maxChallenges)
		}
	}
	return out, nil
}

type challengeParser struct {
	s string
	i int
}

func (p *challengeParser) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", ErrChallengeSyntax, what, p.i)
}

func (p *challengeParser) ows() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// commas skips a list's separators: empty elements are allowed (RFC 9110
// §5.6.1).
func (p *challengeParser) commas() bool {
	seen := false
	for {
		p.ows()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			seen = true
			continue
		}
		return seen
	}
}

func (p *challengeParser) token() string {
	start := p.i
	for p.i < len(p.s) && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *challengeParser) all() ([]Challenge, error) {
	var out []Challenge
	for {
		p.commas()
		if p.i >= len(p.s) {
			return out, nil
		}
		scheme := p.token()
		if scheme == "" {
			return out, p.fail(fmt.Sprintf("expected an auth scheme, found %q", p.s[p.i]))
		}
		c := Challenge{Scheme: scheme}
		if p.i < len(p.s) && p.s[p.i] != ' ' && p.s[p.i] != '\t' && p.s[p.i] != ',' {
			return out, p.fail(fmt.Sprintf("unexpected %q after the scheme", p.s[p.i]))
		}
		p.ows()
		if err := p.body(&c); err != nil {
			return append(out, c), err
		}
		out = append(out, c)
		if len(out) > maxChallenges {
			return out, nil
		}
	}
}

// body reads what follows a scheme: a token68 or auth-params, up to the
// next challenge's scheme or the end.
func (p *challengeParser) body(c *Challenge) error {
	if t, ok := p.token68(); ok {
		c.Token68 = t
		return nil
	}
	for first := true; ; first = false {
		if !first {
			save := p.i
			if !p.commas() {
				if p.i >= len(p.s) {
					return nil
				}
				return p.fail(fmt.Sprintf("expected a comma between parameters, found %q", p.s[p.i]))
			}
			if p.i >= len(p.s) {
				return nil
			}
			// A token not followed by '=' is the next challenge's scheme.
			at := p.i
			name := p.token()
			p.ows()
			if name != "" && (p.i >= len(p.s) || p.s[p.i] != '=') {
				p.i = save
				return nil
			}
			p.i = at
		}
		name := p.token()
		if name == "" {
			if first {
				return nil
			}
			return p.fail(fmt.Sprintf("expected a parameter name, found %q", p.s[p.i]))
		}
		p.ows()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			return p.fail("expected '=' after parameter " + name)
		}
		p.i++
		p.ows()
		value, err := p.value()
		if err != nil {
			return err
		}
		name = strings.ToLower(name)
		if _, dup := c.Param(name); dup {
			return p.fail("parameter " + name + " given twice")
		}
		if len(c.Params) >= maxChallengeParams {
			return p.fail(fmt.Sprintf("more than %d parameters", maxChallengeParams))
		}
		c.Params = append(c.Params, ChallengeParam{Name: name, Value: value})
	}
}

// token68 reads a token68 (RFC 9110 §11.2) when that is what follows: its
// characters, then '='s, then the end or a comma.
func (p *challengeParser) token68() (string, bool) {
	j := p.i
	for j < len(p.s) && (isAlnum(p.s[j]) || strings.IndexByte("-._~+/", p.s[j]) >= 0) {
		j++
	}
	if j == p.i {
		return "", false
	}
	k := j
	for k < len(p.s) && p.s[k] == '=' {
		k++
	}
	e := k
	for e < len(p.s) && (p.s[e] == ' ' || p.s[e] == '\t') {
		e++
	}
	if e < len(p.s) && p.s[e] != ',' {
		return "", false
	}
	if k == j {
		// A bare token: the next challenge's scheme, or nothing.
		return "", false
	}
	t := p.s[p.i:k]
	p.i = e
	return t, true
}

// value reads a token or a quoted-string (RFC 9110 §5.6.4), unescaping
// quoted-pairs.
func (p *challengeParser) value() (string, error) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			ch := p.s[p.i]
			switch {
			case ch == '"':
				p.i++
				return b.String(), nil
			case ch == '\\':
				if p.i+1 >= len(p.s) {
					return "", p.fail("a backslash ends the header inside a quoted string")
				}
				if c := p.s[p.i+1]; c < 0x20 && c != '\t' || c == 0x7f {
					return "", p.fail(fmt.Sprintf("control character %#x escaped inside a quoted string", c))
				}
				b.WriteByte(p.s[p.i+1])
				p.i += 2
			case ch < 0x20 && ch != '\t' || ch == 0x7f:
				return "", p.fail(fmt.Sprintf("control character %#x inside a quoted string", ch))
			default:
				b.WriteByte(ch)
				p.i++
			}
		}
		return "", p.fail("unterminated quoted string")
	}
	v := p.token()
	if v == "" {
		if p.i < len(p.s) {
			return "", p.fail(fmt.Sprintf("expected a token or a quoted string, found %q", p.s[p.i]))
		}
		return "", p.fail("a parameter without a value")
	}
	return v, nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isTchar reports a token character (RFC 9110 §5.6.2).
func isTchar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
