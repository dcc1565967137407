package flows

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestExplainManyEntries: a capture of thousands of authorization
// requests, redirects, token requests and API calls is explained whole.
// It asserts no time (the machine is shared); it logs it: raise n to
// 30000 (90,000 entries, 28 MiB) to see that the explanation stays about
// linear (about 6 s here), where a quadratic search took 35 s for 18,000.
func TestExplainManyEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("large capture")
	}
	const n = 6000
	var entries []string
	for i := range n {
		ru := fmt.Sprintf("https://app.example/cb%d", i)
		entries = append(entries,
			`{"startedDateTime":"2026-12-02T06:40:00.000Z","request":{"method":"GET","url":"https://id.example.com/authorize?client_id=a&response_type=code&state=s&redirect_uri=`+ru+`"},"response":{"status":302,"headers":[{"name":"Location","value":"`+ru+`?code=c`+fmt.Sprint(i)+`xxxxxxxx&state=s"}]}}`,
			`{"startedDateTime":"2026-12-02T06:40:00.000Z","request":{"method":"POST","url":"https://id.example.com/token","headers":[{"name":"Content-Type","value":"application/x-www-form-urlencoded"}],"postData":{"text":"grant_type=authorization_code&code=c`+fmt.Sprint(i)+`xxxxxxxx"}},"response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"text":"{\"access_token\":\"at`+fmt.Sprint(i)+`xxxxxxxxxx\",\"token_type\":\"Bearer\"}"}}}`,
			`{"startedDateTime":"2026-12-02T06:40:00.000Z","request":{"method":"GET","url":"https://api.example/x","headers":[{"name":"Authorization","value":"Bearer at`+fmt.Sprint(i)+`xxxxxxxxxx"}]},"response":{"status":200}}`)
	}
	har := `{"log":{"version":"1.2","entries":[` + strings.Join(entries, ",") + `]}}`
	start := time.Now()
	c, err := ExplainHAR(context.Background(), strings.NewReader(har), CaptureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Run.Results) != 4*n {
		t.Errorf("%d steps, want %d", len(c.Run.Results), 4*n)
	}
	t.Logf("%d entries (%d KiB) in %v", 3*n, len(har)>>10, time.Since(start))
}
