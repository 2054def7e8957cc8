package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestClaim: the command replaces a folder it made, and no other.
func TestClaim(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bench")
	if err := claim(dir); err != nil {
		t.Fatalf("a missing folder: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "old"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := claim(dir); err != nil {
		t.Fatalf("the command's own folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Errorf("the earlier run's file is still there (%v)", err)
	}

	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "thesis.tex"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := claim(foreign); err == nil {
		t.Error("a folder the command did not make is replaced")
	}
	if _, err := os.Stat(filepath.Join(foreign, "thesis.tex")); err != nil {
		t.Errorf("the foreign folder's file is gone: %v", err)
	}
}

// TestMedian takes each measure's median on its own.
func TestMedian(t *testing.T) {
	b := &build{runs: []measure{
		{wall: 3 * time.Second, cpu: 1 * time.Second, rss: 30},
		{wall: 1 * time.Second, cpu: 2 * time.Second, rss: 10},
		{wall: 9 * time.Second, cpu: 3 * time.Second, rss: 20},
	}}
	want := measure{wall: 3 * time.Second, cpu: 2 * time.Second, rss: 20}
	if got := b.median(); got != want {
		t.Errorf("median = %+v, want %+v", got, want)
	}
	b.runs = b.runs[:2]
	want = measure{wall: 2 * time.Second, cpu: 1500 * time.Millisecond, rss: 20}
	if got := b.median(); got != want {
		t.Errorf("median of two = %+v, want %+v", got, want)
	}
}
