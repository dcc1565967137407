package demo

import (
	"net/http"
	"net/url"

	httphelper "github.com/zitadel/oidc/v3/pkg/http"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Paths of the pages this package serves next to op's endpoints.
const (
	loginPath     = "/login"
	devicePath    = "/device"
	loggedOutPath = "/logged-out"
)

// loginPage is the authorization server's user-facing step of the
// authorization code flow (RFC 6749 §4.1.1): op redirects the browser here
// with the ID of the stored authorization request; the user logs in and
// approves or denies. Approval returns to op's callback, which issues the
// code; denial returns to the client with error=access_denied
// (RFC 6749 §4.1.2.1).
type loginPage struct {
	store    *storage
	callback string // op's authorize callback path; "?id=" and the request ID follow
	encoder  httphelper.Encoder
}

func (l *loginPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		id := r.URL.Query().Get("authRequestID")
		req, err := l.store.authRequest(id)
		if err != nil {
			message(w, http.StatusBadRequest, "Unknown login request", "This login request is unknown or expired. Start the flow again from the application.")
			return
		}
		l.show(w, http.StatusOK, req, "")
	case http.MethodPost:
		if err := r.ParseForm(); err != nil {
			message(w, http.StatusBadRequest, "Bad request", "The form could not be read.")
			return
		}
		l.submit(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		message(w, http.StatusMethodNotAllowed, "Method not allowed", "Use GET or POST.")
	}
}

// show renders the login and consent form for req.
func (l *loginPage) show(w http.ResponseWriter, status int, req *authRequest, errText string) {
	c, _ := ClientByID(req.ClientID)
	render(w, status, "consent", pageData{
		Title:       "Sign in to the demo provider",
		Intro:       "You are the resource owner: decide whether this application may act for you.",
		Error:       errText,
		Action:      loginPath,
		Hidden:      map[string]string{"authRequestID": req.id},
		Client:      c,
		Scopes:      scopesFor(req.Scopes),
		RedirectURI: req.RedirectURI,
		Username:    DemoUsername,
		Password:    DemoPassword,
	})
}

func (l *loginPage) submit(w http.ResponseWriter, r *http.Request) {
	id := r.PostForm.Get("authRequestID")
	req, err := l.store.authRequest(id)
	if err != nil {
		message(w, http.StatusBadRequest, "Unknown login request", "This login request is unknown, expired or already answered. Start the flow again from the application.")
		return
	}
	if r.PostForm.Get("action") != "approve" {
		l.deny(w, r, id)
		return
	}
	if !checkPassword(r.PostForm.Get("username"), r.PostForm.Get("password")) {
		l.show(w, http.StatusOK, req, "Wrong username or password. The demo user is demo with password demo.")
		return
	}
	if err := l.store.completeAuthRequest(id, demoSubject); err != nil {
		message(w, http.StatusBadRequest, "Unknown login request", err.Error())
		return
	}
	http.Redirect(w, r, l.callback+"?id="+url.QueryEscape(id), http.StatusFound)
}

// deny ends the request and sends the browser back to the client with
// error=access_denied and the request's state (RFC 6749 §4.1.2.1).
func (l *loginPage) deny(w http.ResponseWriter, r *http.Request, id string) {
	req, err := l.store.takeAuthRequest(id)
	if err != nil {
		message(w, http.StatusBadRequest, "Unknown login request", err.Error())
		return
	}
	e := oidc.ErrAccessDenied().WithDescription("the user denied the authorization request")
	e.State = req.State
	target, err := op.AuthResponseURL(req.RedirectURI, req.ResponseType, req.ResponseMode, e, l.encoder)
	if err != nil {
		message(w, http.StatusInternalServerError, "Error", "The answer to the application could not be built.")
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// loggedOut is where RP-initiated logout ends without a
// post_logout_redirect_uri (OpenID Connect RP-Initiated Logout §2).
func loggedOut(w http.ResponseWriter, _ *http.Request) {
	message(w, http.StatusOK, "Signed out", "Your session with the demo provider has ended and its tokens for this client were revoked.")
}
