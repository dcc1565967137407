package demotest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Relay plays the browser at the end of an implicit grant (RFC 6749
// §4.2.2), given the redirect Login returned: it GETs the redirect URI
// without its fragment, as a browser does, and, when the page it gets has
// the script that reads location.hash, does that script's job: it POSTs
// the fragment (or the query, when there is no fragment) form-encoded to
// the same path, with the Origin header a browser sends. It returns the
// status and body of the answer to the POST. client is the browser's
// HTTP client (nil means a new one).
func Relay(ctx context.Context, client *http.Client, redirect string) (status int, page string, err error) {
	if client == nil {
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		client = &http.Client{Transport: tr}
	}
	u, err := url.Parse(redirect)
	if err != nil {
		return 0, "", fmt.Errorf("demotest: parse redirect: %w", err)
	}
	params := u.EscapedFragment()
	if params == "" {
		params = u.RawQuery
	}
	bare := *u
	bare.Fragment, bare.RawFragment = "", ""
	first, status, err := browse(ctx, client, http.MethodGet, bare.String(), "", "")
	if err != nil {
		return 0, "", err
	}
	if status != http.StatusOK || !strings.Contains(first, "location.hash") {
		return status, first, fmt.Errorf("demotest: the redirect URI answered %d without the page that posts the fragment back: %s", status, snippet(first))
	}
	target := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	page, status, err = browse(ctx, client, http.MethodPost, target.String(), u.Scheme+"://"+u.Host, params)
	return status, page, err
}

// browse sends one request as the browser, the POST as fetch() would
// send it from a page of origin.
func browse(ctx context.Context, client *http.Client, method, target, origin, body string) (string, int, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		return "", 0, err
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("demotest: %s %s: %w", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return string(b), resp.StatusCode, err
}
