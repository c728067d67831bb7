//go:build ignore

// genfont writes data/unifont.bin.gz, the label font of the static maps:
// the glyphs of GNU Unifont 15.0.01 (SIL OFL 1.1, dual-licensed with the
// GPL 2+ and the font embedding exception since 13.0.04) for the scripts a
// map label needs (the ranges below): Latin, Greek, punctuation, arrows and
// shapes, CJK punctuation, kana, the CJK ideographs with extension A, and
// the fullwidth forms. Other scripts draw as empty boxes.
//
// Its source is Debian's unifont package 1:15.0.01-2
// (apt-get install unifont), whose /usr/share/unifont/unifont.hex is
// checked against the sha256 below. go generate ./internal/staticmap
//
// The output is gzip of records, ascending by code point: the code point
// (uint16, big-endian), the width in bytes per row (1: 8 px, 2: 16 px),
// then 16 rows of that many bytes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"log"
	"os"
	"strconv"
	"strings"
)

const (
	src    = "/usr/share/unifont/unifont.hex"
	srcSum = "fe93c0df9a69e71df0fcf9e71af3adab3c85a393b1a3cae1eb32f69880fc1841"
)

// ranges are the code points kept, inclusive.
var ranges = [][2]rune{
	{0x0020, 0x024F}, // Latin, Latin-1, Latin Extended-A/B
	{0x0370, 0x03FF}, // Greek (°, µ-like signs in labels)
	{0x2000, 0x206F}, // general punctuation
	{0x2100, 0x218F}, // letterlike symbols, number forms
	{0x2190, 0x21FF}, // arrows
	{0x2460, 0x24FF}, // enclosed alphanumerics (①)
	{0x25A0, 0x25FF}, // geometric shapes
	{0x3000, 0x303F}, // CJK symbols and punctuation
	{0x3040, 0x30FF}, // kana (Japanese place names)
	{0x3400, 0x4DBF}, // CJK extension A
	{0x4E00, 0x9FFF}, // CJK unified ideographs
	{0xFF00, 0xFFEF}, // fullwidth forms
}

func keep(r rune) bool {
	for _, rg := range ranges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

func main() {
	b, err := os.ReadFile(src)
	if err != nil {
		log.Fatalf("%v (apt-get install unifont=1:15.0.01-2)", err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != srcSum {
		log.Fatalf("%s: sha256 %x, want %s", src, sum, srcSum)
	}
	var raw bytes.Buffer
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		cpHex, bits, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		cp, err := strconv.ParseUint(cpHex, 16, 32)
		if err != nil || cp > 0xFFFF || !keep(rune(cp)) {
			continue
		}
		rows, err := hex.DecodeString(bits)
		if err != nil || (len(rows) != 16 && len(rows) != 32) {
			log.Fatalf("U+%s: bad bitmap", cpHex)
		}
		binary.Write(&raw, binary.BigEndian, uint16(cp))
		raw.WriteByte(byte(len(rows) / 16))
		raw.Write(rows)
		n++
	}
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("data/unifont.bin.gz", out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d glyphs, %d bytes", n, out.Len())
}
