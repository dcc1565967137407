package ui

import (
	"net/url"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// The Callback step checks what the browser brought back, but the request
// itself reached the listener while the login step waited, and is recorded
// there: the Callback step shows it too, or the redirect the user pasted.

// loginResult returns the result of the flow's login step, or nil.
func (v stepView) loginResult() *flows.Result {
	i := slices.IndexFunc(v.steps, func(s flows.StepInfo) bool { return s.ID == flows.ACLogin.ID })
	return v.result(i)
}

// isCallback reports whether step i checks the callback.
func (v stepView) isCallback(i int) bool {
	return i >= 0 && i < len(v.steps) && v.steps[i].ID == flows.ACCallback.ID
}

// callbackURL returns the redirect URL as it came back: the listener's
// request, or the text pasted.
func (v stepView) callbackURL() string {
	if lr := v.loginResult(); lr != nil {
		for _, ex := range lr.Exchanges {
			return ex.Request.URL
		}
	}
	return v.pasted
}

// callbackExchangesView renders the Request or Response tab of the
// Callback step from the login step's exchange.
func (v stepView) callbackExchangesView(r *flows.Result, requests bool) []string {
	s, w := v.styles, v.detailsW
	if lr := v.loginResult(); lr != nil && len(lr.Exchanges) > 0 {
		lines := hanging("Received by the listener while Login and consent waited: the browser's request and the page it was answered with.", s.Subtle, w, 0)
		return append(append(append(lines, ""), v.exchangesView(lr, requests)...), v.strayDetails()...)
	}
	if v.pasted != "" && requests {
		lines := hanging("The redirect was pasted, so no request reached the listener. It read:", s.Subtle, w, 0)
		return append(lines, urlLines(s, v.masker().URL(v.pasted), w)...)
	}
	return v.exchangesView(r, requests)
}

// callbackParams lists the parameters of the callback, secrets masked.
func (v stepView) callbackParams(m flows.Masker) []string {
	raw := v.callbackURL()
	if raw == "" {
		return nil
	}
	query := raw
	if u, err := url.Parse(raw); err == nil && strings.Contains(raw, "://") {
		query = u.RawQuery
		if query == "" {
			query = u.Fragment
		}
	}
	var rows [][2]string
	if !strings.Contains(query, "=") {
		rows = append(rows, [2]string{"code", m.Value("code", raw)}) // a bare code
	} else {
		for _, kv := range strings.Split(strings.TrimPrefix(query, "?"), "&") {
			k, val, _ := strings.Cut(kv, "=")
			name, err1 := url.QueryUnescape(k)
			value, err2 := url.QueryUnescape(val)
			if err1 == nil && err2 == nil && name != "" {
				rows = append(rows, [2]string{name, m.Value(name, value)})
			}
		}
	}
	s := v.styles
	lines := []string{"", section(s, "Callback parameters (RFC 6749 §4.1.2, RFC 9207)")}
	return append(lines, keyValues(s, rows, 5, v.detailsW)...)
}
