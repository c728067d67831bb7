// Package apidoc writes the API reference, docs/API.md: per dialect, every
// route the server mounts (from the dialects' route tables, through
// app.RouteTables) with its methods, auth, scope, parameters and spec file,
// and every endpoint of the dialect's spec not served yet (from
// spec_endpoints.tsv, extracted from shared/spec by cmd/specindex).
//
// docs/API.md is committed, and TestAPIDocIsCurrent fails when it differs
// from what the route tables give: adding or changing a route means running
//
//	go generate ./internal/app/apidoc
package apidoc

import (
	_ "embed" // the spec index
	"strings"

	"github.com/weibo-server/weibo/internal/app"
)

//go:generate go run ./cmd/apidoc -o ../../../docs/API.md

//go:embed spec_endpoints.tsv
var specTSV string

// Spec returns the committed index of the specs' endpoints.
func Spec() ([]SpecEndpoint, error) { return ParseTSV(strings.NewReader(specTSV)) }

// Generate renders docs/API.md from the route tables of every dialect the
// server mounts and the committed spec index.
func Generate() ([]byte, error) {
	spec, err := Spec()
	if err != nil {
		return nil, err
	}
	return Render(app.RouteTables(), spec), nil
}
