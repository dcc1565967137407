package demo

import (
	"net/http"
	"strings"
)

// devicePage is the verification URI of the device authorization grant
// (RFC 8628 §3.3): the user enters the code shown on the device (or follows
// verification_uri_complete), logs in and approves or denies. The device
// meanwhile polls the token endpoint (RFC 8628 §3.4).
type devicePage struct {
	store *storage
}

// normalizeUserCode accepts a user code in any case, with or without its
// dash (RFC 8628 §6.1 advises forgiving input).
func normalizeUserCode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) == 8 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:]
	}
	return s
}

func (d *devicePage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		code := normalizeUserCode(r.URL.Query().Get("user_code"))
		if code == "" {
			d.askCode(w, "", "")
			return
		}
		d.show(w, code, "")
	case http.MethodPost:
		if err := r.ParseForm(); err != nil {
			message(w, http.StatusBadRequest, "Bad request", "The form could not be read.")
			return
		}
		d.submit(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		message(w, http.StatusMethodNotAllowed, "Method not allowed", "Use GET or POST.")
	}
}

// askCode renders the form asking for the user code.
func (d *devicePage) askCode(w http.ResponseWriter, code, errText string) {
	render(w, http.StatusOK, "usercode", pageData{
		Title:    "Connect a device",
		Intro:    "Enter the code your device shows.",
		Error:    errText,
		Action:   devicePath,
		UserCode: code,
	})
}

// show renders the login and consent form for a user code.
func (d *devicePage) show(w http.ResponseWriter, code, errText string) {
	st, ok := d.store.deviceByUserCode(code)
	if !ok {
		d.askCode(w, code, "This code is unknown, expired or already used.")
		return
	}
	c, _ := ClientByID(st.ClientID)
	render(w, http.StatusOK, "consent", pageData{
		Title:    "Sign in to connect a device",
		Intro:    "Check that the code matches the one on your device before you approve.",
		Error:    errText,
		Action:   devicePath,
		Hidden:   map[string]string{"user_code": code},
		Client:   c,
		Scopes:   scopesFor(st.Scopes),
		Username: DemoUsername,
		Password: DemoPassword,
		UserCode: code,
	})
}

func (d *devicePage) submit(w http.ResponseWriter, r *http.Request) {
	code := normalizeUserCode(r.PostForm.Get("user_code"))
	approve := r.PostForm.Get("action") == "approve"
	if approve && !checkPassword(r.PostForm.Get("username"), r.PostForm.Get("password")) {
		d.show(w, code, "Wrong username or password. The demo user is demo with password demo.")
		return
	}
	if err := d.store.decideDevice(code, demoSubject, approve); err != nil {
		d.askCode(w, code, "This code is unknown, expired or already used.")
		return
	}
	if !approve {
		message(w, http.StatusOK, "Access denied", "The device will be told that you denied access (error access_denied).")
		return
	}
	message(w, http.StatusOK, "Device connected", "You may return to your device; its next poll receives the tokens.")
}
