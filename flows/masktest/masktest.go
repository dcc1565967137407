// Package masktest finds secrets shown in clear, for the secrets audits of
// every package that renders what a flow did (flows, the commands, the
// TUI). It looks for fragments, not whole values: a masking that keeps
// part of a secret, or a secret cut at a line break, is a leak too.
package masktest

import (
	"fmt"
	"slices"
)

// Secret is a value that must not be shown, and how many of its first
// characters the masking may show (flows.Hide keeps a short prefix of
// tokens so that a learner can tell them apart; client secrets, verifiers
// and passwords show none).
type Secret struct {
	Value   string
	Visible int
	// What names it in failure messages, e.g. "client secret".
	What string
}

// Token is a token, a code or a cookie: flows.Hide shows its first six
// characters when it has 24 or more.
func Token(what, v string) Secret {
	if len(v) >= 24 {
		return Secret{Value: v, Visible: 6, What: what}
	}
	return Secret{Value: v, What: what}
}

// Opaque is a secret of which nothing may be shown: a client secret, a
// PKCE verifier, a password, URL userinfo.
func Opaque(what, v string) Secret { return Secret{Value: v, What: what} }

// minFragment is the shortest fragment looked for: shorter runs of
// characters occur in ordinary text by chance.
const minFragment = 6

// MinLen is the length under which a value is not audited: too short for
// its fragments to tell it from ordinary text.
const MinLen = 8

// Leaks returns one line per secret that shown holds a fragment of: any
// run of more characters than its visible prefix (and at least six),
// anywhere in the value.
func Leaks(shown string, secrets []Secret) []string {
	// fragment -> index of the secret, per fragment length
	byLen := map[int]map[string]int{}
	for i, s := range secrets {
		if len(s.Value) < MinLen {
			continue
		}
		n := max(s.Visible+1, minFragment)
		if byLen[n] == nil {
			byLen[n] = map[string]int{}
		}
		for j := 0; j+n <= len(s.Value); j++ {
			byLen[n][s.Value[j:j+n]] = i
		}
	}
	found := map[int]string{}
	for n, frags := range byLen {
		for j := 0; j+n <= len(shown); j++ {
			if i, ok := frags[shown[j:j+n]]; ok {
				if _, seen := found[i]; !seen {
					found[i] = fmt.Sprintf("%s (%d chars, %d may show) shows %q in %q", secrets[i].What,
						len(secrets[i].Value), secrets[i].Visible, shown[j:j+n], context(shown, j, n))
				}
			}
		}
	}
	var out []string
	for _, l := range found {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

func context(s string, at, n int) string {
	from, to := max(0, at-30), min(len(s), at+n+30)
	return s[from:to]
}
