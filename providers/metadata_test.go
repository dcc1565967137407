package providers

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMetadataRefuses(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"", "empty"},
		{"<html><body>Sign in</body></html>", "HTML"},
		{`["issuer"]`, "JSON object"},
		{`{"issuer": 5}`, "not a valid metadata document"},
		{`{"token_endpoint":"https://x/token"}`, `no "issuer"`},
	} {
		_, err := ParseMetadata([]byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to mention %q", tc.body, err, tc.want)
		}
	}
}

func TestExplainEveryMetadataMember(t *testing.T) {
	rt := reflect.TypeFor[Metadata]()
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if Explain(name) == "" {
			t.Errorf("Explain(%q) is empty", name)
		}
	}
	if Explain("x_vendor_extension") != "" {
		t.Error("an unknown member has an explanation")
	}
}

func TestMetadataFieldsInDocumentOrder(t *testing.T) {
	md, err := ParseMetadata([]byte(`{"token_endpoint":"https://x/t","issuer":"https://x","x_vendor":true}`))
	if err != nil {
		t.Fatal(err)
	}
	f := md.Fields()
	if len(f) != 3 || f[0].Name != "token_endpoint" || f[1].Name != "issuer" || f[2].Name != "x_vendor" {
		t.Fatalf("fields %+v", f)
	}
	if f[0].Explanation == "" || f[2].Explanation != "" || string(f[2].Value) != "true" {
		t.Errorf("fields %+v", f)
	}
}

func TestStaticMetadataAndOverrides(t *testing.T) {
	p := Provider{TokenURL: "https://gh.example/token", AuthURL: "https://gh.example/authorize", DeviceAuthURL: "https://gh.example/device"}
	md := p.StaticMetadata()
	if md.Kind != KindStatic || md.TokenEndpoint != p.TokenURL || md.AuthorizationEndpoint != p.AuthURL || md.DeviceAuthorizationEndpoint != p.DeviceAuthURL {
		t.Errorf("static %+v", md)
	}
	if len(md.Missing()) != 0 {
		t.Errorf("static metadata reports missing members %q", md.Missing())
	}
	if f := md.Fields(); len(f) != 3 {
		t.Errorf("static fields %+v", f)
	}
	discovered := &Metadata{Issuer: "https://x", TokenEndpoint: "https://x/token", JWKSURI: "https://x/jwks"}
	Provider{TokenURL: "https://proxy/token", UserinfoURL: "https://x/me"}.OverrideEndpoints(discovered)
	if discovered.TokenEndpoint != "https://proxy/token" || discovered.JWKSURI != "https://x/jwks" || discovered.UserinfoEndpoint != "https://x/me" {
		t.Errorf("overridden %+v", discovered)
	}
}
