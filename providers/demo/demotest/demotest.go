// Package demotest helps tests use the embedded demo OpenID provider of
// package demo as their real authorization server: it starts one per test
// and plays the browser on its login and consent page (RFC 6749 §4.1.1).
package demotest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// Start starts a demo server for a test and registers t.Cleanup(Close).
func Start(t testing.TB) *demo.Server {
	t.Helper()
	return StartWith(t, demo.Options{})
}

// StartWith is Start with options, e.g. RequirePAR.
func StartWith(t testing.TB, opts demo.Options) *demo.Server {
	t.Helper()
	s, err := demo.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("demotest: start demo provider: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("demotest: close demo provider: %v", err)
		}
	})
	return s
}

var (
	formRE  = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	inputRE = regexp.MustCompile(`<input[^>]*?\sname="([^"]*)"[^>]*?\svalue="([^"]*)"`)
)

// Login acts as a browser: GETs authURL (with its own cookie jar), follows
// redirects to the demo login/consent page, submits it (approve or deny)
// with the prefilled demo credentials, and stops at the redirect to the
// client's redirect_uri (does NOT follow it), returning that full redirect
// URL. The redirect_uri is taken from authURL or, when authURL carries
// only a request_uri (a pushed request, RFC 9126 §4) or a request object
// (RFC 9101 §5.1), is the first redirect away from the authorization
// server. If the provider redirects to
// the client before the login page (an authorization error such as
// invalid_scope), that redirect is returned.
func Login(ctx context.Context, authURL string, approve bool) (redirectURL string, err error) {
	au, err := url.Parse(authURL)
	if err != nil {
		return "", fmt.Errorf("demotest: parse authURL: %w", err)
	}
	var target *url.URL
	if q := au.Query(); q.Get("redirect_uri") != "" || !q.Has("request_uri") && !q.Has("request") {
		ru := q.Get("redirect_uri")
		target, err = url.Parse(ru)
		if err != nil || target.Host == "" {
			return "", errors.New("demotest: authURL has no usable redirect_uri")
		}
	}
	isTarget := func(u *url.URL) bool {
		if target == nil {
			return u.Host != au.Host
		}
		return u.Scheme == target.Scheme && u.Host == target.Host && u.Path == target.Path
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		return "", err
	}
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	var reached string
	client := &http.Client{
		Transport: transport,
		Jar:       jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if isTarget(req.URL) {
				reached = req.URL.String()
				return http.ErrUseLastResponse
			}
			if len(via) >= 10 {
				return errors.New("demotest: too many redirects")
			}
			return nil
		},
	}

	page, status, pageURL, err := fetch(ctx, client, http.MethodGet, authURL, nil)
	if err != nil || reached != "" {
		return reached, err
	}
	if status != http.StatusOK {
		return "", fmt.Errorf("demotest: authorization request answered %d, not the login page: %s", status, snippet(page))
	}
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("demotest: no login form on %s: %s", pageURL, snippet(page))
	}
	action, err := pageURL.Parse(html.UnescapeString(m[1]))
	if err != nil {
		return "", fmt.Errorf("demotest: form action: %w", err)
	}
	form := url.Values{}
	for _, in := range inputRE.FindAllStringSubmatch(page, -1) {
		form.Set(html.UnescapeString(in[1]), html.UnescapeString(in[2]))
	}
	form.Set("action", "deny")
	if approve {
		form.Set("action", "approve")
	}
	page, status, _, err = fetch(ctx, client, http.MethodPost, action.String(), form)
	if err != nil || reached != "" {
		return reached, err
	}
	return "", fmt.Errorf("demotest: login did not redirect to the client (status %d): %s", status, snippet(page))
}

// fetch performs one browser request, following redirects, and returns the
// final body, status and URL.
func fetch(ctx context.Context, client *http.Client, method, target string, form url.Values) (string, int, *url.URL, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return "", 0, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", 0, nil, fmt.Errorf("demotest: %s %s: %w", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, nil, fmt.Errorf("demotest: read %s: %w", target, err)
	}
	return string(b), resp.StatusCode, resp.Request.URL, nil
}

// snippet shortens a page for an error message.
func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
