package site

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/google/go-cmp/cmp"
)

// TestDatasetsReadAgain builds an archive with a datasets' cache that
// holds nothing, so that every pack reads and computes its datasets
// again: the output is the same as with the cache, and so are the
// mistakes, each reported once.
func TestDatasetsReadAgain(t *testing.T) {
	broken := archiveSite(t, 2)
	robbery := broken["data/datasets/wmp2020/robbery.yaml"]
	robbery.Data = bytes.Replace(robbery.Data, []byte("[5393, 6965]"), []byte("[5394, 6965]"), 1)
	for _, tc := range []struct {
		name string
		fsys fs.FS
	}{
		{"archive", archiveSite(t, 2)},
		{"archive with a mistake", broken},
	} {
		var files []map[string][]byte
		var mistakes []string
		for _, cells := range []int{maxCachedCells, 0} {
			defer func(n int) { maxCachedCells = n }(maxCachedCells)
			maxCachedCells = cells
			res, err := Build(tc.fsys, Options{Defaults: briefing.Defaults})
			var list diag.List
			if err != nil && !errors.As(err, &list) {
				t.Fatalf("%s: Build: %v, want a diag.List", tc.name, err)
			}
			if res != nil {
				files = append(files, res.Files)
			}
			mistakes = append(mistakes, list.Lines())
		}
		if diff := cmp.Diff(mistakes[0], mistakes[1]); diff != "" {
			t.Errorf("%s: mistakes with the cache and without (-with +without):\n%s", tc.name, diff)
		}
		if len(files) == 2 && !cmp.Equal(files[0], files[1]) {
			t.Errorf("%s: the files built without the datasets' cache differ from those built with it", tc.name)
		}
	}
}

// TestChangedDuringBuild edits a dataset and a report after Load has
// checked them and before the packs read them again: the build fails,
// naming the file, rather than mix two versions of it.
func TestChangedDuringBuild(t *testing.T) {
	defer func(n int) { maxCachedCells = n }(maxCachedCells)
	maxCachedCells = 0 // every dataset is read again
	for _, name := range []string{
		"data/datasets/wmp2020/robbery.yaml",
		"content/scrutiny-co-ordination/2018-03-12/04-wmp2020.md",
	} {
		site := exampleSite(t)
		fsys := &editedOnSecondRead{MapFS: site, name: name}
		_, err := Build(fsys, Options{Defaults: briefing.Defaults})
		var list diag.List
		if !errors.As(err, &list) || !strings.Contains(list.Lines(), name) || !strings.Contains(list.Lines(), "changed while the site was being built") {
			t.Errorf("%s edited during the build: err = %v, want a mistake naming it", name, err)
		}
	}
}

// editedOnSecondRead is a site whose file name changes after it is first
// opened.
type editedOnSecondRead struct {
	fstest.MapFS
	name string
	mu   sync.Mutex
	read bool
}

func (e *editedOnSecondRead) Open(name string) (fs.File, error) {
	e.opened(name)
	return e.MapFS.Open(name)
}

func (e *editedOnSecondRead) ReadFile(name string) ([]byte, error) {
	e.opened(name)
	return e.MapFS.ReadFile(name)
}

func (e *editedOnSecondRead) opened(name string) {
	if name != e.name {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.read {
		f := e.MapFS[name]
		e.MapFS[name] = &fstest.MapFile{Data: append(bytes.Clone(f.Data), "\n# edited\n"...), Mode: f.Mode}
	}
	e.read = true
}
