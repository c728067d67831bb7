// Command specindex extracts the endpoint index of the API specifications
// (shared/spec, which lives beside the repository and not in it) into
// internal/app/apidoc/spec_endpoints.tsv, the data the API reference
// (docs/API.md) lists unserved endpoints from. CI has only the repository,
// so the index is committed; re-run this when a spec changes, from the
// repository root of a checkout that has shared/ beside it:
//
//	go run ./internal/app/apidoc/cmd/specindex -spec ../shared/spec -o internal/app/apidoc/spec_endpoints.tsv
//	go generate ./internal/app/apidoc
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/weibo-server/weibo/internal/app/apidoc"
)

func main() {
	spec := flag.String("spec", "../shared/spec", "the spec folder (shared/spec)")
	out := flag.String("o", "internal/app/apidoc/spec_endpoints.tsv", "the file to write")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "specindex:", err)
		os.Exit(1)
	}
}

func run(spec, out string) error {
	if _, err := os.Stat(spec); err != nil {
		return fmt.Errorf("the spec folder: %w", err)
	}
	eps, err := apidoc.Extract(os.DirFS(spec))
	if err != nil {
		return err
	}
	if len(eps) == 0 {
		return fmt.Errorf("no endpoint found under %s", spec)
	}
	var b bytes.Buffer
	if err := apidoc.WriteTSV(&b, eps); err != nil {
		return err
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	fmt.Fprintf(os.Stderr, "specindex: %d endpoints written to %s\n", len(eps), out)
	return nil
}
