package apiutil

import (
	"encoding/json"
	"encoding/xml"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	v := map[string]any{"source": `<a href="http://x">微博</a>`, "id": int64(3436240135184587)}
	if err := WriteJSON(w, 201, v); err != nil {
		t.Fatal(err)
	}
	if w.Code != 201 || w.Header().Get("Content-Type") != "application/json;charset=UTF-8" {
		t.Errorf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	if strings.Contains(body, "<a") || !strings.Contains(body, `\u003ca href`) || !strings.Contains(body, "微博") {
		t.Errorf("body = %s", body)
	}
	var back map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &back); err != nil || back["source"] != v["source"] {
		t.Errorf("round trip = %v, %v", back, err)
	}
}

func TestWriteJSONP(t *testing.T) {
	w := httptest.NewRecorder()
	if err := WriteJSONP(w, 200, "STK.cb", map[string]int{"status": 1}); err != nil {
		t.Fatal(err)
	}
	if got, want := w.Body.String(), "/**/STK.cb({\"status\":1}\n);"; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
	if ct := w.Header().Get("Content-Type"); ct != ContentTypeJS {
		t.Errorf("content type %q", ct)
	}
	w = httptest.NewRecorder()
	WriteJSONP(w, 200, "alert(1)//", 1)
	if w.Body.String() != "1\n" || w.Header().Get("Content-Type") != ContentTypeJSON {
		t.Errorf("invalid callback not refused: %q", w.Body.String())
	}
	w = httptest.NewRecorder()
	WriteJSONP(w, 200, "", 1)
	if w.Body.String() != "1\n" {
		t.Errorf("empty callback: %q", w.Body.String())
	}
}

func TestWriteXML(t *testing.T) {
	type root struct {
		XMLName xml.Name `xml:"root"`
		Ret     int      `xml:"ret"`
		Msg     string   `xml:"msg"`
	}
	w := httptest.NewRecorder()
	if err := WriteXML(w, 200, root{Ret: 0, Msg: "ok&<"}); err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<root><ret>0</ret><msg>ok&amp;&lt;</msg></root>`
	if w.Body.String() != want {
		t.Errorf("body %q, want %q", w.Body.String(), want)
	}
	if ct := w.Header().Get("Content-Type"); ct != ContentTypeXML {
		t.Errorf("content type %q", ct)
	}
}

func TestWriteText(t *testing.T) {
	w := httptest.NewRecorder()
	WriteText(w, 200, "text/plain;charset=UTF-8", "oauth_token=a&oauth_token_secret=b")
	if w.Body.String() != "oauth_token=a&oauth_token_secret=b" || w.Header().Get("Content-Length") != "34" {
		t.Errorf("body %q, headers %v", w.Body.String(), w.Header())
	}
}
