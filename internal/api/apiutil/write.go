package apiutil

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
)

// Content types written by this package.
const (
	ContentTypeJSON = "application/json;charset=UTF-8"
	ContentTypeJS   = "application/javascript;charset=UTF-8"
	ContentTypeXML  = "text/xml;charset=UTF-8"
)

// WriteJSON writes v as JSON with the given status, encoding straight to the
// writer. HTML characters (<, >, &) are escaped as \u003c etc., the encoder's
// default: every JSON parser reads them back unchanged, and the escaping keeps
// a body sniffed as HTML (or wrapped as JSONP) inert. An error means the
// client went away or v cannot be encoded (a programming error); the status
// line is already sent by then, so callers can only log it.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	h := w.Header()
	h.Set("Content-Type", ContentTypeJSON)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// WriteJSONBytes writes an answer already encoded as JSON, with its length:
// one write to the connection instead of a chunked stream.
func WriteJSONBytes(w http.ResponseWriter, status int, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", ContentTypeJSON)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

// WriteJSONP writes v as JSON, or, when callback is not empty, as the
// JavaScript call callback(v); with a JavaScript content type. callback must
// already be validated (Params.Callback); an invalid one falls back to plain
// JSON rather than echo attacker text into a script. The leading comment
// defuses content-sniffing attacks on the callback name (Rosetta Flash).
func WriteJSONP(w http.ResponseWriter, status int, callback string, v any) error {
	if callback == "" || !ValidCallback(callback) {
		return WriteJSON(w, status, v)
	}
	h := w.Header()
	h.Set("Content-Type", ContentTypeJS)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if _, err := io.WriteString(w, "/**/"+callback+"("); err != nil {
		return err
	}
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, ");")
	return err
}

// maxCallback bounds a JSONP callback name.
const maxCallback = 128

// ValidCallback reports whether s is one or more ASCII JavaScript identifiers
// joined by dots ("cb", "jQuery1720_1", "ns.handlers.cb"), at most 128 bytes.
func ValidCallback(s string) bool {
	if s == "" || len(s) > maxCallback {
		return false
	}
	start := true // at the start of an identifier
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if start {
				return false
			}
			start = true
			continue
		case c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9':
			if start {
				return false
			}
		default:
			return false
		}
		start = false
	}
	return !start
}

// WriteXML writes v with encoding/xml after the XML declaration, for dialects
// that offer format=xml.
func WriteXML(w http.ResponseWriter, status int, v any) error {
	h := w.Header()
	h.Set("Content-Type", ContentTypeXML)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(v)
}

// WriteText writes a plain-text body (form-encoded token answers, "ok").
func WriteText(w http.ResponseWriter, status int, contentType, body string) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, err := io.WriteString(w, body)
	return err
}
