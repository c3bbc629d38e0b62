//go:build !linux

package build

import "errors"

// exchange is not available here: publish falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
