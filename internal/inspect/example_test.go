package inspect_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

func ExampleDecode() {
	const token = "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." +
		"eyJzdWIiOiJhbGljZSIsImlzcyI6Imh0dHBzOi8vaXNzdWVyLmV4YW1wbGUiLCJleHAiOjE3OTU3NDU2MDIsImF1ZCI6WyJhcGkiLCJ3ZWIiXX0."
	now := time.Date(2026, 11, 27, 1, 14, 10, 0, time.UTC)

	tok, err := inspect.Decode(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Kind, tok.Alg, tok.Typ)
	for _, c := range tok.Claims {
		fmt.Printf("%s: %s\n", c.Name, c.Describe(now))
	}
	for _, w := range tok.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// JWS none JWT
	// sub: alice
	// iss: https://issuer.example
	// exp: 2026-11-27 02:13:22 UTC (in 59m 12s)
	// aud: api, web
	// warning: alg "none": the token is not signed; never accept it
}

func ExampleDecode_opaque() {
	tok, err := inspect.Decode("2YotnFZFEjr1zCsicMWpAA")
	if errors.Is(err, inspect.ErrOpaque) {
		fmt.Println(tok.Kind)
	}
	// Output:
	// opaque
}

func ExampleVerify() {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}}, nil)
	if err != nil {
		panic(err)
	}
	jws, err := signer.Sign([]byte(`{"iss":"https://issuer.example","aud":"web-app","exp":1795745602,"iat":1795741990}`))
	if err != nil {
		panic(err)
	}
	raw, err := jws.CompactSerialize()
	if err != nil {
		panic(err)
	}

	tok, err := inspect.Decode(raw)
	if err != nil {
		panic(err)
	}
	v := inspect.Verify(context.Background(), tok, inspect.VerifyOptions{
		Keys:     &inspect.StaticKeys{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"}}},
		Issuer:   "https://issuer.example",
		Audience: []string{"web-app"},
		Now:      func() time.Time { return time.Date(2026, 11, 27, 1, 14, 10, 0, time.UTC) },
	})
	for _, c := range v.Checks {
		fmt.Printf("%-9s %s\n", c.Name, c.Status)
	}
	fmt.Println("valid:", v.Valid)
	// Output:
	// signature pass
	// alg       skip
	// iss       pass
	// aud       pass
	// azp       skip
	// exp       pass
	// nbf       skip
	// iat       pass
	// nonce     skip
	// at_hash   skip
	// valid: true
}
