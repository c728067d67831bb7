//go:build !unix

package app

import "os"

// tryLock: no advisory locks here; the data directory is not guarded.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}
