package site

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/build/*.txtar")

// TestGolden builds each site in testdata/build. An archive's files under
// public/ are the expected output and its "errors" file the expected
// messages; every other file is the site. Run with -update to rewrite the
// expectations from what the build now produces, and review the diff.
func TestGolden(t *testing.T) {
	archives, _ := filepath.Glob("../../testdata/build/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no archives in testdata/build")
	}
	for _, name := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			want := map[string]string{}
			var input []txtar.File
			for _, f := range ar.Files {
				if f.Name == "errors" || strings.HasPrefix(f.Name, "public/") {
					want[f.Name] = string(f.Data)
					continue
				}
				input = append(input, f)
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			got := map[string]string{}
			res, err := Build(fsys, Options{Defaults: briefing.Defaults, Drafts: strings.Contains(string(ar.Comment), "--drafts")})
			var list diag.List
			switch {
			case errors.As(err, &list):
				got["errors"] = list.Lines()
			case err != nil:
				t.Fatalf("Build: %v", err)
			default:
				for p, data := range res.Files {
					got["public/"+p] = string(data)
				}
			}
			if *update {
				ar.Files = input
				for _, p := range slices.Sorted(mapKeys(got)) {
					ar.Files = append(ar.Files, txtar.File{Name: p, Data: []byte(got[p])})
				}
				if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("build of %s (-want +got):\n%s", name, diff)
			}
		})
	}
}

func mapKeys[M ~map[string]V, V any](m M) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestOverlay checks that a site's own layout file wins over the default of
// the same name while the other defaults stay in use.
func TestOverlay(t *testing.T) {
	site := fstest.MapFS{"layouts/partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>Local</footer>{{end}}`)}}
	defaults := fstest.MapFS{
		"layouts/partials/footer.html": {Data: []byte("default footer")},
		"layouts/partials/head.html":   {Data: []byte("default head")},
	}
	o := Overlay(site, defaults)
	for name, want := range map[string]string{
		"layouts/partials/footer.html": `{{define "footer"}}<footer>Local</footer>{{end}}`,
		"layouts/partials/head.html":   "default head",
	} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	entries, err := fs.ReadDir(o, "layouts/partials")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"footer.html", "head.html"}, names); diff != "" {
		t.Errorf("ReadDir (-want +got):\n%s", diff)
	}
}

// TestDeterministic builds the example site twice.
func TestDeterministic(t *testing.T) {
	a, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	for p := range a.Files {
		if !bytes.Equal(a.Files[p], b.Files[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	if len(a.Files) != len(b.Files) {
		t.Errorf("builds wrote %d and %d files", len(a.Files), len(b.Files))
	}
}
