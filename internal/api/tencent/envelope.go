package tencent

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
)

// envelope is every /api/* answer (spec §5.1): ret, msg, errcode always;
// data where the endpoint has some; the user map (account name → nick) on
// the lists that mention users, at the top level as the seed shows it (it
// is inside data too: §5.1 recommends both).
type envelope struct {
	Ret     int    `json:"ret"`
	Msg     string `json:"msg"`
	Errcode int    `json:"errcode"`
	Data    any    `json:"data,omitempty"`
	User    any    `json:"user,omitempty"`
}

// Formats.
const (
	formatJSON = "json"
	formatXML  = "xml"
)

// formatOf reads the format a request asks for, for answers written before
// (or without) its parameters being read: a panic, a parse failure. Names
// are matched without regard to case, as everywhere in this dialect.
func formatOf(r *http.Request) string {
	vals := r.Form
	if vals == nil {
		vals, _ = url.ParseQuery(r.URL.RawQuery)
	}
	for k, vs := range vals {
		if strings.EqualFold(k, "format") && len(vs) > 0 && strings.EqualFold(strings.TrimSpace(vs[0]), formatXML) {
			return formatXML
		}
	}
	return formatJSON
}

// writeEnvelope answers HTTP 200, always: clients read ret, not the status
// (spec §11.5). A write error means the client went away; it is logged at
// debug level when log is not nil.
func writeEnvelope(w http.ResponseWriter, format string, env *envelope, log *slog.Logger) {
	body, err := json.Marshal(env)
	if err != nil {
		// A value that cannot be encoded is a programming error: say so in
		// the envelope rather than send half an answer.
		if log != nil {
			log.Error("encode tencent answer", "err", err)
		}
		row := errKinds[domain.KindInternal]
		body, _ = json.Marshal(&envelope{Ret: row.ret, Msg: row.msg, Errcode: row.errcode})
	}
	if format == formatXML {
		var b bytes.Buffer
		b.WriteString(xml.Header)
		if err := jsonToXML(&b, "root", body); err != nil {
			if log != nil {
				log.Error("encode tencent answer as xml", "err", err)
			}
			row := errKinds[domain.KindInternal]
			b.Reset()
			b.WriteString(xml.Header + "<root><ret>" + strconv.Itoa(row.ret) + "</ret><msg>" + row.msg +
				"</msg><errcode>" + strconv.Itoa(row.errcode) + "</errcode></root>")
		}
		h := w.Header()
		h.Set("Content-Type", apiutil.ContentTypeXML)
		h.Set("Content-Length", strconv.Itoa(b.Len()))
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		_, err = w.Write(b.Bytes())
	} else {
		err = apiutil.WriteJSONBytes(w, http.StatusOK, body)
	}
	if err != nil && log != nil {
		log.Debug("write response", "err", err)
	}
}

// jsonToXML writes the JSON document doc as XML under an element named
// root, by the rules of spec §5.2: an object's keys become child elements;
// an array becomes a run of elements all named by its key; null an empty
// element; a key that cannot be an element name (a tweet id, as in
// t/re_count) becomes <item id="key">. The JSON encoding is the one source
// of the answer's shape, so the two formats cannot drift apart.
func jsonToXML(w io.Writer, root string, doc []byte) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	enc := xml.NewEncoder(w)
	if err := xmlValue(enc, dec, xml.StartElement{Name: xml.Name{Local: root}}); err != nil {
		return err
	}
	return enc.Flush()
}

// element names the element of key.
func element(key string) xml.StartElement {
	if isXMLName(key) {
		return xml.StartElement{Name: xml.Name{Local: key}}
	}
	return xml.StartElement{Name: xml.Name{Local: "item"}, Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: key}}}
}

// isXMLName reports whether s may be an element name: a letter or _ first,
// then letters, digits, _, - and .; not beginning with "xml" (reserved).
func isXMLName(s string) bool {
	if s == "" || len(s) >= 3 && strings.EqualFold(s[:3], "xml") {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return utf8.ValidString(s)
}

// xmlValue writes the next JSON value as the element start (arrays as a
// run of such elements).
func xmlValue(enc *xml.Encoder, dec *json.Decoder, start xml.StartElement) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	return xmlToken(enc, dec, start, tok)
}

func xmlToken(enc *xml.Encoder, dec *json.Decoder, start xml.StartElement, tok json.Token) error {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			for dec.More() {
				if err := xmlValue(enc, dec, start); err != nil {
					return err
				}
			}
			_, err := dec.Token() // ]
			return err
		case '{':
			if err := enc.EncodeToken(start); err != nil {
				return err
			}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, ok := k.(string)
				if !ok {
					return fmt.Errorf("xml: object key %v", k)
				}
				if err := xmlValue(enc, dec, element(key)); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // }
				return err
			}
			return enc.EncodeToken(start.End())
		}
		return fmt.Errorf("xml: unexpected %v", t)
	case nil:
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		return enc.EncodeToken(start.End())
	case string:
		return enc.EncodeElement(t, start)
	case json.Number:
		return enc.EncodeElement(t.String(), start)
	case bool:
		return enc.EncodeElement(strconv.FormatBool(t), start)
	}
	return errors.New("xml: unexpected json token")
}
