package flows

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// entryJSON writes a HAR entry: a form POST to u and a JSON answer.
func entryJSON(u, form string, status int, answer string) string {
	e := map[string]any{
		"startedDateTime": "2026-12-02T06:40:00.000Z", "time": 1,
		"request": map[string]any{"method": "POST", "url": u, "headers": []map[string]string{{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}},
			"postData": map[string]any{"mimeType": "application/x-www-form-urlencoded", "text": form}},
		"response": map[string]any{"status": status, "headers": []map[string]string{{"name": "Content-Type", "value": "application/json"}},
			"content": map[string]any{"mimeType": "application/json", "text": answer}},
	}
	b, _ := json.Marshal(e)
	return string(b)
}

// TestExplainDevicePolls: the polls of a device grant make one step, the
// pending answers notes rather than failures.
func TestExplainDevicePolls(t *testing.T) {
	poll := "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-0123456789&client_id=tv"
	entries := []string{
		entryJSON("https://id.example.com/device", "client_id=tv&scope=openid", 200, `{"device_code":"dc-0123456789","user_code":"ABCD-EFGH","verification_uri":"https://id.example.com/activate","expires_in":600,"interval":5}`),
		entryJSON("https://id.example.com/token", poll, 400, `{"error":"authorization_pending"}`),
		entryJSON("https://id.example.com/token", poll, 400, `{"error":"slow_down"}`),
		entryJSON("https://id.example.com/token", poll, 200, `{"access_token":"at-0123456789abcdef","token_type":"Bearer","expires_in":3600}`),
	}
	har := `{"log":{"version":"1.2","creator":{"name":"Firefox","version":"1"},"entries":[` + strings.Join(entries, ",") + `]}}`
	c, err := ExplainHAR(context.Background(), strings.NewReader(har), CaptureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := stepTitles(c.Run.Results, false); strings.Join(got, ",") != "device_authorization/Device authorization/done,device_poll/Polling for tokens/done" {
		t.Fatalf("steps %q", got)
	}
	polls := c.Run.Results[1]
	if len(polls.Exchanges) != 3 || polls.Token == nil || !captureNote(polls, "authorization_pending") || !captureNote(polls, "slow_down") {
		t.Errorf("polls: %d exchanges, token %v, notes %q", len(polls.Exchanges), polls.Token != nil, polls.Notes)
	}
	if c.Run.GrantID != FlowIDDevice {
		t.Errorf("grant %q", c.Run.GrantID)
	}
}
