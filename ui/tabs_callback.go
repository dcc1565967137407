package ui

import (
	"github.com/oauth-explorer/oauth-explorer/flows"
)

// The step that checks the callback carries it on its result
// (flows.Result.Callback): the redirect as the listener received it, with
// its exchange, made while the waiting step waited, or as the user pasted
// it. Its Request and Response tabs show that exchange, or the paste.

// isCallback reports whether step i checked a callback.
func (v *stepView) isCallback(i int) bool {
	r := v.result(i)
	return r != nil && r.Callback != nil
}

// callbackURL returns the redirect URL as it came back: the listener's
// request, or the text pasted.
func (v *stepView) callbackURL() string {
	for _, r := range v.results {
		if r != nil && r.Callback != nil {
			return r.Callback.URL
		}
	}
	return ""
}

// waitTitle names the step that waited for the user, for a sentence: the
// last one at or before the step selected (a grant may wait again later,
// as for a step-up login), else the first.
func (v *stepView) waitTitle() string {
	for i := min(v.selected, len(v.steps)-1); i >= 0; i-- {
		if v.steps[i].Waits {
			return v.steps[i].Title
		}
	}
	for _, st := range v.steps {
		if st.Waits {
			return st.Title
		}
	}
	return "the wait"
}

// callbackExchangesView renders the Request or Response tab of the step
// that checked the callback r carries: the listener's exchange.
func (v *stepView) callbackExchangesView(r *flows.Result, requests bool) []string {
	s, w := v.styles, v.detailsW
	cb := r.Callback
	if !cb.Pasted && cb.Exchange.Request.URL != "" {
		lines := hanging("Received by the listener while "+v.waitTitle()+" waited: the browser's request and the page it was answered with.", s.Subtle, w, 0)
		got := &flows.Result{Exchanges: []flows.Exchange{cb.Exchange}}
		return append(append(append(lines, ""), v.exchangesView(got, requests)...), v.strayDetails()...)
	}
	if cb.Pasted && requests {
		lines := hanging("The redirect was pasted, so no request reached the listener. It read:", s.Subtle, w, 0)
		return append(lines, urlLines(s, v.masker().URL(cb.URL), w)...)
	}
	return v.exchangesView(r, requests)
}

// callbackParams lists the parameters of the callback of step i, secrets
// masked.
func (v *stepView) callbackParams(i int, m flows.Masker) []string {
	r := v.result(i)
	if r == nil || r.Callback == nil {
		return nil
	}
	params := r.Callback.Params()
	if len(params) == 0 {
		return nil
	}
	rows := make([][2]string, len(params))
	for n, p := range params {
		rows[n] = [2]string{p.Name, m.Value(p.Name, p.Value)}
	}
	s := v.styles
	lines := []string{"", section(s, "Callback parameters (RFC 6749 §4.1.2, RFC 9207)")}
	return append(lines, keyValues(s, rows, 5, v.detailsW)...)
}
