package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// What a build says must not depend on how fast the machine runs it
	// (see newTeller); the scripts set this too.
	os.Setenv("BRIEFING_PROGRESS", "off")
	testscript.Main(m, map[string]func(){
		"briefing": main,
	})
}

// TestExitCodes checks the mapping from outcome to exit status: 0 for a
// build, 1 for mistakes in the site, 2 for a mistake on the command line.
func TestExitCodes(t *testing.T) {
	site := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/site.yaml", "council: Test Council\n")
	write("data/committees/c.yaml", "name: C\nmembers:\n  - name: A\n")
	write("content/c/2019-01-21/meeting.md", "---\ntime: \"10:00\"\nvenue: Hall\nstatus: published\nletter_date: 2019-01-11\ncontact:\n  name: D\nagenda:\n  - number: 1\n    title: T\n---\nDear Member,\n")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"build", []string{"build", "--source", site}, 0},
		{"help", []string{"help"}, 0},
		{"no command", nil, 2},
		{"unknown command", []string{"frob"}, 2},
		{"unknown flag", []string{"build", "--sauce", site}, 2},
		{"stray argument", []string{"build", "--source", site, "extra"}, 2},
		{"missing source", []string{"build", "--source", filepath.Join(site, "nope")}, 2},
		{"output over the site", []string{"build", "--source", site, "--out", site}, 2},
		{"output inside the content", []string{"build", "--source", site, "--out", filepath.Join(site, "content", "x")}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if got := exitCode(err); got != tt.want {
				t.Errorf("exit code %d, want %d (err %v)\nstderr: %s", got, tt.want, err, stderr.String())
			}
		})
	}
	t.Run("mistake", func(t *testing.T) {
		write("data/site.yaml", "council: [\n")
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"build", "--source", site}, &stdout, &stderr)
		if got := exitCode(err); got != 1 {
			t.Errorf("exit code %d, want 1", got)
		}
		if !strings.Contains(stderr.String(), filepath.ToSlash(filepath.Join(site, "data/site.yaml"))+":") {
			t.Errorf("stderr does not name the file:\n%s", stderr.String())
		}
	})
}
