package demo

import (
	"html/template"
	"net/http"
	"sync"
)

// pageScope is a scope and its meaning, as listed on a consent page.
type pageScope struct{ Name, Meaning string }

// pageData fills the HTML pages. Fields a page does not use stay empty.
type pageData struct {
	Title, Intro, Error string
	Action              string // form target
	Hidden              map[string]string
	Client              Client
	Scopes              []pageScope
	RedirectURI         string
	Username, Password  string
	UserCode            string
}

func scopesFor(scopes []string) []pageScope {
	out := make([]pageScope, len(scopes))
	for i, s := range scopes {
		out[i] = pageScope{s, scopeMeaning(s)}
	}
	return out
}

// pages holds the HTML of the login/consent, device and message pages:
// one document each, inline CSS, no scripts and no external assets. It is
// parsed on first use: every command links this package, and only the ones
// that start the demo provider need it.
var pages = sync.OnceValue(func() *template.Template { return template.Must(template.New("").Parse(pagesHTML)) })

const pagesHTML = `
{{define "top"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} - oauth-explorer demo provider</title>
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f6;color:#111827;margin:0;padding:2rem 1rem}
main{max-width:34rem;margin:auto;background:#fff;border-radius:.75rem;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.35rem;margin-top:0}.note{color:#4b5563;font-size:.9rem}
.error{background:#fee2e2;color:#991b1b;padding:.6rem .8rem;border-radius:.4rem}
dl{margin:.5rem 0 1rem}dt{font-family:ui-monospace,monospace;font-weight:600}dd{margin:0 0 .5rem 1rem;color:#374151}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #d1d5db;border-radius:.4rem;font-size:1rem}
.buttons{display:flex;gap:.75rem;margin-top:1.2rem}
button{flex:1;padding:.6rem;font-size:1rem;border-radius:.4rem;border:1px solid #d1d5db;background:#fff;cursor:pointer}
button.approve{background:#2563eb;border-color:#2563eb;color:#fff}
code{font-family:ui-monospace,monospace;background:#f3f4f6;padding:0 .25rem;border-radius:.25rem;word-break:break-all}
</style></head><body><main>
<h1>{{.Title}}</h1>
{{if .Intro}}<p class="note">{{.Intro}}</p>{{end}}
{{if .Error}}<p class="error">{{.Error}}</p>{{end}}
{{end}}

{{define "bottom"}}<p class="note">oauth-explorer embedded demo OpenID provider. Demo user: <code>demo</code> / <code>demo</code>.</p>
</main></body></html>
{{end}}

{{define "consent"}}{{template "top" .}}
<p><strong>{{.Client.ID}}</strong> <span class="note">({{.Client.Description}})</span> asks for access to your account.</p>
{{if .UserCode}}<p>Device code: <code>{{.UserCode}}</code></p>{{end}}
<p>It requests these scopes:</p>
<dl>{{range .Scopes}}<dt>{{.Name}}</dt><dd>{{.Meaning}}</dd>{{end}}</dl>
{{if .RedirectURI}}<p class="note">Afterwards your browser returns to <code>{{.RedirectURI}}</code>.</p>{{end}}
<form method="post" action="{{.Action}}">
{{range $name, $value := .Hidden}}<input type="hidden" name="{{$name}}" value="{{$value}}">
{{end}}<label for="username">Username</label>
<input type="text" id="username" name="username" value="{{.Username}}" autocomplete="username">
<label for="password">Password</label>
<input type="password" id="password" name="password" value="{{.Password}}" autocomplete="current-password">
<div class="buttons">
<button type="submit" class="approve" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="deny">Deny</button>
</div>
</form>
{{template "bottom" .}}{{end}}

{{define "usercode"}}{{template "top" .}}
<form method="get" action="{{.Action}}">
<label for="user_code">Code shown on your device</label>
<input type="text" id="user_code" name="user_code" value="{{.UserCode}}" autocomplete="off">
<div class="buttons"><button type="submit" class="approve">Continue</button></div>
</form>
{{template "bottom" .}}{{end}}

{{define "message"}}{{template "top" .}}{{template "bottom" .}}{{end}}
`

// render writes the named page with the given status.
func render(w http.ResponseWriter, status int, page string, data pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = pages().ExecuteTemplate(w, page, data)
}

// message writes a page with only a title and a text.
func message(w http.ResponseWriter, status int, title, text string) {
	render(w, status, "message", pageData{Title: title, Intro: text})
}
