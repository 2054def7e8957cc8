// Package write is the one place that touches the output folder. It writes
// a build into a staging folder beside the output and swaps it in only when
// every file is written, so the output is always a whole build: the previous
// one or the new one, never a mixture, never half.
package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file that marks a folder as Briefing's output. Dir refuses
// to replace a non-empty folder without it, so a mistyped --out cannot wipe
// someone's documents.
const Marker = ".briefing"

const markerText = "This folder is written by \"briefing build\" and replaced whole on every build.\n"

// Dir replaces the folder out with exactly files (slash-separated paths
// relative to out).
func Dir(out string, files map[string][]byte) error {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := checkReplaceable(out); err != nil {
		return err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	// Two builds into the same folder take turns: otherwise one would
	// clean up the other's staging folder as a leftover.
	unlock, err := lock(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	defer unlock()
	cleanLeftovers(parent, base)
	staging, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	// MkdirTemp makes the folder private (0700); the output is for a web
	// server, which often runs as another user.
	if err := os.Chmod(staging, 0o755); err != nil {
		os.RemoveAll(staging)
		return fmt.Errorf("write: %w", err)
	}
	if err := writeAll(staging, files); err != nil {
		os.RemoveAll(staging)
		return err
	}
	if err := swap(staging, out); err != nil {
		os.RemoveAll(staging)
		return fmt.Errorf("write: replace %s: %w", out, err)
	}
	// staging now holds the previous output, if there was one.
	if err := os.RemoveAll(staging); err != nil {
		return fmt.Errorf("write: remove previous output: %w", err)
	}
	return nil
}

func checkReplaceable(out string) error {
	info, err := os.Stat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("write: %s exists and is not a folder", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("write: %s is not empty and was not written by briefing (it has no %s file); choose a new or empty output folder", out, Marker)
	}
	return nil
}

// cleanLeftovers removes staging folders that a killed build left behind.
// The output's name is matched literally: it may contain glob characters.
func cleanLeftovers(parent, base string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+".staging-") {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func writeAll(root string, files map[string][]byte) error {
	names := make([]string, 0, len(files)+1)
	for name := range files {
		if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, `\`) {
			return fmt.Errorf("write: output path %q leaves the output folder", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		if err := writeFile(p, files[name]); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	if err := writeFile(filepath.Join(root, Marker), []byte(markerText)); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

func writeFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
