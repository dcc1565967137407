package demo

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestPARStoreOnceAndExpiry: a request_uri is good once, before it
// expires, for the client that pushed it (RFC 9126 §2.2, §4); the clock is
// moved, not waited for.
func TestPARStoreOnceAndExpiry(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := newPARStore()
	s.now = func() time.Time { return now }
	params := url.Values{"redirect_uri": {"http://127.0.0.1:1/cb"}}

	uri := s.push("demo-public", params, false)
	if !strings.HasPrefix(uri, "urn:ietf:params:oauth:request_uri:") {
		t.Fatalf("request_uri %q", uri)
	}
	if p, why, _ := s.take("demo-confidential", uri); p != nil || why != "unknown" {
		t.Errorf("another client: %v %q", p, why)
	}
	if p, why, _ := s.take("demo-public", uri); p.Get("redirect_uri") == "" || why != "" {
		t.Errorf("first use: %v %q", p, why)
	}
	if p, why, _ := s.take("demo-public", uri); p == nil || !strings.Contains(why, "already used") {
		t.Errorf("second use: %v %q", p, why)
	}

	late := s.push("demo-public", params, false)
	now = now.Add(parLifetime + time.Second)
	if p, why, _ := s.take("demo-public", late); p == nil || !strings.Contains(why, "expired") {
		t.Errorf("after expires_in: %v %q", p, why)
	}
	if p, why, _ := s.take("demo-public", "urn:ietf:params:oauth:request_uri:nope"); p != nil || why != "unknown" {
		t.Errorf("unknown: %v %q", p, why)
	}
	// Long after, the old entries are forgotten at the next push.
	now = now.Add(20 * parLifetime)
	s.push("demo-public", params, false)
	if len(s.reqs) != 1 {
		t.Errorf("%d entries kept", len(s.reqs))
	}
}
