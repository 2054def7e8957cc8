//go:build unix

package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/unprivileged"
)

// TestUnwritableOutput runs the command as an unprivileged user over a
// previous build that it cannot replace: it exits 1, says what to fix, and
// leaves public exactly as it was, with no staging folder beside it.
func TestUnwritableOutput(t *testing.T) {
	briefing, err := exec.LookPath("briefing")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		folder  string // made read-only, relative to the folder holding public
		message string // with {root} for that folder
	}{
		{"committee folder", "public/scrutiny-co-ordination", "briefing build: write: cannot replace {root}/public: {root}/public/scrutiny-co-ordination is not writable (permission denied); fix its permissions (chmod u+rwx {root}/public/scrutiny-co-ordination) and build again\n"},
		{"output's parent", ".", "briefing build: write: cannot write {root}/public: {root} is not writable (permission denied); fix its permissions (chmod u+rwx {root}) and build again\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			site, out := filepath.Join(root, "site"), filepath.Join(root, "public")
			copySite(t, site)
			runBuild(t, nil, "--source", site, "--out", out)
			before := readTree(t, out)
			changeSite(t, site)
			unprivileged.Give(t, root)
			folder := filepath.Join(root, tt.folder)
			if err := os.Chmod(folder, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(folder, 0o755) })

			cmd := unprivileged.Command(t, briefing, "build", "--source", site, "--out", out)
			stdout, stderr, code := unprivileged.Run(t, cmd)
			if code != 1 {
				t.Errorf("exit code %d, want 1\nstdout: %s", code, stdout)
			}
			if want := strings.ReplaceAll(tt.message, "{root}", root); stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
			}
			if !maps.Equal(readTree(t, out), before) {
				t.Error("the failed build changed public")
			}
			entries, _ := os.ReadDir(root)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".staging-") {
					t.Errorf("leftover %s after a failed build", e.Name())
				}
			}
		})
	}
}
