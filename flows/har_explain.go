package flows

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// CaptureOptions say how ExplainCapture verifies the tokens of a capture
// whose signing keys it does not hold. Without them it works offline: a
// JWK Set in the capture verifies the tokens it signed; nothing is fetched.
type CaptureOptions struct {
	// Issuer, when set, is discovered over the network for its keys
	// (jwks_uri) and its issuer identifier.
	Issuer string
	// JWKSURL, when set, names the keys to fetch instead.
	JWKSURL string
	// JWKS, when set, is a JWK Set (RFC 7517 §5) the user gave, used when
	// the capture holds none.
	JWKS []byte
	// Transport carries the requests for the keys; nil means
	// http.DefaultTransport. Timeout bounds each; zero means
	// DefaultTimeout.
	Transport http.RoundTripper
	Timeout   time.Duration
	// Now is the clock that says whether a token has expired since the
	// capture; nil means time.Now.
	Now func() time.Time
}

// Capture is a HAR capture explained: the OAuth exchanges it holds as the
// steps of a Run, each Result with its StepInfo (and so its explanation),
// exchanges, notes, tokens decoded and verified, and diagnoses, as a run
// of this program's has them. A screen renders Run.Results as any run's.
type Capture struct {
	// Run holds the steps found, in the capture's order. Its Provider is
	// "capture" (or the one the program that wrote it named), its Grant
	// what the exchanges show.
	Run Run
	// Own is set when this program wrote the capture: the steps are its
	// own, read from each entry's _step.
	Own bool
	// Masked is set when the capture's secrets were masked when it was
	// written: its tokens cannot be decoded or verified.
	Masked bool
	// Entries counts the capture's entries, Skipped those that played no
	// part in OAuth (pages, scripts, images).
	Entries, Skipped int
	// Notes are facts about the capture as a whole.
	Notes []string
	// Secrets are the secrets found in the capture (codes, tokens, client
	// secrets, credentials), for a Masker.
	Secrets []string
}

// Masker returns the Masker that hides the capture's secrets, or shows
// them when reveal is set.
func (c *Capture) Masker(reveal bool) Masker { return NewMaskerForMany(reveal, c.Secrets) }

// ExplainHAR reads a HAR capture from r (at most MaxHARSize bytes) and
// explains it as ExplainCapture does. The TUI calls it to show a capture
// as a run.
func ExplainHAR(ctx context.Context, r io.Reader, opts CaptureOptions) (*Capture, error) {
	h, err := ReadHAR(r, MaxHARSize)
	if err != nil {
		return nil, err
	}
	return ExplainCapture(ctx, h, opts)
}

// ExplainHARFile reads the HAR capture at path and explains it as
// ExplainCapture does: the command and the TUI open a capture file with
// it. A directory, or a file over MaxHARSize (said with its size), is
// refused before it is read; an error names the file.
func ExplainHARFile(ctx context.Context, path string, opts CaptureOptions) (*Capture, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the capture: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read the capture: %w", err)
	case fi.IsDir():
		return nil, fmt.Errorf("%s is a directory; give a .har file", path)
	case fi.Size() > MaxHARSize:
		return nil, fmt.Errorf("%s is %.1f MiB, over the cap of %d MiB on a capture: save only the flow's requests (clear the devtools log before the flow, or filter it)", path, float64(fi.Size())/(1<<20), MaxHARSize>>20)
	}
	c, err := ExplainHAR(ctx, f, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ExplainCapture finds the OAuth and OpenID Connect exchanges of h and
// explains them: discovery, keys, the authorization request and the
// browser's login, the callback (its state checked against the request's),
// token requests (PKCE's code_verifier checked against the challenge),
// userinfo, introspection, revocation, PAR, device authorization,
// registration and API calls with a bearer token. A capture this program
// wrote keeps its steps (each entry's _step); another is split into one
// step per exchange. Tokens are decoded, and verified with the keys the
// capture holds or the ones opts name.
func ExplainCapture(ctx context.Context, h *HAR, opts CaptureOptions) (*Capture, error) {
	c := &Capture{Entries: len(h.Log.Entries), Masked: h.Log.Masked}
	c.Own = h.Log.Creator.Name == "oauth-explorer"
	c.Run = Run{Provider: h.Log.Provider, GrantID: h.Log.GrantID, Grant: h.Log.GrantName, Issuer: h.Log.Issuer}
	if c.Run.Provider == "" {
		c.Run.Provider = "capture"
	}
	items := make([]*captureItem, 0, len(h.Log.Entries))
	for i, e := range h.Log.Entries {
		ex, err := harExchange(i, e)
		if err != nil {
			return nil, err
		}
		items = append(items, newCaptureItem(i, ex, e))
	}
	if len(items) > 0 {
		c.Run.Start = items[0].ex.Start
	}
	cl := &classifier{redirects: map[string]bool{}, asHosts: map[string]bool{}}
	for _, it := range items {
		cl.learn(it)
	}
	an := &analyst{capture: c, cl: cl, opts: opts, callbacks: map[string]*captureItem{}, expects: map[*TokenResponse]tokenExpects{}, redeemed: map[string]bool{},
		byRedirect: map[string][]*captureItem{}, accessTokens: map[string]bool{}, lastCallback: map[string]int{}}
	for _, it := range items {
		it.kind = cl.classify(it)
		if it.kind == kindOther && !(c.Own && it.entry.Step != "") {
			c.Skipped++
		}
		if it.kind == kindCallback {
			an.lastCallback[it.bare] = it.index
		}
	}
	an.collectSecrets(items)
	var results []Result
	if c.Own {
		results = an.ownSteps(items)
		results = withTimeline(c.Run.GrantID, h.Log.Steps, results)
	} else {
		results = an.foundSteps(items)
	}
	an.verify(ctx, results)
	for i := range results {
		Complete(&results[i], an.metadataBefore(results[i]))
		dedupeSent(&results[i])
	}
	c.Run.Results = results
	if c.Run.Grant == "" {
		c.Run.Grant, c.Run.GrantID = an.grant()
	}
	if c.Run.Issuer == "" && len(cl.metadata) > 0 {
		c.Run.Issuer = cl.metadata[0].Issuer
	}
	c.Notes = an.captureNotes()
	return c, nil
}

// ownSteps groups the entries of a capture this program wrote by the
// step that made them, as the run had them: same steps, same order, same
// outcome.
func (an *analyst) ownSteps(items []*captureItem) []Result {
	var out []Result
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && sameStep(items[i].entry, items[j].entry) {
			j++
		}
		info := knownStep(an.capture.Run.GrantID, items[i].entry.Step, items[i].entry.StepTitle, items[i].entry.Comment)
		r := an.step(info, items[i:j])
		recorded := parseStatus(items[i].entry.StepStatus)
		switch {
		case recorded == Failed && r.Status != Failed:
			r.Status = Failed
			r.Notes = append(r.Notes, "the run that wrote this capture marked the step failed; the capture does not hold why (the check that failed ran on the program's side)")
		case recorded != Failed && r.Status == Failed && an.capture.Masked:
			// A masked capture cannot be read as the run read it: its
			// tokens are hidden. The run's outcome stands.
			r.Status, r.Err, r.Diagnosis = recorded, nil, nil
		case r.Status != Failed:
			r.Status = recorded
		}
		out = append(out, r)
		i = j
	}
	return out
}

// sameStep tells whether two entries of this program's capture belong to
// the same step.
func sameStep(a, b HAREntry) bool {
	return a.Step == b.Step && a.StepTitle == b.StepTitle && a.Comment == b.Comment
}

// parseStatus reads a _stepStatus; "" or an unknown one is Done.
func parseStatus(s string) Status {
	for _, st := range []Status{Pending, Running, Done, Failed, Skipped} {
		if st.String() == s {
			return st
		}
	}
	return Done
}

// foundSteps makes a step of each OAuth exchange of a capture another
// program wrote; the pages of a login make one step. Other entries are
// skipped.
func (an *analyst) foundSteps(items []*captureItem) []Result {
	var out []Result
	for i := 0; i < len(items); {
		it := items[i]
		if it.kind == kindOther {
			i++
			continue
		}
		group := []*captureItem{it}
		j := i + 1
		for ; j < len(items); j++ {
			if items[j].kind == kindOther {
				continue
			}
			if !it.groupsWith(items[j]) {
				break
			}
			group = append(group, items[j])
		}
		for j > i+1 && items[j-1].kind == kindOther {
			j-- // the skipped entries after the step are not the step's
		}
		out = append(out, an.step(an.stepInfo(it), group))
		if cb := an.redirectedCallback(group); cb != nil {
			out = append(out, an.step(an.stepInfo(cb), []*captureItem{cb}))
		}
		i = j
	}
	return out
}

// redirectedCallback finds, in the answers of an authorization request
// or a login, the redirect to the client's redirect URI with the
// authorization response (RFC 6749 §4.1.2, §4.2.2) when the capture does
// not hold the browser's request to it: a native app's loopback or
// custom scheme, a fragment (which a browser never sends), a page the
// capture left out. The callback is read from the Location header.
func (an *analyst) redirectedCallback(group []*captureItem) *captureItem {
	for _, g := range group {
		if g.kind != kindAuthorize && g.kind != kindLogin || g.ex.Response == nil {
			continue
		}
		loc := g.ex.Response.Header.Get("Location")
		base, err := url.Parse(g.ex.Request.URL)
		if loc == "" || err != nil {
			continue
		}
		target, err := base.Parse(loc)
		if err != nil {
			continue
		}
		cb := newCaptureItem(-1, Exchange{Start: g.ex.Start, Request: Message{Method: "GET", URL: target.String(), Header: http.Header{}}}, HAREntry{})
		if len(cb.query) == 0 && target.Fragment != "" {
			cb.query, _ = url.ParseQuery(target.Fragment)
		}
		if !an.cl.isCallback(cb) {
			continue
		}
		if last, ok := an.lastCallback[cb.bare]; ok && last > g.index {
			return nil
		}
		cb.kind, cb.synthetic = kindCallback, true
		return cb
	}
	return nil
}

// dedupeSent drops the second of two sent pairs with the same name and
// value: an authorization request captured is both the request's
// parameters and the request's URL.
func dedupeSent(r *Result) {
	seen := map[string]bool{}
	out := r.Sent[:0]
	for _, p := range r.Sent {
		key := p.Name + "\x00" + p.Value
		if p.Where != InURL && seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, p)
	}
	r.Sent = out
}

// captureNotes says what the capture is and what was left out.
func (an *analyst) captureNotes() []string {
	c := an.capture
	var n []string
	if c.Own {
		n = append(n, "written by oauth-explorer: the steps are the run's own")
	}
	if c.Masked {
		n = append(n, "the capture's secrets were masked when it was written: its codes and tokens cannot be decoded, verified or compared (export with secrets revealed to see them, and keep that file private)")
	}
	if c.Skipped > 0 {
		n = append(n, fmt.Sprintf("%d of %d entries play no part in OAuth (pages, scripts, images, other requests) and are not shown", c.Skipped, c.Entries))
	}
	if len(c.Run.Results) == 0 {
		n = append(n, "no OAuth or OpenID Connect exchange found: no discovery, authorization request, callback, token request or bearer token in the capture")
	}
	if !c.Masked && len(c.Secrets) > 0 {
		n = append(n, "the capture holds secrets in clear (codes, tokens, cookies, perhaps a client secret): share it only with people you would give them to")
	}
	return n
}

// grant names the grant the capture's token requests show.
func (an *analyst) grant() (name, id string) {
	for _, gt := range an.grantTypes {
		for _, g := range Grants() {
			if len(g.GrantTypes) > 0 && g.GrantTypes[0] == gt {
				return g.Name, g.ID
			}
		}
	}
	if strings.TrimSpace(an.firstResponseType) != "" {
		return "Authorization request", ""
	}
	return "Capture", ""
}

// withTimeline puts the explained steps of this program's capture on the
// run's whole timeline (HARLog.Steps): the steps that made no request of
// the program's own (the browser's, a skipped one) are put back where the
// run had them, with what the capture says of them. Without a timeline
// (an older capture) the steps found stand.
func withTimeline(grant string, timeline []HARStep, found []Result) []Result {
	if len(timeline) == 0 {
		return found
	}
	var out []Result
	next := 0
	for _, st := range timeline {
		if next < len(found) && found[next].Step.ID == st.ID && found[next].Step.Title == st.Title {
			out = append(out, found[next])
			next++
			continue
		}
		r := Result{Step: knownStep(grant, st.ID, st.Title, ""), Status: parseStatus(st.Status)}
		switch {
		case st.Browser != "":
			r.Notes = append(r.Notes, "made by the user's browser, not by the program: it was sent to "+safetext.Line(st.Browser))
		case r.Status == Skipped:
			r.Notes = append(r.Notes, "skipped in the run that wrote this capture")
		default:
			r.Notes = append(r.Notes, "no request of the program's own at this step: nothing of it is in the capture")
		}
		out = append(out, r)
	}
	// Steps the timeline does not name (a capture edited by hand) stay.
	return append(out, found[next:]...)
}
