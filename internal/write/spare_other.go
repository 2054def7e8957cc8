//go:build !linux

package write

import "errors"

// Elsewhere no spare is kept: the previous output is removed whole and
// every build makes its folders (see spare_linux.go).

func takeSpare(string, string) (string, []string) { return "", nil }

func keepSpare(string, string) error { return errors.ErrUnsupported }
