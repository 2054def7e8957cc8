// Package filetree reads a folder into memory, for the tests that compare
// what a build wrote or left behind. Nothing in a build uses it.
package filetree

import (
	"os"
	"path/filepath"
)

// Read returns every file under dir and its contents, by slash-separated
// path relative to dir.
func Read(dir string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	return out, err
}

// Files returns the path of every file under dir.
func Files(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}
