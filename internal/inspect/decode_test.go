package inspect

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

func TestDecode(t *testing.T) {
	rsaKey := newRSAKey(t)
	ecKey := newECKey(t)

	const orderedPayload = `{"sub":"alice","iss":"https://issuer.example","aud":["api","web"],"exp":1795745602,"amr":["pwd"],"azp":"web"}`
	rs256 := sign(t, jose.RS256, rsaKey, "k1", orderedPayload)
	es256 := sign(t, jose.ES256, ecKey, "ec-1", `{"iss":"https://issuer.example","sub":"bob"}`)
	jwe := encrypt(t, &rsaKey.PublicKey, rs256)
	parts := strings.Split(rs256, ".")
	jweParts := strings.Split(jwe, ".")

	// corrupt puts a character outside the base64url alphabet into part i.
	corrupt := func(ps []string, i int) string {
		cp := slices.Clone(ps)
		cp[i] = cp[i][:2] + "*" + cp[i][2:]
		return strings.Join(cp, ".")
	}
	offsetOf := func(tok string) int { return strings.IndexByte(tok, '*') }

	tests := []struct {
		name        string
		token       string
		wantErr     error  // sentinel the error must match; nil means success
		wantErrText string // substring of the error message
		wantPart    string // DecodeError.Part
		wantOffset  int    // DecodeError.Offset when > 0
		wantKind    Kind
		wantAlg     string
		wantKid     string
		wantHeader  []string // header names in order
		wantClaims  []string // claim names in order
		wantWarn    string   // substring of some warning; "" means no warnings
	}{
		{
			name:       "RS256 keeps claim order",
			token:      rs256,
			wantKind:   KindJWS,
			wantAlg:    "RS256",
			wantKid:    "k1",
			wantClaims: []string{"sub", "iss", "aud", "exp", "amr", "azp"},
		},
		{
			name:       "ES256",
			token:      es256,
			wantKind:   KindJWS,
			wantAlg:    "ES256",
			wantKid:    "ec-1",
			wantClaims: []string{"iss", "sub"},
		},
		{
			name:       "header keeps original order",
			token:      signRawHeader(t, rsaKey, `{"typ":"at+jwt","kid":"k1","alg":"RS256"}`, `{"z":1,"a":2,"m":3}`),
			wantKind:   KindJWS,
			wantAlg:    "RS256",
			wantKid:    "k1",
			wantHeader: []string{"typ", "kid", "alg"},
			wantClaims: []string{"z", "a", "m"},
		},
		{
			name:     "alg none",
			token:    unsigned(`{"alg":"none"}`, `{"sub":"mallory"}`),
			wantKind: KindJWS,
			wantAlg:  "none",
			wantWarn: `alg "none": the token is not signed; never accept it`,
		},
		{
			name:     "alg NoNe in odd case",
			token:    unsigned(`{"alg":"NoNe"}`, `{"sub":"mallory"}`),
			wantKind: KindJWS,
			wantWarn: `alg "NoNe": the token is not signed`,
		},
		{
			name:     "missing alg",
			token:    unsigned(`{"typ":"JWT"}`, `{}`),
			wantKind: KindJWS,
			wantWarn: `no "alg" parameter`,
		},
		{
			name:       "JWE decodes only the protected header",
			token:      jwe,
			wantKind:   KindJWE,
			wantAlg:    "RSA-OAEP-256",
			wantKid:    "enc-1",
			wantWarn:   "encrypted (JWE): payload cannot be read without the recipient's key",
			wantClaims: nil,
		},
		{
			name:     "Bearer prefix",
			token:    "  Bearer " + rs256 + "\n",
			wantKind: KindJWS,
			wantAlg:  "RS256",
		},
		{
			name:     "lower-case bearer with a tab",
			token:    "bearer\t" + rs256,
			wantKind: KindJWS,
			wantAlg:  "RS256",
		},
		{
			name:     "padding tolerated",
			token:    padded(t, `{"alg":"RS256" }`) + "." + padded(t, `{"sub":"a"}`) + "." + parts[2],
			wantKind: KindJWS,
			wantWarn: "base64 padding",
		},
		{
			name:     "line breaks from copying",
			token:    parts[0] + ".\n" + parts[1][:10] + "\r\n" + parts[1][10:] + "." + parts[2],
			wantKind: KindJWS,
			wantWarn: "whitespace inside the token",
		},
		{
			name:       "duplicate claim",
			token:      unsigned(`{"alg":"RS256"}`, `{"sub":"alice","sub":"bob"}`),
			wantKind:   KindJWS,
			wantClaims: []string{"sub", "sub"},
			wantWarn:   `claim "sub" appears more than once`,
		},
		{
			name:     "duplicate header parameter",
			token:    unsigned(`{"alg":"RS256","alg":"none"}`, `{}`),
			wantKind: KindJWS,
			wantAlg:  "none",
			wantWarn: `header parameter "alg" appears more than once`,
		},
		{
			name:     "exp as a string",
			token:    unsigned(`{"alg":"RS256"}`, `{"exp":"1795745602"}`),
			wantKind: KindJWS,
			wantWarn: `claim "exp" is a string, but it must be a NumericDate`,
		},
		{
			name:     "exp out of range",
			token:    unsigned(`{"alg":"RS256"}`, `{"exp":1e300}`),
			wantKind: KindJWS,
			wantWarn: `claim "exp" is 1e300, which is not a usable date`,
		},
		{
			name:     "crit header",
			token:    unsigned(`{"alg":"RS256","crit":["exp"]}`, `{}`),
			wantKind: KindJWS,
			wantWarn: "critical",
		},
		{
			name:        "bad base64 in header",
			token:       corrupt(parts, 0),
			wantErr:     ErrMalformed,
			wantErrText: "the header (part 1 of 3) is not valid base64url: character '*' at position 2",
			wantPart:    "header",
			wantOffset:  offsetOf(corrupt(parts, 0)),
		},
		{
			name:        "bad base64 in payload",
			token:       corrupt(parts, 1),
			wantErr:     ErrMalformed,
			wantErrText: "the payload (part 2 of 3) is not valid base64url",
			wantPart:    "payload",
			wantOffset:  offsetOf(corrupt(parts, 1)),
		},
		{
			name:        "bad base64 in signature",
			token:       corrupt(parts, 2),
			wantErr:     ErrMalformed,
			wantErrText: "the signature (part 3 of 3) is not valid base64url",
			wantPart:    "signature",
			wantOffset:  offsetOf(corrupt(parts, 2)),
		},
		{
			name:        "truncated payload",
			token:       parts[0] + "." + parts[1][:5] + "." + parts[2],
			wantErr:     ErrMalformed,
			wantErrText: "looks truncated",
			wantPart:    "payload",
		},
		{
			name:        "bad base64 in JWE encrypted key",
			token:       corrupt(jweParts, 1),
			wantErr:     ErrMalformed,
			wantErrText: "the encrypted key (part 2 of 5)",
			wantPart:    "encrypted key",
		},
		{
			name:     "bad base64 in JWE IV",
			token:    corrupt(jweParts, 2),
			wantErr:  ErrMalformed,
			wantPart: "initialization vector",
		},
		{
			name:     "bad base64 in JWE ciphertext",
			token:    corrupt(jweParts, 3),
			wantErr:  ErrMalformed,
			wantPart: "ciphertext",
		},
		{
			name:     "bad base64 in JWE tag",
			token:    corrupt(jweParts, 4),
			wantErr:  ErrMalformed,
			wantPart: "authentication tag",
		},
		{
			name:        "payload not JSON",
			token:       b64(`{"alg":"RS256"}`) + "." + b64("hello, world") + ".c2ln",
			wantErr:     ErrMalformed,
			wantErrText: "the payload (part 2 of 3) is not JSON",
			wantPart:    "payload",
		},
		{
			name:        "payload is a JSON array",
			token:       unsigned(`{"alg":"RS256"}`, `["a"]`),
			wantErr:     ErrMalformed,
			wantErrText: "is JSON an array, but a JWT payload must be a JSON object",
		},
		{
			name:        "payload with data after the object",
			token:       unsigned(`{"alg":"RS256"}`, `{"a":1} {"b":2}`),
			wantErr:     ErrMalformed,
			wantErrText: "data after its JSON object",
		},
		{
			name:        "payload cut inside the object",
			token:       unsigned(`{"alg":"RS256"}`, `{"a":1,`),
			wantErr:     ErrMalformed,
			wantErrText: "not valid JSON",
		},
		{
			name:        "header a JSON string",
			token:       unsigned(`"RS256"`, `{}`),
			wantErr:     ErrMalformed,
			wantErrText: "the header (part 1 of 3) is JSON a string",
			wantPart:    "header",
		},
		{
			name:        "empty payload",
			token:       b64(`{"alg":"none"}`) + "..",
			wantErr:     ErrMalformed,
			wantErrText: "the payload (part 2 of 3) is empty",
		},
		{
			name:        "two parts",
			token:       parts[0] + "." + parts[1],
			wantErr:     ErrMalformed,
			wantErrText: "a JWT has 3 parts (JWS) or 5 (JWE), separated by dots; this has 2",
		},
		{
			name:        "four parts",
			token:       rs256 + ".x",
			wantErr:     ErrMalformed,
			wantErrText: "this has 4",
		},
		{
			name:        "empty string",
			token:       "",
			wantErr:     ErrEmpty,
			wantErrText: "empty",
		},
		{
			name:    "only Bearer and spaces",
			token:   "   Bearer    ",
			wantErr: ErrEmpty,
		},
		{
			name:        "2 MiB",
			token:       strings.Repeat("a", 2<<20),
			wantErr:     ErrTooLarge,
			wantErrText: "token is 2.0 MiB; refusing to decode more than 1 MiB",
		},
		{
			name:        "one byte over 1 MiB",
			token:       strings.Repeat("a", 1<<20+1),
			wantErr:     ErrTooLarge,
			wantErrText: "token is 1048577 bytes; refusing",
		},
		{
			name:        "non-ASCII character in payload",
			token:       parts[0] + ".abécd." + parts[2],
			wantErr:     ErrMalformed,
			wantErrText: "character 'é' at position 2",
			wantPart:    "payload",
			wantOffset:  len(parts[0]) + 3,
		},
		{
			name:        "opaque",
			token:       "Bearer 2YotnFZFEjr1zCsicMWpAA",
			wantErr:     ErrOpaque,
			wantErrText: "looks like an opaque token",
			wantKind:    KindOpaque,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Decode(tc.token)
			if tc.wantErr != nil {
				checkDecodeError(t, tok, err, tc.wantErr, tc.wantErrText, tc.wantPart, tc.wantOffset)
				if tc.wantKind != 0 && (tok == nil || tok.Kind != tc.wantKind) {
					t.Errorf("token = %+v, want kind %v", tok, tc.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if tok.Kind != tc.wantKind {
				t.Errorf("Kind = %v, want %v", tok.Kind, tc.wantKind)
			}
			if tc.wantAlg != "" && tok.Alg != tc.wantAlg {
				t.Errorf("Alg = %q, want %q", tok.Alg, tc.wantAlg)
			}
			if tc.wantKid != "" && tok.Kid != tc.wantKid {
				t.Errorf("Kid = %q, want %q", tok.Kid, tc.wantKid)
			}
			if tc.wantHeader != nil {
				if got := names(tok.Header); !slices.Equal(got, tc.wantHeader) {
					t.Errorf("header names = %q, want %q", got, tc.wantHeader)
				}
			}
			if tc.wantClaims != nil || tok.Kind == KindJWE {
				if got := names(tok.Claims); !slices.Equal(got, tc.wantClaims) {
					t.Errorf("claim names = %q, want %q", got, tc.wantClaims)
				}
			}
			if tc.wantWarn == "" {
				if len(tok.Warnings) > 0 {
					t.Errorf("unexpected warnings: %q", tok.Warnings)
				}
			} else if !slices.ContainsFunc(tok.Warnings, func(w string) bool { return strings.Contains(w, tc.wantWarn) }) {
				t.Errorf("warnings %q do not mention %q", tok.Warnings, tc.wantWarn)
			}
			for _, c := range slices.Concat(tok.Header, tok.Claims) {
				if !strings.Contains(string(tok.HeaderJSON)+string(tok.ClaimsJSON), string(c.Raw)) {
					t.Errorf("claim %q: Raw %s not found in the token's JSON", c.Name, c.Raw)
				}
			}
		})
	}
}

func checkDecodeError(t *testing.T, tok *Token, err, want error, text, part string, offset int) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want one matching %v", err, want)
	}
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T is not a *DecodeError", err)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("error %q does not contain %q", err, text)
	}
	if part != "" && de.Part != part {
		t.Errorf("Part = %q, want %q", de.Part, part)
	}
	if offset > 0 && de.Offset != offset {
		t.Errorf("Offset = %d, want %d", de.Offset, offset)
	}
	if tok != nil && !errors.Is(err, ErrOpaque) {
		t.Errorf("token = %+v alongside error %v, want nil", tok, err)
	}
}

func TestDecodeClaimValues(t *testing.T) {
	payload := `{ "zeta" : {"b":1, "a":[true,null]},
		"exp": 1795745602, "iat": 1795745600.25, "updated_at": "yesterday", "n": 12345678901234567890 }`
	tok, err := Decode(unsigned(`{"alg":"none","kid":7}`, payload))
	if err != nil {
		t.Fatal(err)
	}
	zeta, _ := tok.Claim("zeta")
	if got, want := string(zeta.Raw), `{"b":1, "a":[true,null]}`; got != want {
		t.Errorf("zeta Raw = %s, want %s", got, want)
	}
	if _, ok := zeta.Value.(map[string]any); !ok {
		t.Errorf("zeta Value is %T, want map[string]any", zeta.Value)
	}
	exp, _ := tok.Claim("exp")
	if exp.Time == nil || !exp.Time.Equal(testNow.Add(59*60e9+12e9)) {
		t.Errorf("exp Time = %v, want %v", exp.Time, testNow.Add(59*60e9+12e9))
	}
	iat, _ := tok.Claim("iat")
	if iat.Time == nil || iat.Time.Nanosecond() != 250_000_000 {
		t.Errorf("iat Time = %v, want a quarter second past", iat.Time)
	}
	if up, _ := tok.Claim("updated_at"); up.Time != nil {
		t.Errorf("updated_at Time = %v for a string value, want nil", up.Time)
	}
	n, _ := tok.Claim("n")
	if got := n.Describe(testNow); got != "12345678901234567890" {
		t.Errorf("big number described as %q; UseNumber should keep it exact", got)
	}
	if tok.Kid != "" {
		t.Errorf("Kid = %q for a numeric kid, want empty", tok.Kid)
	}
	if string(tok.HeaderJSON) != `{"alg":"none","kid":7}` {
		t.Errorf("HeaderJSON = %s", tok.HeaderJSON)
	}
}

func TestTokenAccessors(t *testing.T) {
	tests := []struct {
		name     string
		payload  string
		wantAud  []string
		wantSub  string
		wantLast string // value of claim "x"
	}{
		{name: "aud string", payload: `{"aud":"api","sub":"alice"}`, wantAud: []string{"api"}, wantSub: "alice"},
		{name: "aud array", payload: `{"aud":["api","web",3]}`, wantAud: []string{"api", "web"}},
		{name: "aud number", payload: `{"aud":3,"sub":3}`},
		{name: "no aud", payload: `{}`},
		{name: "duplicate returns last", payload: `{"x":"first","x":"last"}`, wantLast: "last"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Decode(unsigned(`{"alg":"none"}`, tc.payload))
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.Audience(); !slices.Equal(got, tc.wantAud) {
				t.Errorf("Audience() = %q, want %q", got, tc.wantAud)
			}
			if got := tok.StringClaim("sub"); got != tc.wantSub {
				t.Errorf(`StringClaim("sub") = %q, want %q`, got, tc.wantSub)
			}
			if got := tok.StringClaim("x"); got != tc.wantLast {
				t.Errorf(`StringClaim("x") = %q, want %q`, got, tc.wantLast)
			}
		})
	}
	var nilTok *Token
	if _, ok := nilTok.Claim("sub"); ok || nilTok.Audience() != nil || nilTok.StringClaim("sub") != "" {
		t.Error("accessors on a nil *Token should report nothing")
	}
}

func TestLooksLikeJWT(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"JWS", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", true},
		{"unsigned JWS", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", true},
		{"Bearer JWS", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", true},
		{"JWE with direct key", "eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn", true},
		{"opaque", "2YotnFZFEjr1zCsicMWpAA", false},
		{"two parts", "a.b", false},
		{"four parts", "a.b.c.d", false},
		{"empty payload", "a..c", false},
		{"empty header", ".b.c", false},
		{"not base64url", "a+b.c/d.e", false},
		{"empty", "", false},
		{"dots only", "..", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := LooksLikeJWT(tc.in); got != tc.want {
				t.Errorf("LooksLikeJWT(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindJWS: "JWS", KindJWE: "JWE", KindOpaque: "opaque", 0: "Kind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func names(cs []Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// padded encodes s as base64url with '=' padding, which RFC 7515 forbids.
func padded(t *testing.T, s string) string {
	t.Helper()
	p := b64(s)
	for len(p)%4 != 0 {
		p += "="
	}
	if !strings.HasSuffix(p, "=") {
		t.Fatalf("%q needs no padding; pick another test string", s)
	}
	return p
}

// TestHeadingAndExpired: an alg "none" token is not called signed, and a
// decoded token says whether its exp has passed.
func TestHeadingAndExpired(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tok, err := Decode(enc(`{"alg":"none"}`) + "." + enc(`{"exp":1000}`) + ".")
	if err != nil {
		t.Fatal(err)
	}
	if h := tok.Heading(); !strings.Contains(h, "unsigned") {
		t.Errorf("heading of an alg none token: %q", h)
	}
	if _, expired := tok.Expired(time.Unix(2000, 0)); !expired {
		t.Error("exp 1000 is not expired at 2000")
	}
	if _, expired := tok.Expired(time.Unix(500, 0)); expired {
		t.Error("exp 1000 is expired at 500")
	}
	signed, _ := Decode(enc(`{"alg":"RS256"}`) + "." + enc(`{}`) + ".c2ln")
	if h := signed.Heading(); !strings.HasPrefix(h, "JWS: a signed JWT") {
		t.Errorf("heading of an RS256 token: %q", h)
	}
	if _, expired := signed.Expired(time.Now()); expired {
		t.Error("a token without exp is expired")
	}
}
