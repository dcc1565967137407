package cli

// tokenLong is the token command's long help, built when it is shown
// (lazyLong): it lists every grant and its inputs.
func tokenLong() string {
	return `token runs a flow non-interactively and prints the result on stdout: the
tokens as JSON, the access token alone, or an Authorization header. The
examples below are the common cases; after them come every flow (--flow)
and its inputs, what is printed, --export, --cache, and the flags.

` + grantsHelp() + `

With -v, every HTTP exchange (request and response) is written to stderr, with
secrets and tokens masked unless --reveal is given. On failure it exits with
status 1 and prints one line naming the server's error and error_description,
followed by a short diagnosis. Stopped with Ctrl+C, it says where it was
waiting and exits with status 130 (128 + SIGINT, as a shell reports it).

What the run found is written to stderr one line each: "warning:" for the
pre-flight checks and the checks that failed (the token is printed all the
same), "note:" for facts: scope granted narrower than asked, no refresh token
and why, an opaque or encrypted access token, the ID token's checks, a
refresh token rotated or kept. -q silences the notes; warnings stay.

Without --issuer, the embedded demo provider is started for the run, but not
for --resource-url, which alone selects the flow that starts from an API: the
API's metadata names the authorization server (RFC 9728), and with no
--client-id a client is registered there (RFC 7591). For a
server without discovery (GitHub) or with a broken one, give the endpoints
by hand: --token-url, --authorization-url, --jwks-url, --userinfo-url (with
--issuer or --provider they override what was discovered).

The authorization-code flow prints the URL to open on stderr, opens the
browser (unless --no-browser) and waits for the redirect on a loopback
listener; with --manual, paste the URL the browser was sent to instead (for
SSH sessions and containers). It then checks the ID token, calls userinfo and
the API, and prints the tokens of the code exchange. The refresh step runs
only with --refresh: it spends the refresh token (a server that rotates them
invalidates it), and the tokens printed are then the newest access token, the
newest refresh token whichever response carried it (a server that does not
rotate sends none, and the first stays valid) and the newest ID token.

--output json prints one JSON object: access_token, token_type, expires_in,
expires_at (RFC 3339, UTC), refresh_token, id_token and scope as held after
the run (members absent when empty), and "responses": every token response as
the server sent it, oldest first, as {"step": "token"|"refresh",
"response": {...}}.

` + exportHelp + "\n\n" + tokenCacheHelp
}
