package server

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// An object streamed in pieces (write) is the same document as its bytes, large members
// referenced and small ones copied, with the right Content-Length.
func TestObject(t *testing.T) {
	big := []byte(`{"doc":"` + strings.Repeat("x", 3*bigValue) + `"}`)
	build := func() *object {
		return new(object).str("id", "abc").raw("small", []byte(`{"a":1}`)).raw("big", big).
			val("agreed", nil).val("ok", true).val("n", 3).raw("big2", big).raw("none", nil).
			val("list", []json.RawMessage{[]byte(`1`)}).str("at", "<t>")
	}
	want := `{"id":"abc","small":{"a":1},"big":` + string(big) + `,"agreed":null,"ok":true,"n":3,"big2":` +
		string(big) + `,"none":null,"list":[1],"at":"\u003ct\u003e"}`
	if got := string(build().bytes()); got != want {
		t.Fatalf("bytes() = %.200s…, want %.200s…", got, want)
	}
	if !json.Valid([]byte(want)) {
		t.Fatal("not JSON")
	}
	w := httptest.NewRecorder()
	build().write(w, 201)
	if w.Code != 201 || w.Body.String() != want || w.Header().Get("Content-Length") != itoa(len(want)) ||
		w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("write: %d %v %.100s", w.Code, w.Header(), w.Body.String())
	}
	for _, o := range []*object{new(object), new(object).raw("big", big).raw("big2", big)} {
		if b := o.bytes(); !json.Valid(b) {
			t.Errorf("invalid %.100s", b)
		}
	}
	if got := string(new(object).bytes()); got != "{}" {
		t.Errorf("empty object = %s", got)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
