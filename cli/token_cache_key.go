package cli

import (
	"errors"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/tokencache"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// errCacheDemo refuses --cache on the embedded demo provider.
var errCacheDemo = errors.New("--cache: the embedded demo provider is started afresh for each run, on a new port with a new signing key, so its tokens die with the run: start one with 'oauth-explorer demo-server' and give its --issuer")

// cacheKey is the cache key of the request the flags describe, and the
// provider's issuer, built without discovery, secret command or network:
// the issuer (or the token URL), client, grant, scopes, audience,
// resource, and hashed with them the extra token and authorization
// parameters and the grant's inputs (a refresh token brought to --flow
// refresh among them).
func cacheKey(cmd *cobra.Command, pf *providerFlags, flowID string, inputs flows.Inputs) (tokencache.Key, string, error) {
	p, err := cacheProvider(cmd, pf)
	if err != nil {
		return tokencache.Key{}, "", err
	}
	k := tokencache.Key{Provider: p.Issuer, ClientID: p.ClientID, Grant: flowID,
		Scopes: p.Scopes, Audience: p.Audience, Resource: p.Resource}
	if p.Issuer == "" {
		k.Provider = p.TokenURL
	} else {
		k.TokenURL = p.TokenURL
	}
	if k.Provider == "" {
		return k, "", errors.New("--cache: no issuer and no token URL to key the cache on")
	}
	for name, vs := range p.TokenParams {
		for _, v := range vs {
			k.Extra = append(k.Extra, "param:"+name+"="+v)
		}
	}
	for name, vs := range p.AuthParams {
		for _, v := range vs {
			k.Extra = append(k.Extra, "auth-param:"+name+"="+v)
		}
	}
	for name, v := range inputs {
		if v != "" {
			k.Extra = append(k.Extra, "input:"+name+"="+v)
		}
	}
	sort.Strings(k.Extra)
	return k, p.Issuer, nil
}

// cacheProvider is the provider the flags name, as resolveProvider
// builds it but without starting the demo, fetching the secret or
// discovering endpoints: enough to key the cache.
func cacheProvider(cmd *cobra.Command, pf *providerFlags) (providers.Provider, error) {
	custom, ok, err := pf.custom(cmd)
	if err != nil || ok {
		if ok && pf.provider != "" && pf.provider != "custom" {
			return custom, fmt.Errorf("--provider %s and --issuer both given: use one", pf.provider)
		}
		return custom, err
	}
	if pf.provider == "" || pf.provider == "demo" {
		return custom, errCacheDemo
	}
	file, err := loadProvidersFile(pf.config)
	if err != nil {
		return custom, err
	}
	p, err := providers.Lookup(pf.provider, file, pf.presets.fields(cmd))
	if err != nil {
		return p, err
	}
	if cmd.Flags().Changed("client-id") {
		p.ClientID = pf.clientID
	}
	return p, pf.overlay(cmd, &p)
}
