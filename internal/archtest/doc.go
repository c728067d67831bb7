// Package archtest holds no code, only a test: it parses the imports of every
// Go file under internal/ and cmd/ and fails on the arrows DESIGN.md §2 says
// must never exist. A rule that lives in a test is one nobody can forget to
// follow in review.
package archtest
