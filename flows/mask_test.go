package flows

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Realistic secrets: Entra's client secrets are 40 characters with a "Q~"
// in them; tokens are longer than Hide's threshold, so the partial-masking
// path runs.
const (
	entraSecret = "Zq8Q~vN3xWb2.Lr7Ty_Kp5Hm9Jd4Fs6Gc1Ae0Ui8"
	longToken   = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVlLWxvbmc"
)

func TestMasker(t *testing.T) {
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("my-client:"+entraSecret))
	cases := []struct {
		name, got string
		hidden    []string
		kept      []string
	}{
		{"form secret", Masker{}.Form("grant_type=client_credentials&client_secret=" + entraSecret + "&scope=a"), []string{entraSecret, entraSecret[:6]}, []string{"grant_type=client_credentials", "client_secret=••••••[40 chars hidden]", "scope=a"}},
		{"form code", Masker{}.Form("code=abcdefghijklmnopqrstuvwxyz0123&code_verifier=verifier-verifier-verifier-verifier"), []string{"ghijklmn", "verifier-verifier"}, []string{"code=abcdef…[30 chars hidden]"}},
		{"json tokens", Masker{}.JSON(`{"access_token":"` + longToken + `","token_type":"Bearer"}`), []string{longToken}, []string{`"token_type":"Bearer"`, `"access_token":"eyJhbG…`}},
		{"basic header", Masker{}.Header("Authorization", basic), []string{entraSecret, basic[6:]}, []string{"Basic ••••••", "client_id my-client"}},
		{"proxy basic header", Masker{}.Header("Proxy-Authorization", basic), []string{basic[6:], "my-client"}, []string{"Basic ••••••"}},
		{"bearer header", Masker{}.Header("Authorization", "Bearer "+longToken), []string{longToken}, []string{"Bearer eyJhbG…"}},
		{"dpop scheme", Masker{}.Header("authorization", "DPoP "+longToken), []string{longToken}, []string{"DPoP eyJhbG…"}},
		{"dpop proof", Masker{}.Header("DPoP", longToken), []string{longToken}, []string{"eyJhbG…"}},
		{"no scheme", Masker{}.Header("Authorization", entraSecret), []string{entraSecret, entraSecret[:6]}, []string{"••••••"}},
		{"cookie", Masker{}.Header("Cookie", "a=first-cookie-value; b=second-cookie-value"), []string{"first-cookie-value", "second-cookie-value"}, []string{"a=••••••", "; b=••••••"}},
		{"set-cookie", Masker{}.Header("Set-Cookie", "SESSIONID=supersecretsessionvalue0123456789; Path=/; HttpOnly"), []string{"supersecret"}, []string{"SESSIONID=••••••[33 chars hidden]; Path=/; HttpOnly"}},
		{"set-cookie alone", Masker{}.Header("Set-Cookie", "sid=supersecretsessionvalue"), []string{"supersecret"}, []string{"sid=••••••"}},
		{"location", Masker{}.Header("Location", "http://u:p4ssw0rd@127.0.0.1:1/cb?code=abcdefghijklmnopqrstuvwxyz0123&state=xyz"), []string{"p4ssw0rd", "u:", "ghijklmn"}, []string{"http://••••@127.0.0.1:1/cb?code=abcdef…", "state=xyz"}},
		{"referer", Masker{}.Header("Referer", "https://app.example/cb#access_token="+longToken), []string{longToken}, []string{"https://app.example/cb#access_token=eyJhbG…"}},
		{"url query", Masker{}.URL("http://127.0.0.1:1/cb?code=abcdefghijklmnopqrstuvwxyz0123&state=xyz"), []string{"abcdefghijklmnopqrstuvwxyz0123"}, []string{"state=xyz"}},
		{"url userinfo", Masker{}.URL("https://alice:" + entraSecret + "@id.example/token"), []string{"alice", entraSecret[2:10]}, []string{"https://••••@id.example/token"}},
		{"unparsable url userinfo", Masker{}.URL("https://alice:pw-0123456789@id.example/%zz"), []string{"alice", "pw-0123456789"}, []string{"https://••••@id.example/%zz"}},
		{"literal secret", Masker{Secrets: []string{entraSecret}}.Text("error: bad secret " + entraSecret), []string{entraSecret}, []string{"error: bad secret ••••••[40 chars hidden]"}},
		{"literal secret form-encoded", Masker{Secrets: []string{"a b+c/d=e-0123456789"}}.Text("got client_secret=a+b%2Bc%2Fd%3De-0123456789"), []string{"0123456789"}, []string{"client_secret=••••••"}},
		{"basic of a short userinfo user", Masker{Secrets: []string{"bob", "pw-0123456789"}}.Header("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("bob:pw-0123456789"))), []string{"bob", "pw-0123456789"}, []string{"Basic ••••••"}},
		{"userinfo in text", Masker{}.Text(`Post "http://alice:***@127.0.0.1:1/token": refused`), []string{"alice"}, []string{`Post "http://••••@127.0.0.1:1/token"`}},
		{"text/plain form body", Masker{}.Body("text/plain", []byte("access_token="+longToken+"&token_type=bearer")), []string{longToken}, []string{"token_type=bearer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, h := range tc.hidden {
				if strings.Contains(tc.got, h) {
					t.Errorf("%q shows %q", tc.got, h)
				}
			}
			for _, k := range tc.kept {
				if !strings.Contains(tc.got, k) {
					t.Errorf("%q lost %q", tc.got, k)
				}
			}
		})
	}
	if got := (Masker{Reveal: true}).Form("client_secret=x"); got != "client_secret=x" {
		t.Errorf("reveal masked: %q", got)
	}
	if got := (Masker{Reveal: true}).Header("Cookie", "a=b"); got != "a=b" {
		t.Errorf("reveal masked a cookie: %q", got)
	}
}

// TestMaskerEveryField checks each field name that carries a secret, in a
// form, a query, a JSON body (nested, in arrays, as a number) and a JSON
// document held in a string.
func TestMaskerEveryField(t *testing.T) {
	for _, name := range []string{"access_token", "refresh_token", "id_token", "client_secret", "code", "code_verifier",
		"device_code", "assertion", "client_assertion", "subject_token", "actor_token", "password", "token", "issued_token"} {
		t.Run(name, func(t *testing.T) {
			v := "Vq7" + name + "-" + entraSecret
			forbidden := v[1:9] // any fragment past the visible prefix
			shown := map[string]string{
				"form":          Masker{}.Form("a=1&" + name + "=" + v + "&b=2"),
				"query":         Masker{}.URL("https://x.example/p?" + name + "=" + v),
				"json":          Masker{}.JSON(`{"` + name + `":"` + v + `"}`),
				"json escaped":  Masker{}.JSON(`{"` + strings.Replace(name, "o", `\u006f`, 1) + `":"` + v + `"}`),
				"json nested":   Masker{}.JSON(`{"outer":{"list":[{"` + name + `":"` + v + `"}]}}`),
				"json array":    Masker{}.JSON(`{"` + name + `":["` + v + `",{"value":"` + v + `"}]}`),
				"json upper":    Masker{}.JSON(`{"` + strings.ToUpper(name) + `":"` + v + `"}`),
				"json in JSON":  Masker{}.JSON(`{"error_description":` + mustQuote(`{"`+name+`":"`+v+`"}`) + `}`),
				"json cut":      Masker{}.Body("application/json", []byte(`{"x":1,"`+name+`":"`+v[:30])),
				"json cut name": Masker{}.Body("application/json", []byte(`{"x":[1,2],"`+name+`":"`+v[:30])),
			}
			num := Masker{}.JSON(`{"` + name + `":123456789012345}`)
			if strings.Contains(num, "123456789012345") {
				t.Errorf("a number value shows: %s", num)
			}
			for where, s := range shown {
				if strings.Contains(s, forbidden) {
					t.Errorf("%s: %s shows %q", where, s, forbidden)
				}
			}
			if !json.Valid([]byte(shown["json nested"])) || !json.Valid([]byte(shown["json in JSON"])) {
				t.Errorf("masked JSON is not JSON: %s / %s", shown["json nested"], shown["json in JSON"])
			}
		})
	}
	layout := "{\n  \"access_token\": \"" + longToken + "\",\n  \"scope\": \"a b\"\n}"
	want := "{\n  \"access_token\": \"eyJhbG…[64 chars hidden]\",\n  \"scope\": \"a b\"\n}"
	if got := (Masker{}).JSON(layout); got != want {
		t.Errorf("the layout changed:\n%s\nwant\n%s", got, want)
	}
	plain := `{"token_type":"Bearer","codes":["x"],"tokens_left":3}`
	if got := (Masker{}).JSON(plain); got != plain {
		t.Errorf("a field that is not secret was masked: %s", got)
	}
}

// TestMaskerDiagnosis checks that every sentence of a diagnosis is masked.
func TestMaskerDiagnosis(t *testing.T) {
	d := &Diagnosis{What: "invalid client_secret " + entraSecret, Causes: []string{"sent " + entraSecret},
		Try: []string{"open http://u:pw-0123456789@x/"}, Code: "invalid_client"}
	got := Masker{Secrets: []string{entraSecret}}.Diagnosis(d)
	all := strings.Join(append(append([]string{got.What}, got.Causes...), got.Try...), " ")
	if strings.Contains(all, entraSecret) || strings.Contains(all, "pw-0123456789") {
		t.Errorf("the diagnosis shows a secret: %s", all)
	}
	if d.What != "invalid client_secret "+entraSecret || got.Code != "invalid_client" {
		t.Error("Diagnosis changed its argument or lost the code")
	}
	// Diagnose itself hides userinfo, whichever renderer shows it.
	raw := Diagnose(fmt.Errorf("token endpoint: %w", errors.New(`Post "http://alice:pw-0123456789@127.0.0.1:1/token": EOF`)))
	if s := fmt.Sprint(raw.What, raw.Causes, raw.Try); strings.Contains(s, "alice") || strings.Contains(s, "pw-0123456789") {
		t.Errorf("Diagnose names URL userinfo: %s", s)
	}
}

func mustQuote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
