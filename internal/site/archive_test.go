package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
	"github.com/google/go-cmp/cmp"
)

// copies is how many times archiveSite repeats the example's committees.
const copies = 20

// archiveSite is the example site with each committee copied n times
// under new names (audit-and-procurement-02, …), meetings, members and
// all: an archive of n times the example's meetings, sharing its datasets.
func archiveSite(tb testing.TB, n int) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range []string{"content", "data", "layouts", "static"} {
		err := fs.WalkDir(root, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, name)
			if err != nil {
				return err
			}
			for k := 1; k <= n; k++ {
				if copy, ok := committeeCopy(name, k); ok {
					fsys[copy] = &fstest.MapFile{Data: data}
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			tb.Fatal(err)
		}
	}
	return fsys
}

// committeeCopy is where file name goes in copy k of the committees;
// files that are no committee's are kept once, in copy 1.
func committeeCopy(name string, k int) (string, bool) {
	suffix := ""
	if k > 1 {
		suffix = fmt.Sprintf("-%02d", k)
	}
	if rest, ok := strings.CutPrefix(name, "content/"); ok {
		slug, file, _ := strings.Cut(rest, "/")
		return "content/" + slug + suffix + "/" + file, true
	}
	if rest, ok := strings.CutPrefix(name, "data/committees/"); ok {
		return "data/committees/" + strings.TrimSuffix(rest, ".yaml") + suffix + ".yaml", true
	}
	return name, k == 1
}

// BenchmarkBuildArchive builds an archive of 20 times the example's
// meetings in memory, the scale at which meetings built in parallel pay.
func BenchmarkBuildArchive(b *testing.B) {
	fsys := archiveSite(b, copies)
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Build(fsys, Options{Defaults: briefing.Defaults}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Meetings)), "meetings")
}

// TestAnyGOMAXPROCS builds the example site, and an archive of three
// copies of it (more meetings than the workers take at once), on one core
// and on four: every file, every version and every mistake is the same.
func TestAnyGOMAXPROCS(t *testing.T) {
	broken := archiveSite(t, 3)
	for name, f := range broken {
		if path.Base(name) == "meeting.md" {
			f.Data = append(slices.Clip(f.Data), "\nSee [[no-such-dataset / a / b]] and [[wmp2020/robbery / Nowhere / This year]].\n"...)
		}
	}
	robbery := broken["data/datasets/wmp2020/robbery.yaml"]
	robbery.Data = bytes.Replace(robbery.Data, []byte("[5393, 6965]"), []byte("[5394, 6965]"), 1)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, tc := range []struct {
		name string
		fsys fs.FS
	}{
		{"example", os.DirFS("../..")},
		{"archive", archiveSite(t, 3)},
		{"archive with mistakes", broken},
	} {
		var results []*Result
		var mistakes []string
		for _, procs := range []int{1, 4} {
			runtime.GOMAXPROCS(procs)
			res, err := Build(tc.fsys, Options{Defaults: briefing.Defaults})
			var list diag.List
			if err != nil && !errors.As(err, &list) {
				t.Fatalf("%s: Build: %v, want a diag.List", tc.name, err)
			}
			results = append(results, res)
			mistakes = append(mistakes, list.Lines())
		}
		if diff := cmp.Diff(mistakes[0], mistakes[1]); diff != "" {
			t.Errorf("%s: mistakes on one core and on four (-1 +4):\n%s", tc.name, diff)
		}
		one, four := results[0], results[1]
		if (one == nil) != (four == nil) {
			t.Fatalf("%s: built on one core: %t, on four: %t", tc.name, one != nil, four != nil)
		}
		if one == nil {
			if n := strings.Count(mistakes[0], "\n"); n < 1+2*5*3 {
				t.Errorf("%s: %d mistakes, want one in a dataset and two in each meeting:\n%s", tc.name, n, mistakes[0])
			}
			continue
		}
		for _, p := range slices.Sorted(maps.Keys(one.Files)) {
			if !bytes.Equal(one.Files[p], four.Files[p]) {
				t.Errorf("%s: %s differs between one core and four", tc.name, p)
			}
		}
		if len(one.Files) != len(four.Files) {
			t.Errorf("%s: %d files on one core, %d on four", tc.name, len(one.Files), len(four.Files))
		}
		if diff := cmp.Diff(versions(one), versions(four)); diff != "" {
			t.Errorf("%s: versions (-1 +4):\n%s", tc.name, diff)
		}
	}
}

// versions are a build's published versions, by meeting page.
func versions(res *Result) [][]render.Version {
	var out [][]render.Version
	for _, p := range res.Meetings {
		out = append(out, append([]render.Version{{Path: render.PackPath(p.Meeting)}}, p.Versions...))
	}
	return out
}
