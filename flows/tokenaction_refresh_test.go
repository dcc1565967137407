package flows

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestRevokedRefreshTokenLater: after a refresh token is revoked, its
// introspection answers active: false, explained, and a later refresh
// with it (the refresh grant, as a user brings it) fails with a diagnosis
// that says it was revoked, with the server's words first.
func TestRevokedRefreshTokenLater(t *testing.T) {
	srv := demotest.Start(t)
	p := authCodeProvider(t, srv, "demo-confidential")
	rt := loggedInRefreshToken(t, p)
	target := Target{Token: rt, Hint: HintRefreshToken}
	if r := last(t, NewIntrospect(p, Options{}, target)); r.Introspection == nil || !r.Introspection.Active {
		t.Fatalf("before the revocation: %v %+v", r.Err, r.Introspection)
	}
	if rs := runAll(NewRevoke(p, Options{}, target)); rs[len(rs)-1].Status != Done {
		t.Fatalf("revocation: %+v", rs[len(rs)-1])
	}
	r := last(t, NewIntrospect(p, Options{}, target))
	if r.Introspection == nil || r.Introspection.Active {
		t.Fatalf("after the revocation: %v %+v", r.Err, r.Introspection)
	}
	if notes := strings.Join(r.Notes, "\n"); !strings.Contains(notes, "active: false") || !strings.Contains(notes, "revoked") {
		t.Errorf("active: false not explained: %s", notes)
	}
	res, _ := runRefresh(t, p, rt)
	rr := res[RTRefresh.ID]
	if rr.Status != Failed || rr.Diagnosis == nil || rr.Diagnosis.Code != "invalid_grant" {
		t.Fatalf("a later refresh: %v %+v", rr.Status, rr.Diagnosis)
	}
	if len(rr.Diagnosis.Causes) == 0 || !strings.Contains(rr.Diagnosis.Causes[0], "revoked") {
		t.Errorf("the diagnosis does not put the revocation first: %q", rr.Diagnosis.Causes)
	}
}
