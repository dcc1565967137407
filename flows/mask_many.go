package flows

import (
	"net/url"
	"sort"
	"strings"
)

// NewMaskerForMany returns a Masker for secrets, which may be thousands (a
// capture's codes and tokens): Text replaces them all in one pass over the
// text, where the plain Masker takes one pass per secret and form. A
// secret that holds another is replaced whole (the longer ones are tried
// first).
func NewMaskerForMany(reveal bool, secrets []string) Masker {
	m := Masker{Reveal: reveal, Secrets: secrets}
	if reveal || len(secrets) == 0 {
		return m
	}
	type pair struct{ old, new string }
	var pairs []pair
	seen := map[string]bool{}
	for _, sec := range secrets {
		if len(sec) < 8 {
			continue // as Text: too short to replace without mangling text
		}
		for _, form := range []string{sec, url.QueryEscape(sec), url.PathEscape(sec), jsonInner(sec)} {
			if !seen[form] {
				seen[form] = true
				pairs = append(pairs, pair{form, HideAll(sec)})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].old) > len(pairs[j].old) })
	args := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p.old, p.new)
	}
	m.many = strings.NewReplacer(args...)
	return m
}
