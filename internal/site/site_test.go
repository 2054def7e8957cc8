package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
	"github.com/google/go-cmp/cmp"
)

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

// BenchmarkArchive builds a generated archive of 1,000 meetings from a
// folder on disk, as the command does, each file handed to a sink as it
// is made, which drops it where the command writes it: 6,000 charts,
// 4,000 data tables and 1,000 reports of about 1,500 words.
func BenchmarkArchive(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 1000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := a.Briefing.Write(dir); err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	for b.Loop() {
		drop := func(string, []byte) error { return nil }
		if _, err := Build(root.FS(), Options{Defaults: briefing.Defaults, Emit: drop}); err != nil {
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

// TestStopped: a build whose Done is closed stops before its next meeting
// and says so, with no mistakes invented and nothing emitted.
func TestStopped(t *testing.T) {
	root, err := os.OpenRoot(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	done := make(chan struct{})
	close(done)
	emitted := 0
	_, err = Build(root.FS(), Options{Defaults: briefing.Defaults, Done: done, Emit: func(string, []byte) error { emitted++; return nil }})
	if !errors.Is(err, render.ErrStopped) {
		t.Fatalf("Build with Done closed: %v, want render.ErrStopped", err)
	}
	if emitted != 0 {
		t.Errorf("a stopped build emitted %d files", emitted)
	}
}
