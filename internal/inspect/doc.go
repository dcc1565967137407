// Package inspect decodes and verifies JSON Web Tokens for display.
//
// [Decode] splits a token into its JOSE header and claims without
// verifying anything: a JWS (RFC 7515) has three base64url parts and its
// claims (RFC 7519) are shown in their original order with their raw JSON;
// a JWE (RFC 7516) has five parts, of which only the protected header can be
// read without the recipient's key. Decode accepts any "alg", including
// "none", and records such hazards as warnings rather than refusing the
// token, because showing a suspicious token is the point of an explorer.
//
// [Verify] then runs the checks a relying party performs on an ID token
// (OpenID Connect Core 1.0 §3.1.3.7, with at_hash from §3.1.3.6) or a
// resource server performs on a JWT access token (RFC 9068 §4): signature
// with a key from a [KeySource] (chosen by kid, and refused when its "alg"
// or "use" forbids it, RFC 7517 §4.2 and §4.4; go-jose does the
// cryptography), alg, iss, aud, azp, exp, nbf, iat, nonce and at_hash.
// Each check reports pass, fail, warn or skip with a plain-language
// sentence. Every caller (a flow's verification step, the decode command,
// the TUI's decoder) goes through Verify, so a token gets the same answer
// everywhere.
//
// [Relative] and [FormatTime] render NumericDate claims for people.
//
// The package returns plain data and errors; it imports no UI library and
// keeps no global mutable state (the clock is injected through
// [VerifyOptions.Now] and the now arguments).
package inspect
