package site

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"maps"
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
				for _, p := range slices.Sorted(maps.Keys(got)) {
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

// TestImages builds a report that shows a real PNG from the site folder and
// checks that it is inlined, and that files which are not what they claim
// are refused.
func TestImages(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	fsys := fstest.MapFS{
		"data/site.yaml":                       {Data: []byte("council: T\n")},
		"data/committees/c.yaml":               {Data: []byte("name: C\nmembers:\n  - name: A\n")},
		"content/c/2019-01-21/images/map.png":  {Data: png},
		"content/c/2019-01-21/images/fake.png": {Data: []byte("<svg onload=alert(1)>")},
		"content/c/2019-01-21/images/logo.svg": {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
		"content/c/2019-01-21/meeting.md":      {Data: []byte("---\ntime: \"10:00\"\nvenue: Hall\nstatus: published\nletter_date: 2019-01-11\ncontact:\n  name: D\nagenda:\n  - number: 1\n    title: T\n    report: r.md\n---\nDear Member,\n")},
		"content/c/2019-01-21/r.md":            {Data: []byte("![Map of the wards](images/map.png)\n")},
	}
	res, err := Build(fsys, Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	page := string(res.Files["c/2019-01-21/index.html"])
	if want := `<img src="data:image/png;base64,iVBORw0KGgo`; !strings.Contains(page, want) {
		t.Errorf("pack does not inline the image (want %s)", want)
	}

	// Each refusal names exactly the formats accepted where it happened:
	// commentary takes no SVG, the logo does.
	fsys["content/c/2019-01-21/r.md"] = &fstest.MapFile{Data: []byte("![Fake](images/fake.png)\n\n![Logo](images/logo.svg)\n\n![Scan](images/scan.bmp)\n")}
	fsys["data/site.yaml"] = &fstest.MapFile{Data: []byte("council: T\nlogo: static/logo.bmp\n")}
	_, err = Build(fsys, Options{Defaults: briefing.Defaults})
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("Build: %v, want a diag.List", err)
	}
	want := "content/c/2019-01-21/r.md:1:1: \"content/c/2019-01-21/images/fake.png\" is named as image/png but its content is not\n" +
		"content/c/2019-01-21/r.md:3:1: SVG images cannot be embedded in commentary; export \"content/c/2019-01-21/images/logo.svg\" as PNG, JPEG, GIF or WebP\n" +
		"content/c/2019-01-21/r.md:5:1: \"content/c/2019-01-21/images/scan.bmp\" is not a PNG, JPEG, GIF or WebP image\n" +
		"data/site.yaml:2:7: \"static/logo.bmp\" is not a PNG, JPEG, GIF, WebP or SVG image\n"
	if diff := cmp.Diff(want, list.Lines()); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// BenchmarkBuildExample builds the whole example site in memory: every
// version of every pack, the archive, the feeds and the index.
func BenchmarkBuildExample(b *testing.B) {
	fsys := os.DirFS("../..")
	for b.Loop() {
		if _, err := Build(fsys, Options{Defaults: briefing.Defaults}); err != nil {
			b.Fatal(err)
		}
	}
}

// unlisted is a file system in which one folder cannot be listed, as a
// folder without read permission is (tests may run as root, whom
// permissions do not stop).
type unlisted struct {
	fs.FS
	dir string
}

func (u unlisted) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == u.dir {
		return nil, &fs.PathError{Op: "readdirent", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(u.FS, name)
}

func (u unlisted) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(u.FS, name) }

func (u unlisted) ReadLink(name string) (string, error) { return fs.ReadLink(u.FS, name) }

// TestUnreadableDatasetFolder checks that a dataset folder that cannot be
// read is the one mistake reported: the example's references to the
// datasets it holds are not reported as missing as well.
func TestUnreadableDatasetFolder(t *testing.T) {
	for dir, want := range map[string]string{
		"data/datasets/wmp2020": "data/datasets/wmp2020: cannot read folder: permission denied\n",
		"data/datasets":         "data/datasets: cannot read folder: permission denied\n",
	} {
		_, err := Build(unlisted{os.DirFS("../.."), dir}, Options{Defaults: briefing.Defaults})
		var list diag.List
		if !errors.As(err, &list) {
			t.Fatalf("%s: Build returned %v, want a diag.List", dir, err)
		}
		if got := list.Lines(); got != want {
			t.Errorf("%s unreadable: got\n%swant\n%s", dir, got, want)
		}
	}
}
