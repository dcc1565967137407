package demotest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// Device acts as the user on the demo's device verification page
// (RFC 8628 §3.3): it opens completeURI (the verification_uri_complete,
// which carries the user code), and approves or denies with the prefilled
// demo credentials. It returns an error unless the page confirms the
// decision; the device's next poll then gets the tokens or access_denied.
func Device(ctx context.Context, completeURI string, approve bool) error {
	u, err := url.Parse(completeURI)
	if err != nil || u.Query().Get("user_code") == "" {
		return fmt.Errorf("demotest: %q is not a verification URI carrying a user_code", completeURI)
	}
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	page, status, pageURL, err := fetch(ctx, client, http.MethodGet, completeURI, nil)
	if err != nil {
		return err
	}
	m := formRE.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		return fmt.Errorf("demotest: no consent form at %s (status %d): %s", completeURI, status, snippet(page))
	}
	action, err := pageURL.Parse(html.UnescapeString(m[1]))
	if err != nil {
		return fmt.Errorf("demotest: form action: %w", err)
	}
	form := url.Values{}
	for _, in := range inputRE.FindAllStringSubmatch(page, -1) {
		form.Set(html.UnescapeString(in[1]), html.UnescapeString(in[2]))
	}
	want := "Access denied"
	form.Set("action", "deny")
	if approve {
		want = "Device connected"
		form.Set("action", "approve")
	}
	page, _, _, err = fetch(ctx, client, http.MethodPost, action.String(), form)
	if err != nil {
		return err
	}
	if !strings.Contains(page, want) {
		return errors.New("demotest: the device page did not confirm the decision: " + snippet(page))
	}
	return nil
}

// DeviceBrowser returns a browser opener (flows.Options.OpenBrowser) that
// plays the user on the device page: given the verification URI that
// carries the code, it approves (or denies) at once.
func DeviceBrowser(approve bool) func(string) error {
	return func(uri string) error { return Device(context.Background(), uri, approve) }
}
