package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// FlowIDDevice is the --flow value of the device authorization grant.
const FlowIDDevice = "device"

// deviceGrantType is the grant_type of the device grant's token requests
// (RFC 8628 §3.4).
const deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

// The steps of the device authorization grant (RFC 8628) after discovery;
// the ID token, userinfo and API steps follow the authorization code
// grant's.
var (
	DVAuthorization = StepInfo{ID: "device_authorization", Title: "Device authorization", From: Client, To: AuthorizationServer,
		Summary: "the device asks for a device code and a short user code for the user to enter elsewhere (RFC 8628 §3.1)", Explain: dvAuthorizationExplain}
	DVPoll = StepInfo{ID: "device_poll", Title: "Polling for tokens", From: Client, To: AuthorizationServer, Waits: true,
		Summary: "while the user enters the code on another device, the device polls the token endpoint at the interval (RFC 8628 §3.4)", Explain: dvPollExplain}
	DVIDToken = StepInfo{ID: "id_token", Title: "ID token", From: Client, To: AuthorizationServer,
		Summary: "verify the ID token: signature from the JWKS, iss, aud, exp, at_hash (no nonce in this grant)", Explain: dvIDTokenExplain}
)

// DefaultDeviceInterval is the wait between polls when the server gives
// no interval (RFC 8628 §3.2: "clients MUST use 5 as the default"), and
// slowDownStep what each slow_down adds to it (RFC 8628 §3.5).
const (
	DefaultDeviceInterval = 5 * time.Second
	slowDownStep          = 5 * time.Second
)

// Device is the device authorization grant (RFC 8628): the device gets a
// user code, the user enters it at the verification URI on another device
// (a phone, a laptop) and approves, and the device polls the token
// endpoint until the tokens come. Each poll is its own recorded exchange.
type Device struct {
	stepper

	deviceCode string
	interval   time.Duration
	expiresIn  time.Duration
	// deadline is when the device code expires, on the flow's clock;
	// zero when the server gave no expires_in.
	deadline time.Time
}

// NewDevice prepares the grant for p.
func NewDevice(p providers.Provider, opts Options) *Device {
	f := &Device{stepper: newStepper(p, opts)}
	f.setPlan(nil,
		f.discovery(FlowIDDevice),
		plannedStep{info: DVAuthorization, run: f.authorize, stops: true},
		plannedStep{info: DVPoll, run: f.poll, stops: true},
		plannedStep{info: DVIDToken, run: func(ctx context.Context) Result { return f.verifyIDTokenNonce(ctx, "") }},
		plannedStep{info: ACUserinfo, run: f.userinfo},
		plannedStep{info: ACAPICall, run: f.callAPI},
	)
	return f
}

// Name implements Flow.
func (f *Device) Name() string { return "Device authorization" }

// Secrets implements Flow: the device code is a credential until it is
// redeemed (RFC 8628 §5.2); the user code is meant to be read aloud.
func (f *Device) Secrets() []string {
	s := append([]string{f.provider.ClientSecret, f.deviceCode}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow: it stops the document server of client-id-url serve.
func (f *Device) Close() error { return f.closeDocument() }

const deviceEndpoint = "device authorization endpoint"

// authorize sends the device authorization request (RFC 8628 §3.1) and
// turns the answer (§3.2) into the prompt. A confidential client
// authenticates as at the token endpoint ("as described in Section 3.2.1
// of [RFC6749]"): postForm applies the run's method, as it does for PAR,
// introspection and revocation, and the transports add an assertion or
// present the certificate. x/oauth2's DeviceAuth is not used: it
// authenticates no client (the secret could only go in the form, whatever
// the method) and builds its request without ctx.
func (f *Device) authorize(ctx context.Context) Result {
	r := Result{}
	p := f.provider
	if f.md == nil || f.md.TokenEndpoint == "" {
		return failed(r, errors.New("device authorization: no token endpoint: the discovery document has none and none was given"))
	}
	if f.md.DeviceAuthorizationEndpoint == "" {
		e := &NoEndpointError{Endpoint: deviceEndpoint, Member: "device_authorization_endpoint"}
		r = failed(r, e)
		r.Diagnosis = Masker{}.Diagnosis(noDeviceEndpoint(e))
		return r
	}
	form := url.Values{}
	if len(p.Scopes) > 0 {
		form.Set("scope", strings.Join(p.Scopes, " "))
	}
	if p.Audience != "" {
		form.Set("audience", p.Audience)
	}
	if p.Resource != "" {
		form.Set("resource", p.Resource)
	}
	err := f.postForm(ctx, deviceEndpoint, f.md.DeviceAuthorizationEndpoint, form)
	r, ok := f.answered(r, deviceEndpoint, err)
	if !ok {
		return r
	}
	ex := lastExchange(r.Exchanges)
	da, err := readDeviceAuthorization(ex)
	if err != nil {
		return failed(r, err)
	}
	now := f.opts.now()
	ans, err := readDeviceAnswer(da, ex)
	if err != nil {
		return failed(r, err)
	}
	f.deviceCode = da.DeviceCode
	f.interval, f.expiresIn = ans.interval, ans.expiresIn
	if ans.expiresIn > 0 {
		f.deadline = now.Add(ans.expiresIn)
	}
	r.Notes = append(r.Notes, ans.notes...)
	pr := DevicePrompt(da.VerificationURI, da.UserCode, da.VerificationURIComplete, ans.expiresIn, now)
	f.openBrowser(pr)
	r.Prompt = pr
	r.Status = Done
	return r
}

// readDeviceAuthorization reads the answer to the device authorization
// request, recorded as ex: a 2xx JSON object is the device authorization
// response (RFC 8628 §3.2), read as x/oauth2 reads it (verification_url
// accepted for verification_uri); an error answer (RFC 8628 §3.2 refers to
// RFC 6749 §5.2), in JSON or form-encoded as some servers send it, or any
// answer with an "error" member and no device_code, is an *OAuthError;
// anything else an *HTTPError.
func readDeviceAuthorization(ex *Exchange) (*oauth2.DeviceAuthResponse, error) {
	m := ex.Response
	ct := m.Header.Get("Content-Type")
	fields, _ := orderedFields(ct, m.Body)
	member := func(name string) string {
		for _, fd := range fields {
			var s string
			if fd.Name == name && json.Unmarshal(fd.Raw, &s) == nil {
				return s
			}
		}
		return ""
	}
	ok := m.StatusCode >= 200 && m.StatusCode < 300
	if code := member("error"); code != "" && (!ok || member("device_code") == "") {
		oe := &OAuthError{Endpoint: deviceEndpoint, HTTPStatus: m.StatusCode, Code: code, Description: member("error_description"), URI: member("error_uri")}
		oe.readRequest(ex)
		return nil, oe
	}
	he := responseProblem(deviceEndpoint, m.StatusCode, m.Status, ct, m.Body)
	if !ok {
		return nil, he
	}
	if m.Truncated {
		he.Problem = fmt.Sprintf("the response was larger than %d bytes and was cut; no OAuth server sends that much", MaxBody)
		return nil, he
	}
	var da oauth2.DeviceAuthResponse
	if json.Unmarshal(m.Body, &da) != nil {
		return nil, he
	}
	return &da, nil
}

// openBrowser opens the address that carries the code (or the
// verification URI) when the options have a browser opener: the user who
// runs this on a desktop approves there, as a phone would. Only an
// http(s) URL is opened; the server chose it.
func (f *Device) openBrowser(pr *Prompt) {
	if f.opts.OpenBrowser == nil {
		return
	}
	target := pr.CodeURI()
	if target == "" {
		target = pr.URL
	}
	if u, err := url.Parse(target); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		pr.BrowserErr = fmt.Errorf("the server's verification URI is not an http(s) URL; it was not opened")
		return
	}
	if err := f.opts.OpenBrowser(target); err != nil {
		pr.BrowserErr = err
		return
	}
	pr.BrowserOpened = true
}

// DevicePrompt is the prompt of the device authorization grant
// (RFC 8628 §3.3): on any device, open uri and enter userCode, or open
// complete (verification_uri_complete, "" when none), within expiresIn of
// now (zero: no limit was given).
func DevicePrompt(uri, userCode, complete string, expiresIn time.Duration, now time.Time) *Prompt {
	pr := &Prompt{
		Kind:        PromptDeviceCode,
		Title:       "Enter the code on another device",
		Waiting:     "Waiting for the code to be entered and approved",
		Where:       "on another device",
		URLName:     "Verification URI",
		URL:         uri,
		UserCode:    userCode,
		CompleteURI: complete,
		ExpiresIn:   expiresIn,
		Ref:         "RFC 8628 §3.3",
		Keeps:       "The device_code stays here: the user sees only the user code, which is worth nothing without it.",
	}
	if expiresIn > 0 {
		pr.Deadline = now.Add(expiresIn)
	}
	return pr
}

// deviceAnswer is what the device authorization response says beyond
// x/oauth2's reading: the lifetime and interval as durations, and notes.
type deviceAnswer struct {
	expiresIn, interval time.Duration
	notes               []string
}

// readDeviceAnswer checks the device authorization response (RFC 8628
// §3.2) as x/oauth2 parsed it and as it was received (ex): expires_in is
// read from the body, x/oauth2 having timed it by the wall clock.
func readDeviceAnswer(da *oauth2.DeviceAuthResponse, ex *Exchange) (deviceAnswer, error) {
	var a deviceAnswer
	problem := func(what string) error {
		status, text := 200, "200 OK"
		if ex != nil && ex.Response != nil {
			status, text = ex.Response.StatusCode, ex.Response.Status
		}
		return &HTTPError{Endpoint: deviceEndpoint, HTTPStatus: status, Status: text, Problem: what}
	}
	switch {
	case da.DeviceCode == "":
		return a, problem("answered without a device_code, which RFC 8628 §3.2 requires: there is nothing to poll with")
	case da.UserCode == "":
		return a, problem("answered without a user_code, which RFC 8628 §3.2 requires: there is nothing for the user to enter")
	case da.VerificationURI == "":
		return a, problem("answered without a verification_uri, which RFC 8628 §3.2 requires: the user would not know where to go")
	}
	if ex != nil && ex.Response != nil {
		if fields, err := objectFields(ex.Response.Body); err == nil {
			if n := expiresIn(fields); n > 0 {
				a.expiresIn = time.Duration(n) * time.Second
			}
		}
	}
	if a.expiresIn == 0 {
		a.notes = append(a.notes, "the answer has no expires_in, which RFC 8628 §3.2 requires: the device polls until the server says expired_token or the wait is cancelled")
	}
	a.interval = time.Duration(da.Interval) * time.Second
	if da.Interval <= 0 {
		a.interval = DefaultDeviceInterval
		a.notes = append(a.notes, "the answer has no interval: the device polls every 5 s, the default of RFC 8628 §3.2")
	}
	if da.VerificationURIComplete == "" {
		a.notes = append(a.notes, "no verification_uri_complete (it is optional, RFC 8628 §3.3.1): the user types the code")
	}
	return a, nil
}
