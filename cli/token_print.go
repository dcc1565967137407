package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// writeToken prints the tokens held as --output asks. The access token and
// the token type are the server's text: a token outside %x20-7E (RFC 6749
// Appendix A.12) is refused raw, and the JSON is made terminal-safe.
func writeToken(st Streams, tok *flows.TokenSet, output string) error {
	var err error
	switch output {
	case "access-token", "header":
		typ := tok.TokenType
		if typ == "" || strings.EqualFold(typ, "bearer") {
			typ = "Bearer"
		}
		bad := ""
		switch {
		case !safetext.PrintableToken(tok.AccessToken):
			bad = "the access token holds characters outside %x20-7E, which RFC 6749 Appendix A.12 forbids"
		case output == "header" && !safetext.PrintableToken(typ):
			bad = "the token_type holds characters outside %x20-7E (RFC 6749 Appendix A.13)"
		}
		if bad != "" {
			printError(st.Err, "--output "+output+": refusing to print the token raw: "+bad+"; printed, they would reach your terminal or the request as they are; --output json shows them escaped")
			return &ExitError{Code: 1}
		}
		if output == "header" {
			_, err = fmt.Fprintf(st.Out, "Authorization: %s %s\n", typ, tok.AccessToken)
		} else {
			_, err = fmt.Fprintln(st.Out, tok.AccessToken)
		}
	default:
		var buf bytes.Buffer
		js := tok.JSON()
		if json.Indent(&buf, js, "", "  ") != nil {
			buf.Reset()
			buf.Write(js)
		}
		err = writeJSON(st.Out, buf.Bytes())
	}
	return err
}

// callsResourceServer reports whether a step of f talks to the resource
// server, i.e. uses --api-url.
func callsResourceServer(f flows.Flow) bool {
	for _, st := range f.Steps() {
		if st.To == flows.ResourceServer {
			return true
		}
	}
	return false
}
