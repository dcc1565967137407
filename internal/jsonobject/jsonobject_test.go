package jsonobject

import (
	"encoding/json"
	"errors"
	"io"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		names   string // the members' names and raw values, "name=raw;"
		problem Problem
	}{
		{"order and duplicates kept", `{"b":1,"a":"x","b" : [1, 2] }`, `b=1;a="x";b=[1, 2];`, 0},
		{"empty object", ` {} `, ``, 0},
		{"escaped name", `{"c\u006fde":"v"}`, `code="v";`, 0},
		{"an array", `[1]`, ``, NotObject},
		{"not JSON", `nope`, ``, NotJSON},
		{"cut short", `{"a":1,"b":`, `a=1;`, Invalid},
		{"trailing data", `{"a":1} x`, `a=1;`, Trailing},
		{"a second object", `{"a":1}{}`, `a=1;`, Trailing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := Read([]byte(tt.in))
			got := ""
			for _, m := range ms {
				got += m.Name + "=" + string(m.Raw) + ";"
			}
			if got != tt.names {
				t.Errorf("members %q, want %q", got, tt.names)
			}
			var je *Error
			switch {
			case tt.problem == 0 && err != nil:
				t.Errorf("error %v", err)
			case tt.problem != 0 && (!errors.As(err, &je) || je.Problem != tt.problem):
				t.Errorf("error %v, want problem %d", err, tt.problem)
			}
		})
	}
}

func TestReadValues(t *testing.T) {
	ms, err := ReadValues([]byte(`{"exp":1700000000,"aud":["a"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := ms[0].Value.(json.Number); !ok || n.String() != "1700000000" {
		t.Errorf("exp = %#v, want a json.Number", ms[0].Value)
	}
	if Kind(ms[1].Value) != "an array" {
		t.Errorf("aud is %s", Kind(ms[1].Value))
	}
	if _, err := ReadValues([]byte(`{"a":"x`)); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut short: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestRawDoesNotAlias(t *testing.T) {
	in := []byte(`{"a":"x","b":"y"}`)
	ms, _ := Read(in)
	_ = append(ms[0].Raw, '!')
	if string(in) != `{"a":"x","b":"y"}` {
		t.Errorf("appending to Raw wrote into the input: %s", in)
	}
}

func TestText(t *testing.T) {
	for raw, want := range map[string]string{`"a\"b"`: `a"b`, `12`: `12`, `["x"]`: `["x"]`, `"bad`: `"bad`} {
		if got := Text(json.RawMessage(raw)); got != want {
			t.Errorf("Text(%s) = %q, want %q", raw, got, want)
		}
	}
}
