package flows

import (
	"encoding/json"
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// checkKeyAlg fails the signature check when the JWKS fetched in exs
// declares, for the token's kid, another algorithm than the token's header
// uses: a key is for the one algorithm its "alg" names (RFC 7517 §4.4), and
// a verifier that ignores that can be led to the wrong check. go-oidc's key
// set verifies with the key whatever its alg, so the rule is enforced here.
func checkKeyAlg(v *inspect.Verification, t *inspect.Token, exs []Exchange) {
	if t == nil || t.Kid == "" {
		return
	}
	for i := len(exs) - 1; i >= 0; i-- {
		resp := exs[i].Response
		if resp == nil {
			continue
		}
		var set struct {
			Keys []struct {
				Kid string `json:"kid"`
				Alg string `json:"alg"`
			} `json:"keys"`
		}
		if json.Unmarshal(resp.Body, &set) != nil || set.Keys == nil {
			continue
		}
		for _, k := range set.Keys {
			if k.Kid != t.Kid || k.Alg == "" || k.Alg == t.Alg {
				continue
			}
			for j := range v.Checks {
				if v.Checks[j].Name == "signature" {
					v.Checks[j].Status = inspect.StatusFail
					v.Checks[j].Detail = fmt.Sprintf("The JWKS declares key %q for %s, but the token says %s: a key must only be used with its own algorithm (RFC 7517 §4.4, RFC 8725 §3.1).", k.Kid, k.Alg, t.Alg)
				}
			}
			v.Valid = false
			return
		}
		return
	}
}
