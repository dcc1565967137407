package flows

// The guided tour for first-time learners: three grants on the demo
// provider, from the simplest to the one a TV uses, with a few sentences
// per step on what just happened and one thing to try at each stop. The
// surfaces (the TUI's "tour" entry, oauth-explorer tour) show the texts
// beside the run; nothing here runs anything.

// TourStop is one grant of the tour.
type TourStop struct {
	// FlowID is the grant run at this stop (Grant.ID).
	FlowID string
	// Intro says what the grant is for and what to watch.
	Intro string
	// Steps says, by step ID, what just happened, in plain words.
	Steps map[string]string
	// Try is one thing to try before going on.
	Try string
}

// Tour lists the tour's stops in order.
func Tour() []TourStop {
	return []TourStop{{
		FlowID: FlowIDClientCredentials,
		Intro:  "Client credentials: a program asks for a token for itself, with its own id and secret. No user, no browser: the simplest grant, and the place to see the three things every run does (find the server, ask for a token, check it).",
		Steps: map[string]string{
			"discovery": "The client read the provider's discovery document: one GET that names every endpoint it will use, so nothing is hard-coded.",
			"token":     "The client sent its id and secret (in the Authorization header: client_secret_basic) and got an access token back. Look at {view:request} and {view:response}: that is all there is to it.",
			"verify":    "The token was checked the way an API would: the signature with the provider's public keys, then who issued it, for whom, and until when. Each check is listed in {view:claims}.",
		},
		Try: "Change a letter of {setting:client-secret} and start again: the token request fails, and {view:diagnosis} names the cause and the fix.",
	}, {
		FlowID: FlowIDAuthCode,
		Intro:  "Authorization code with PKCE: an app acts for a user. The user logs in at the provider in the browser, never in the app; the app gets a short-lived code and trades it for tokens, proving with PKCE that it is the app that asked.",
		Steps: map[string]string{
			"discovery": "The same discovery as before: this time the client needs the authorization endpoint too.",
			"authorize": "The client sent the browser to the provider with what it wants (scopes), where to come back (redirect_uri), and three random values: state, nonce and the PKCE challenge.",
			"login":     "The user logged in and approved, at the provider: the app never sees the password.",
			"callback":  "The browser came back to the client's loopback address with a code; the client checked that state matches what it sent, so the answer belongs to its own request.",
			"token":     "The client traded the code for tokens, sending the PKCE verifier whose hash it sent before: a stolen code is useless without it.",
			"id_token":  "The ID token says who logged in; its nonce matches the one sent, so it was made for this login.",
			"userinfo":  "With the access token, the client asked the provider about the user.",
			"api":       "And called the API: the resource server checked the token and answered.",
			"refresh":   "The refresh token got a new access token without the user; the provider rotated the refresh token, so the old one is now spent.",
		},
		Try: "Open {view:diagram}: the four roles of OAuth as lanes, which requests went through the browser (dashed) and which went directly, and each answer.",
	}, {
		FlowID: FlowIDDevice,
		Intro:  "The device flow: for a TV or a command line with no browser. The device shows a code; the user enters it on a phone or a computer, and the device asks the provider every few seconds whether the user is done.",
		Steps: map[string]string{
			"discovery":            "Discovery again: the device authorization endpoint is the new one.",
			"device_authorization": "The device got a user code to show and a device code to keep; the user code is short so that it can be typed.",
			"device_poll":          "The device asked for tokens again and again (authorization_pending) until the user approved on the other device.",
			"id_token":             "The same ID token checks as in the browser flow.",
			"userinfo":             "With the access token, the device asked the provider about the user who approved on the other device: the token speaks for that user.",
			"api":                  "Then the device called the API with the access token. The device never saw the user's password, nor even a browser: the user code tied the two devices together.",
		},
		Try: "Revoke the access token with {view:actions}, then, from that revocation's run, open the actions menu again and ask for userinfo with the same token: the provider now refuses it (invalid_token). The revocation's own check was skipped: this device client is public, and the demo lets only confidential clients introspect.",
	}}
}

// TourEnd is what the tour says at its end: where to go next.
const TourEnd = "That was the tour. Next: run a flow against a real provider. Go back to the provider picker (esc until it shows) and choose its preset (Google, Entra, Okta, Auth0, Keycloak…), which asks for a few fields, or add any provider by its issuer URL (a there); every screen you saw works the same, and {view:diagnosis} speaks each provider's dialect."
