// Command apidoc writes the API reference, docs/API.md, from the route
// tables the server mounts; go generate runs it (see package apidoc).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/weibo-server/weibo/internal/app/apidoc"
)

func main() {
	out := flag.String("o", "docs/API.md", "the file to write")
	flag.Parse()
	b, err := apidoc.Generate()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "apidoc:", err)
		os.Exit(1)
	}
}
