//go:build !linux

package write

func swap(staging, out string) error { return swapByRename(staging, out) }
