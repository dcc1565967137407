package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// poll waits for the user (RFC 8628 §3.4, §3.5): it polls the token
// endpoint every interval until the server answers with tokens or with an
// error other than authorization_pending and slow_down, the device code
// expires, or ctx ends. Each poll is its own recorded exchange; a note
// groups their answers ("authorization_pending ×7, then 200").
func (f *Device) poll(ctx context.Context) Result {
	r := Result{}
	var log pollLog
	for {
		wait := f.interval
		if !f.deadline.IsZero() {
			left := f.deadline.Sub(f.opts.now())
			if left <= 0 {
				return f.expired(r, log)
			}
			wait = min(wait, left)
		}
		if err := f.opts.sleep(ctx, wait); err != nil {
			r = failed(r, fmt.Errorf("device polling: waiting cancelled: %w", err))
			r.Diagnosis.Causes = []string{"the wait was stopped before the user approved on the other device"}
			r.Diagnosis.Try = []string{"run the flow again and enter the new code at the verification URI"}
			return log.noted(r)
		}
		if !f.deadline.IsZero() && !f.opts.now().Before(f.deadline) {
			return f.expired(r, log)
		}
		tok, err := f.pollOnce(ctx)
		r.Exchanges = append(r.Exchanges, f.rec.Take()...)
		var re *oauth2.RetrieveError
		errors.As(err, &re)
		switch {
		case re != nil && re.ErrorCode == "authorization_pending":
			log.add(re.ErrorCode)
			continue
		case re != nil && re.ErrorCode == "slow_down":
			log.add(re.ErrorCode)
			f.interval += slowDownStep
			r.Notes = append(r.Notes, fmt.Sprintf("slow_down after poll %d: the server asks the device to poll less often, so the interval grows by 5 s to %s for this and every later poll (RFC 8628 §3.5)", log.polls, f.interval))
			continue
		}
		log.add(pollOutcome(re, lastExchange(r.Exchanges)))
		r = log.noted(r)
		return f.tokens(r, tok, err)
	}
}

// tokens finishes the polling step with the poll that ended it.
func (f *Device) tokens(r Result, tok *oauth2.Token, err error) Result {
	r, ok := f.tokenAnswered(r, DVPoll.ID, tok, err)
	if !ok {
		return r
	}
	r.Status = Done
	return f.userTokenNotes(r)
}

// pollOnce sends one device access token request (RFC 8628 §3.4). It is
// made with x/oauth2's clientcredentials.Config, whose grant_type may be
// replaced, rather than with Config.DeviceAccessToken: that one polls on
// a ticker of its own until the end, so that its waits could not follow
// Options.Sleep and a slow_down would go unseen.
func (f *Device) pollOnce(ctx context.Context) (*oauth2.Token, error) {
	p := f.provider
	params := url.Values{"grant_type": {deviceGrantType}, "device_code": {f.deviceCode}}
	for k, v := range p.TokenParams {
		if k != "grant_type" && k != "device_code" {
			params[k] = v
		}
	}
	secret := p.SecretSent()
	cfg := clientcredentials.Config{
		ClientID:       p.ClientID,
		ClientSecret:   secret,
		TokenURL:       f.md.TokenEndpoint,
		EndpointParams: params,
		AuthStyle:      authStyle(p.AuthMethod),
	}
	return cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, f.client))
}

// expired ends the wait at the device code's expiry, without a poll the
// server would refuse (RFC 8628 §3.5 expired_token).
func (f *Device) expired(r Result, log pollLog) Result {
	e := &DeviceExpiredError{ExpiresIn: f.expiresIn, Polls: log.polls}
	r = failed(r, e)
	r.Diagnosis = Masker{}.Diagnosis(e.diagnosis())
	return log.noted(r)
}

// DeviceExpiredError is the device code's expiry (RFC 8628 §3.2
// expires_in) reached before the user approved.
type DeviceExpiredError struct {
	ExpiresIn time.Duration
	Polls     int
}

func (e *DeviceExpiredError) Error() string {
	return fmt.Sprintf("device polling: the device code expired (expires_in %s) before the user approved, after %d %s", e.ExpiresIn, e.Polls, plural(e.Polls, "poll", "polls"))
}

// diagnosis explains the expiry as the server's expired_token would be.
func (e *DeviceExpiredError) diagnosis() *Diagnosis {
	a := deviceAdvice.Get()["expired_token"]
	return a.diagnosis("expired_token", "The device code expired before the user approved: the device stops polling at its expires_in ("+e.ExpiresIn.String()+")")
}

// pollOutcome names the answer of the poll that ended the wait: its
// error code, else its HTTP status.
func pollOutcome(re *oauth2.RetrieveError, ex *Exchange) string {
	switch {
	case re != nil && re.ErrorCode != "":
		return re.ErrorCode
	case ex != nil && ex.Response != nil:
		return fmt.Sprint(ex.Response.StatusCode)
	}
	return "no answer"
}

// pollLog counts the polls' answers in runs: "authorization_pending ×7,
// slow_down, authorization_pending ×2, then 200".
type pollLog struct {
	polls int
	runs  []pollRun
}

type pollRun struct {
	outcome string
	n       int
}

func (l *pollLog) add(outcome string) {
	l.polls++
	if n := len(l.runs); n > 0 && l.runs[n-1].outcome == outcome {
		l.runs[n-1].n++
		return
	}
	l.runs = append(l.runs, pollRun{outcome, 1})
}

// String groups the answers, the last after "then".
func (l pollLog) String() string {
	var parts []string
	for _, r := range l.runs {
		s := r.outcome
		if r.n > 1 {
			s += fmt.Sprintf(" ×%d", r.n)
		}
		parts = append(parts, s)
	}
	if n := len(parts); n > 1 {
		parts[n-1] = "then " + parts[n-1]
	}
	return strings.Join(parts, ", ")
}

// noted adds the polls' summary to r's notes, first.
func (l pollLog) noted(r Result) Result {
	if l.polls == 0 {
		r.Notes = append([]string{"no poll was sent"}, r.Notes...)
		return r
	}
	n := fmt.Sprintf("polled the token endpoint %d %s: %s", l.polls, plural(l.polls, "time", "times"), l)
	r.Notes = append([]string{n}, r.Notes...)
	return r
}
