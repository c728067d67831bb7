//go:build ignore

// gen writes zh_s.txt, the dictionary the segmenter loads by default: the
// simplified-Chinese dictionary that github.com/go-ego/gse ships
// (data/dict/zh/s_1.txt, itself derived from jieba's dict.txt; gse is
// Apache-2.0 or MIT, jieba MIT), keeping the words of frequency >= minFreq.
//
// Why filtered: the whole file is 352 000 words and 135 MB of heap once
// loaded; the 140 000 words of frequency 5 and more take about a third of
// that and segment everyday text the same (rarer words are mostly names and
// idioms, which gse's HMM still cuts). --search-dict loads any other file.
//
// Run from this directory, with gse in the module cache (go mod download):
//
//	go run gen.go
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

const (
	module  = "github.com/go-ego/gse"
	source  = "data/dict/zh/s_1.txt"
	minFreq = 5
)

func main() {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		fail(fmt.Errorf("locate %s: %w", module, err))
	}
	in, err := os.Open(filepath.Join(strings.TrimSpace(string(dir)), source))
	if err != nil {
		fail(err)
	}
	defer in.Close()
	out, err := os.Create("zh_s.txt")
	if err != nil {
		fail(err)
	}
	w := bufio.NewWriter(out)
	sc := bufio.NewScanner(in)
	kept := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < minFreq {
			continue
		}
		fmt.Fprintln(w, strings.Join(f, " "))
		kept++
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
	if err := out.Close(); err != nil {
		fail(err)
	}
	fmt.Printf("zh_s.txt: %d words of frequency >= %d from %s %s\n", kept, minFreq, module, source)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
