package flows

// The HTTP Archive (HAR) 1.2 format, as its specification lists the
// members (http://www.softwareishard.com/blog/har-12-spec/, kept at
// github.com/ahmadnassri/har-spec versions/1.2.md). The types serve the
// writer (Export with ExportHAR) and a reader alike: members the spec
// makes optional are omitted when empty, and the custom members this
// program adds start with an underscore, as the spec asks of custom
// fields; readers of other tools ignore them.

// HAR is a HAR file: one member, log.
type HAR struct {
	Log HARLog `json:"log"`
}

// HARLog is the root of the exported data.
type HARLog struct {
	// Comment comes first, so that a file with secrets in clear says so
	// on its first lines.
	Comment string      `json:"comment,omitempty"`
	Version string      `json:"version"`
	Creator HARCreator  `json:"creator"`
	Browser *HARCreator `json:"browser,omitempty"`
	Entries []HAREntry  `json:"entries"`
	// The run's context, written by oauth-explorer: the provider's name,
	// the grant's ID and name, the issuer, and whether secrets are masked.
	Provider  string `json:"_provider,omitempty"`
	GrantID   string `json:"_grant,omitempty"`
	GrantName string `json:"_grantName,omitempty"`
	Issuer    string `json:"_issuer,omitempty"`
	Masked    bool   `json:"_masked"`
	// Steps is the run's timeline, every step in order, those that made
	// no request of this program's too (the browser's, a skipped one), so
	// that a reader shows the same timeline; written by oauth-explorer.
	Steps []HARStep `json:"_steps,omitempty"`
}

// HARStep is one step of the run's timeline, in HARLog.Steps.
type HARStep struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	// Browser is the URL the user's browser was sent to at this step,
	// when it made the step's request (masked as the rest).
	Browser string `json:"browser,omitempty"`
}

// HARCreator names the application that wrote the log (or the browser).
type HARCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Comment string `json:"comment,omitempty"`
}

// HAREntry is one HTTP request and its response.
type HAREntry struct {
	// StartedDateTime is ISO 8601 with milliseconds (RFC 3339).
	StartedDateTime string `json:"startedDateTime"`
	// Time is the total time in milliseconds, the sum of Timings.
	Time     float64     `json:"time"`
	Request  HARRequest  `json:"request"`
	Response HARResponse `json:"response"`
	Cache    HARCache    `json:"cache"`
	Timings  HARTimings  `json:"timings"`
	// Comment holds the title of the step that made the exchange.
	Comment string `json:"comment,omitempty"`
	// Step is the ID of the step that made the exchange (StepInfo.ID),
	// StepTitle its title and StepStatus how the step ended: the round
	// trip of a run through a HAR file reads them.
	Step       string `json:"_step,omitempty"`
	StepTitle  string `json:"_stepTitle,omitempty"`
	StepStatus string `json:"_stepStatus,omitempty"`
	// ResourceType is what Chrome's devtools say the request was for
	// ("document", "script", "image", "fetch"); a reader skips the
	// static ones. This program does not write it.
	ResourceType string `json:"_resourceType,omitempty"`
}

// HARRequest is the request of an entry.
type HARRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []HARCookie    `json:"cookies"`
	Headers     []HARNameValue `json:"headers"`
	QueryString []HARNameValue `json:"queryString"`
	PostData    *HARPostData   `json:"postData,omitempty"`
	HeadersSize int64          `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
	Comment     string         `json:"comment,omitempty"`
}

// HARResponse is the response of an entry. An exchange that got none has
// status 0 and Error set, as browser devtools write a failed request.
type HARResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []HARCookie    `json:"cookies"`
	Headers     []HARNameValue `json:"headers"`
	Content     HARContent     `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int64          `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
	Comment     string         `json:"comment,omitempty"`
	// Error is why no (complete) response arrived.
	Error string `json:"_error,omitempty"`
}

// HARNameValue is a header or a query parameter.
type HARNameValue struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Comment string `json:"comment,omitempty"`
}

// HARCookie is a cookie sent or set.
type HARCookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
	Comment  string `json:"comment,omitempty"`
}

// HARPostData is a request's body. Params lists a form's parameters; Text
// holds the body as sent, for forms too (as browsers write it).
type HARPostData struct {
	MimeType string     `json:"mimeType"`
	Params   []HARParam `json:"params,omitempty"`
	Text     string     `json:"text"`
	Comment  string     `json:"comment,omitempty"`
}

// HARParam is one parameter of a posted form.
type HARParam struct {
	Name        string `json:"name"`
	Value       string `json:"value,omitempty"`
	FileName    string `json:"fileName,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Comment     string `json:"comment,omitempty"`
}

// HARContent is a response's body. Encoding is "base64" when Text holds
// the body base64-encoded (a body that is not UTF-8).
type HARContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	Comment  string `json:"comment,omitempty"`
	// Truncated is set when the body was cut at MaxBody.
	Truncated bool `json:"_truncated,omitempty"`
}

// HARCache is the cache state of an entry: this program has no cache, so
// it is always empty.
type HARCache struct {
	Comment string `json:"comment,omitempty"`
}

// HARTimings splits an entry's time into its phases, in milliseconds. The
// recorder measures the whole exchange only: it is written as Wait.
type HARTimings struct {
	Blocked *float64 `json:"blocked,omitempty"`
	DNS     *float64 `json:"dns,omitempty"`
	Connect *float64 `json:"connect,omitempty"`
	Send    float64  `json:"send"`
	Wait    float64  `json:"wait"`
	Receive float64  `json:"receive"`
	SSL     *float64 `json:"ssl,omitempty"`
	Comment string   `json:"comment,omitempty"`
}
