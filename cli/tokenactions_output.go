package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// writeActionResult prints what a token action found on stdout: the
// members of the introspection or userinfo answer, or the revocation and
// its check.
func writeActionResult(st Streams, o *actionOpts, rs []flows.Result, m flows.Masker) error {
	var answer *flows.Answer
	for _, r := range rs {
		switch {
		case r.Introspection != nil && answer == nil:
			// The first introspection is the action's own; revoke's
			// check introspects too, but revoke prints its own way.
			answer = &r.Introspection.Answer
		case r.Userinfo != nil:
			answer = r.Userinfo
		}
	}
	if o.action.ID == flows.ActionRevoke {
		return writeRevocation(st, o.output, rs)
	}
	if answer == nil {
		printError(st.Err, "the server's answer could not be read")
		return &ExitError{Code: 1}
	}
	if o.output == "json" {
		var buf bytes.Buffer
		js := []byte(m.JSON(string(answer.JSON)))
		if json.Indent(&buf, js, "", "  ") != nil {
			buf.Reset()
			buf.Write(js)
		}
		return writeJSON(st.Out, buf.Bytes())
	}
	now := time.Now()
	for _, f := range answer.Fields {
		printLine(st.Out, "%s: %s", f.Name, oneLine(m.Value(f.Name, memberText(f, now))))
	}
	return nil
}

// memberText shows a member's value: a string without its quotes, a time
// claim with its date and how far it is from now, anything else as JSON.
func memberText(f flows.Field, now time.Time) string {
	var s string
	if json.Unmarshal(f.Raw, &s) == nil {
		return s
	}
	switch f.Name {
	case "exp", "iat", "nbf", "auth_time", "updated_at":
		var n json.Number
		if json.Unmarshal(f.Raw, &n) == nil {
			if secs, err := n.Int64(); err == nil {
				t := time.Unix(secs, 0)
				return fmt.Sprintf("%d (%s, %s)", secs, t.UTC().Format(time.RFC3339), inspect.Relative(t, now))
			}
		}
	}
	return string(f.Raw)
}

// writeRevocation prints the revocation and what its check found.
func writeRevocation(st Streams, output string, rs []flows.Result) error {
	check := "skipped"
	if len(rs) == 3 && rs[2].Status == flows.Done {
		check = "inactive"
		if rs[2].Introspection == nil {
			check = "refused"
		}
	}
	if output == "json" {
		b, err := json.Marshal(map[string]any{"revoked": true, "check": check})
		if err != nil {
			return err
		}
		return writeJSON(st.Out, b)
	}
	printLine(st.Out, "revoked: the server accepted the revocation")
	switch check {
	case "inactive":
		printLine(st.Out, "check: the token introspects as active: false")
	case "refused":
		printLine(st.Out, "check: the token endpoint refuses the refresh token (invalid_grant)")
	default:
		printLine(st.Out, "check: skipped: nothing to check the token with (see the note)")
	}
	return nil
}
