package flows

// requestObjectMeanings explain the claims of a signed request object
// (RFC 9101 §4).
var requestObjectMeanings = map[string]Term{}
