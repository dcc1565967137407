package flows

import (
	"regexp"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// The server's own words come first. An error_description often names the
// cause outright ("registered for client_secret_basic but authenticated
// with client_secret_post", "code_verifier does not match", "may not
// request scope "admin""): when it does, the diagnosis puts that cause
// first and its fix right after, before the causes the error code usually
// has (RFC 6749 §5.2 makes error_description human-readable text for
// exactly this). Provider-specific codes and texts are diagnosed by their
// own tables (diagnose_providers.go); these rules read any server's words.

// wordsRule is one cause an error_description can name. re runs on the
// lower-cased description; $1, $2… in cause and try take its groups,
// as the server wrote them (original case).
type wordsRule struct {
	name       string
	re         *regexp.Regexp
	cause, try string
	// rulesOut are the beginnings of the usual causes and fixes of the
	// error code that the server's words rule out or repeat: a server
	// that says the secret is wrong knows the client, read the secret
	// where it was sent, and has just said what the first usual cause
	// says. They are left out of the diagnosis.
	rulesOut []string
	// grants, when set, are the grant types whose requests the rule is
	// about: "code … already used" names an authorization code only to a
	// code exchange. A request not recorded (no grant type) is matched
	// by every rule.
	grants []string
	// states, when set, marks the rule of words that name several states
	// at once ("unknown, expired or already used"): the server has not
	// said which one it is, so the cause says so, and the causes of the
	// states named come next, in the server's order. It is the template
	// of the list, expanded as cause is; such a rule's cause and list are
	// made from the lower-cased text.
	states string
}

// stateWord is one state a server may give a refused grant in, and
// severalStates a list of two or more of them, as servers write it:
// "unknown, expired or already used", "invalid or has expired", "expired
// or revoked".
const (
	stateWord     = `(?:already\s+(?:been\s+)?(?:used|redeemed|consumed)|used|redeemed|consumed|unknown|invalid|not valid|no longer valid|incorrect|malformed|not found|expired|revoked|inactive|not active)`
	severalStates = stateWord + `(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and/or|and)\s+)(?:(?:is|was|has|have|had|been)\s+)*` + stateWord + `)+`
	grantSubject  = `(authorization[_ ]code|device[_ ]code|refresh[_ ]token|access[_ ]token|subject[_ ]token|actor[_ ]token|code|token|grant|assertion)`
)

// rfcInvalidGrant is RFC 6749 §5.2's definition of invalid_grant, which
// some servers send as the description of every invalid_grant (Ory
// fosite's ErrInvalidGrant, a hint naming the real cause after it): it
// lists every cause and names none, so it is not read as the server's
// words.
var rfcInvalidGrant = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)the provided authorization grant\s*(?:\([^)]*\)\s*)?or refresh token is invalid, expired, revoked, does not match the redirection uri used in the authorization request, or was issued to another client\.?\s*`)
}}

// secretRulesOut are the invalid_client causes and fixes (diagnose_oauth.go)
// that a server naming the secret as the problem rules out or repeats.
var secretRulesOut = []string{
	"the client secret is wrong", "the client id does not exist", "the client authentication method differs",
	"a public client sent no secret", "copy the secret again", "switch {setting:auth-method}", "check that the client id belongs",
}

// authMethods are the client authentication methods a description may
// name (RFC 7591 §2, token_endpoint_auth_method).
const authMethods = `(client_secret_basic|client_secret_post|client_secret_jwt|private_key_jwt|tls_client_auth|self_signed_tls_client_auth)`

// wordsRules are tried in order; the first that matches wins. They are
// compiled on first use: compiling them at start-up would cost every
// command, --version included, about a millisecond.
var wordsRules = lazy.Value[[]wordsRule]{New: func() []wordsRule {
	return []wordsRule{
		{
			name:  "auth_method",
			re:    regexp.MustCompile(`(?:supports?|registered (?:for|with)|expects?|expected|allowed|allows|only|requires?|configured (?:for|with))\W+(?:\w+\W+){0,3}?` + authMethods + `\b`),
			cause: "the server says the client authenticates with $1, and this request used another client authentication method",
			try:   "switch {setting:auth-method} to $1",
		},
		{
			name:   "pkce_mismatch",
			re:     regexp.MustCompile(`(?:code_verifier|code verifier|pkce)[^;\n]{0,80}?(?:does not match|doesn't match|not match|mismatch|invalid|failed|incorrect|wrong)`),
			cause:  "the server says the PKCE code_verifier does not match the code_challenge of the authorization request: the code was issued to another run of the flow (another tab, or the redirect of an earlier attempt pasted)",
			try:    "start the flow again and redeem the code of that same run",
			grants: []string{"authorization_code"},
		},
		{
			name:  "pkce_required",
			re:    regexp.MustCompile(`(?:(?:pkce|code_challenge|code challenge|code_verifier)[^;\n]{0,80}?(?:required|is missing|missing|must be)|(?:missing|requires?|required)[^;\n]{0,80}?(?:pkce|code_challenge|code challenge|code_verifier))`),
			cause: "the server says PKCE is required and the request lacked it (code_challenge in the authorization request, code_verifier in the token request)",
			try:   "read {view:request}: this tool sends PKCE with S256 at both steps, so a missing parameter was dropped on the way (a proxy) or the code came from another client",
		},
		{
			name:  "scope",
			re:    regexp.MustCompile(`(?:invalid|unknown|unsupported|not allowed|not permitted|not granted|may not request|cannot request|not configured)[^;"'\n]{0,80}?scopes?\W*["'“]([^"'”]+)["'”]|scopes?\s+["'“]([^"'”]+)["'”][^;\n]{0,80}?(?:invalid|unknown|not allowed|not permitted|not granted|not supported)|(?:invalid scopes?|unknown scopes?|not been granted scopes?|scopes? (?:are|is) not (?:allowed|granted|valid|supported))\s*:\s*([^;\n]+?)\.?$`),
			cause: "the server names the scope it refuses: $1$2$3",
			try:   "remove $1$2$3 from {setting:scope}, or allow the client to request it in the provider's console",
		},
		{
			name:  "scope_missing",
			re:    regexp.MustCompile(`(?:no|missing|without)\s+(?:an?\s+)?scopes?\b|scopes?\b[^;\n]{0,40}?(?:is |are )?(?:missing|required|empty)`),
			cause: "the server needs a scope and the request named none",
			try:   "give {setting:scope}: openid (with profile email offline_access) for an OpenID provider, or the API's scopes",
		},
		{
			name:   "several",
			re:     regexp.MustCompile(`\b` + grantSubject + `\b[^;.\n]{0,40}?\b(` + severalStates + `)\b|\b(` + severalStates + `)\s+(?:\w+\s+)?` + grantSubject + `\b`),
			cause:  "the server says the $1$4 is $2$3, without saying which of these it is",
			states: "$2$3",
		},
		{
			name:  "audience_missing",
			re:    regexp.MustCompile(`(?:no|missing|without)\s+(?:an?\s+)?(?:audience|resource)|(?:audience|resource)(?: parameter)? (?:is )?(?:required|missing)`),
			cause: "the server needs to know which API the token is for, and the request named none",
			try:   "set {setting:audience} (or {setting:resource}) to the API's identifier as registered at the server",
		},
		{
			name:  "audience",
			re:    regexp.MustCompile(`(?:audience|resource)[^;\n]{0,80}?(?:invalid|unknown|not found|not allowed|not authorized|not recognized|does not exist|is not valid)|(?:invalid|unknown)\s+(?:audience|resource)`),
			cause: "the server does not know or does not allow the audience (or resource) asked for: the API identifier is misspelled, or this client is not authorized for that API",
			try:   "set {setting:audience} (or {setting:resource}) to the API's identifier exactly as registered, and authorize the client for that API in the provider's console",
		},
		{
			name:   "code_used",
			re:     regexp.MustCompile(`(?:code|grant)[^;\n]{0,80}?(?:already (?:been )?(?:used|redeemed)|has been used|was used)`),
			cause:  "the server says the authorization code was already redeemed: a code works once (RFC 6749 §4.1.2)",
			try:    "start the flow again and redeem the new code once",
			grants: []string{"authorization_code"},
		},
		{
			name:   "code_expired",
			re:     regexp.MustCompile(`(?:authorization code|code)[^;\n]{0,80}?expired|expired[^;\n]{0,80}?(?:authorization code|code)`),
			cause:  "the server says the authorization code has expired: codes live minutes, and a slow login or a clock far off ends them",
			try:    "start the flow again and let the code be redeemed at once; check this machine's clock",
			grants: []string{"authorization_code"},
		},
		{
			name:   "refresh_expired",
			re:     regexp.MustCompile(`refresh[_ ]token[^;\n]{0,80}?(?:expired|revoked|invalid|not valid)|(?:expired|revoked|invalid)[^;\n]{0,80}?refresh[_ ]token`),
			cause:  "the server says the refresh token has expired, was revoked or is no longer valid (its session ended, or it was spent by a rotation)",
			try:    "log in again (the authorization code flow) for a new refresh token",
			grants: []string{"refresh_token"},
		},
		{
			name:     "secret_expired",
			re:       regexp.MustCompile(`client[_ ]secret[^;\n]{0,80}?expired|expired[^;\n]{0,80}?client[_ ]secret`),
			cause:    "the server says the client secret has expired",
			try:      "create a new client secret in the provider's console and pass it with {setting:client-secret}",
			rulesOut: secretRulesOut,
		},
		{
			name:  "secret_missing",
			re:    regexp.MustCompile(`client[_ ]secret (?:is )?(?:missing|required)|(?:missing|no) client[_ ]secret`),
			cause: "the server expects a client secret and none was sent",
			try:   "give the secret with {setting:client-secret}, and check that {setting:auth-method} is not none",
		},
		{
			name:     "secret_wrong",
			re:       regexp.MustCompile(`(?:invalid|wrong|bad|incorrect) client[_ ]secret|client[_ ]secret (?:is )?(?:invalid|wrong|incorrect|does not match)`),
			cause:    "the server says the client secret is wrong: expired or rotated, or the secret's ID copied instead of its value",
			try:      "copy the client secret again from the provider's console (its value, not its ID) and pass it with {setting:client-secret}",
			rulesOut: secretRulesOut,
		},
		{
			name:  "grant_not_allowed",
			re:    regexp.MustCompile(`not (?:registered|allowed|authorized|enabled|permitted) (?:for|to use) (?:the )?(?:[\w-]+ ){0,3}grant(?:[_ ]type)?\b|grant[_ ]type\W+[\w:.-]+\W+(?:is )?not (?:allowed|supported|enabled|permitted)`),
			cause: "the server says this client may not use this grant",
			try:   "enable the grant for the client in the provider's console, or pick the flow the client is registered for",
		},
	}
}}

// serverWordsFirst puts the cause the error_description names first in
// d's causes and its fix first in d's things to try; grant is the
// grant_type of the refused request ("" when unknown). d is changed in
// place and returned.
func serverWordsFirst(d *Diagnosis, description, grant string) *Diagnosis {
	r, cause, try, states, ok := matchServerWords(description, grant)
	if !ok {
		return d
	}
	ruledOut := func(e string) bool {
		return slices.ContainsFunc(r.rulesOut, func(p string) bool { return strings.HasPrefix(e, p) })
	}
	causes := slices.DeleteFunc(slices.Clone(d.Causes), ruledOut)
	if len(states) > 0 {
		causes = namedFirst(causes, grant, states)
	}
	d.Causes = prepend(causes, cause)
	if try != "" {
		d.Try = prepend(slices.DeleteFunc(slices.Clone(d.Try), ruledOut), try)
	}
	return d
}

// matchServerWords returns the first rule about grant that the
// description matches, with its cause and fix, and the states it names
// when it names several. RFC 6749's own definition of invalid_grant is
// not the server's words and is left out.
func matchServerWords(description, grant string) (rule wordsRule, cause, try string, states []string, ok bool) {
	desc := strings.TrimSpace(rfcInvalidGrant.Get().ReplaceAllString(firstLine(description), ""))
	lower := strings.ToLower(desc)
	for _, r := range wordsRules.Get() {
		if grant != "" && len(r.grants) > 0 && !slices.Contains(r.grants, grant) {
			continue
		}
		m := r.re.FindStringSubmatchIndex(lower)
		if m == nil {
			continue
		}
		// Groups are read from the original text, whose byte offsets
		// lower-casing ASCII keeps; other text is expanded lower-cased.
		src := desc
		if len(lower) != len(desc) || r.states != "" {
			src = lower
		}
		expand := func(tmpl string) string {
			return string(r.re.ExpandString(nil, tmpl, src, m))
		}
		if r.states != "" {
			states = namedStates(expand(r.states))
		}
		return r, expand(r.cause), expand(r.try), states, true
	}
	return wordsRule{}, "", "", nil, false
}

// namedStates returns the states a server's list names, in its order.
func namedStates(list string) []string {
	var out []string
	for _, w := range stateWords.Get().FindAllString(list, -1) {
		if st := stateOf(w); st != "" && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

var stateWords = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(stateWord) }}

func prepend(list []string, s string) []string {
	return append([]string{s}, slices.DeleteFunc(slices.Clone(list), func(e string) bool { return e == s })...)
}
