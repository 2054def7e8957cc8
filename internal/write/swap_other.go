//go:build !linux

package write

func swap(staging, out string) error { return swapByRename(staging, out) }

// lock does nothing where flock is not available: concurrent builds into
// one folder are then the user's to avoid.
func lock(string) (func(), error) { return func() {}, nil }
