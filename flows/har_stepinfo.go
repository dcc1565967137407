package flows

import (
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// JWKSStep is the step of a capture in which the client fetched the
// server's signing keys, to verify the ID token (OIDC Core §3.1.3.7 step
// 6): the ID token step's explanation teaches it.
var JWKSStep = StepInfo{ID: "jwks", Title: "Signing keys (JWKS)", From: Client, To: AuthorizationServer,
	Summary: "fetch the JWK Set whose public keys verify the tokens' signatures (RFC 7517 §5)", Explain: acIDTokenExplain}

// knownSteps are the steps of every grant and action, to find a step of
// this program's capture by its ID and title.
var knownSteps = []StepInfo{Discovery, ACAuthRequest, ACLogin, ACCallback, ACToken, ACIDToken, ACUserinfo, ACAPICall, ACRefresh,
	ACPushed, CCTokenRequest, VerifyAccessToken, DVAuthorization, DVPoll, DVIDToken, IMAuthRequest, IMLogin, IMCallback, IMIDToken,
	IntrospectionRequest, JBAssertion, JBToken, PWToken, PWIDToken, RTRefresh, ClientRegistration, RSCall, RSMetadata, RSAuthServer,
	RSCallAgain, RevocationRequest, RevocationCheck, TXSubject, TXExchange, TXVerify, UserinfoRequest, JWKSStep}

// grantSteps are the steps each grant names alike ("token", "Token
// request"): a capture of the grant takes its own first.
var grantSteps = lazy.Value[map[string][]StepInfo]{New: func() map[string][]StepInfo {
	return map[string][]StepInfo{
		FlowIDClientCredentials: {CCTokenRequest, VerifyAccessToken},
		FlowIDDevice:            {DVAuthorization, DVPoll, DVIDToken},
		FlowIDImplicit:          {IMAuthRequest, IMLogin, IMCallback, IMIDToken},
		FlowIDPassword:          {PWToken, PWIDToken},
		FlowIDRefresh:           {RTRefresh},
		FlowIDTokenExchange:     {TXSubject, TXExchange, TXVerify},
		FlowIDJWTBearer:         {JBAssertion, JBToken},
		FlowIDResource:          {RSCall, RSMetadata, RSAuthServer, RSCallAgain},
	}
}}

// knownStep finds the step of this program's capture of grant by its ID
// and title; one it does not know keeps its ID and title, unexplained.
func knownStep(grant, id, title, comment string) StepInfo {
	if title == "" {
		title = comment
	}
	for _, s := range append(grantSteps.Get()[grant], knownSteps...) {
		if s.ID == id && s.Title == title {
			return s
		}
	}
	for _, s := range knownSteps {
		if s.ID == id && title == "" {
			return s
		}
	}
	if title == "" {
		title = "Step"
	}
	return StepInfo{ID: id, Title: title, From: Client, To: AuthorizationServer}
}

// tokenSteps are the token request steps by grant_type.
var tokenSteps = lazy.Value[map[string]StepInfo]{New: func() map[string]StepInfo {
	return map[string]StepInfo{
		"authorization_code": ACToken, "refresh_token": ACRefresh, "client_credentials": CCTokenRequest,
		deviceGrantType: DVPoll, "password": PWToken, tokenExchangeGrantType: TXExchange, jwtBearerGrantType: JBToken,
	}
}}

// stepInfo is the step an exchange of another program's capture makes.
func (an *analyst) stepInfo(it *captureItem) StepInfo {
	switch it.kind {
	case kindDiscovery:
		return Discovery
	case kindResourceMetadata:
		return RSMetadata
	case kindJWKS:
		return JWKSStep
	case kindAuthorize:
		if rt := it.query.Get("response_type"); rt != "" && !strings.Contains(rt, "code") {
			return IMAuthRequest
		}
		return ACAuthRequest
	case kindLogin:
		return ACLogin
	case kindCallback:
		if it.query.Has("access_token") || it.query.Has("id_token") {
			return IMCallback
		}
		return ACCallback
	case kindToken:
		if s, ok := tokenSteps.Get()[it.form.Get("grant_type")]; ok {
			return s
		}
		return ACToken
	case kindUserinfo:
		return ACUserinfo
	case kindIntrospect:
		return IntrospectionRequest
	case kindRevoke:
		return RevocationRequest
	case kindPAR:
		return ACPushed
	case kindDevice:
		return DVAuthorization
	case kindRegister:
		return ClientRegistration
	}
	return ACAPICall
}
