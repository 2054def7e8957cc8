package load

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// fuzzBudget is how long one input may take before the fuzzer reports it,
// as it reports a crash: generous, since a fuzzing machine is busy, but far
// below what a shape that is quadratic in the caps costs.
const fuzzBudget = 2 * time.Second

// timed runs load and fails t when it took over fuzzBudget.
func timed(t *testing.T, size int, load func()) {
	t.Helper()
	start := time.Now()
	load()
	if d := time.Since(start); d > fuzzBudget {
		t.Fatalf("%d bytes took %v; any file within the caps should take well under %v", size, d.Round(time.Millisecond), fuzzBudget)
	}
}

// positioned fails t for an error that names no file, or no line of the
// fuzzed file. Errors about the site's other files may be about the whole
// file ("no agenda item names this report").
func positioned(t *testing.T, errs diag.List, fuzzed string) {
	t.Helper()
	for _, e := range errs {
		if e.Pos.Path == "" || (e.Pos.Path == fuzzed && e.Pos.Line < 1) {
			t.Fatalf("error without a file and line: %v", e)
		}
	}
}

// seeds adds every meeting.md and YAML file of the example site.
func seeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("..", "..", pattern))
	if len(files) == 0 {
		f.Fatalf("no seed files match %s", pattern)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzFrontMatter: splitting never panics, and the body keeps the file's
// line numbers.
func FuzzFrontMatter(f *testing.F) {
	seeds(f, "content/*/*/meeting.md")
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("--- \r\nx: 1\r\n---\t\r\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, body, offset, err := splitFrontMatter(data)
		if err != nil {
			return
		}
		if offset != 1 {
			t.Fatalf("front matter starts on line %d, want 2", offset+1)
		}
		if len(fm) > len(data) {
			t.Fatalf("front matter longer than the file")
		}
		if got, want := bytes.Count(body, []byte("\n")), bytes.Count(data, []byte("\n")); got != want {
			t.Fatalf("body has %d newlines, the file %d: line numbers would drift", got, want)
		}
	})
}

// FuzzDecode: decoding any YAML into the meeting schema never panics, and
// every error has a position inside the text.
func FuzzDecode(f *testing.F) {
	seeds(f, "data/*.yaml")
	seeds(f, "data/committees/*.yaml")
	seeds(f, "content/*/*/meeting.md")
	f.Add([]byte("a: &a [*a, *a]\nb: *a\n"))
	f.Add([]byte("agenda:\n  - number: 012\n    title: yes\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if loneCR(data) >= 0 {
			return // the loader refuses the file before it is decoded
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, target := range []any{&meetingFile{}, &siteFile{}, &committeeFile{}} {
			var errs diag.List
			timed(t, len(data), func() { decodeYAML("f.yaml", 0, data, target, &errs) })
			for _, e := range errs {
				if e.Pos.Path != "f.yaml" || e.Pos.Line < 1 || e.Pos.Line > lines+1 || e.Pos.Col < 1 {
					t.Fatalf("error outside the text (%d lines): %v", lines, e)
				}
			}
		}
	})
}

// FuzzLoadMeeting loads a site whose meeting.md is the fuzz input: no
// panic, and every error is positioned in a file of the site.
func FuzzLoadMeeting(f *testing.F) {
	seeds(f, "content/*/*/meeting.md")
	f.Fuzz(func(t *testing.T, data []byte) { loadWith(t, "content/scrutiny/2018-03-12/meeting.md", data) })
}

// FuzzLoadMinutes loads a site whose meeting's minutes.md is the fuzz
// input, as FuzzLoadMeeting does its meeting.md.
func FuzzLoadMinutes(f *testing.F) {
	seeds(f, "content/*/*/minutes.md")
	f.Add([]byte("---\npublished: 2018-03-14\npresent: [cllr-a, Cllr B]\napologies: [cllr-c]\nsubstitutes:\n  - {name: X, for: cllr-c}\nitems:\n  - item: 4\n    declarations:\n      - {member: cllr-a, interest: x}\n    resolutions: [a]\n    call_in: {published: 2018-03-14}\n    urgency: u\n  - item: 1\n    approves: 2018-02-01\n---\nbody *x*\n"))
	f.Fuzz(func(t *testing.T, data []byte) { loadWith(t, "content/scrutiny/2018-03-12/minutes.md", data) })
}

// loadWith loads goodSite with data as its file name: no panic, time and
// memory bounded (timed), and every error positioned (positioned) in a
// file of the site.
func loadWith(t *testing.T, name string, data []byte) {
	fsys := goodSite()
	fsys[name] = &fstest.MapFile{Data: data}
	var err error
	timed(t, len(data), func() { _, err = Load(fsys, Options{}) })
	if err == nil {
		return
	}
	list, ok := err.(diag.List)
	if !ok {
		t.Fatalf("Load returned %T, want a diag.List: %v", err, err)
	}
	positioned(t, list, name)
	for _, e := range list {
		if _, ok := fsys[e.Pos.Path]; !ok && !strings.HasPrefix(e.Pos.Path, "content/") {
			t.Fatalf("error names no file of the site: %v", e)
		}
	}
}

// FuzzDataset loads any text as a dataset and computes it: no panic, and
// every error placed inside the file.
func FuzzDataset(f *testing.F) {
	seeds(f, "data/datasets/*/*.yaml")
	f.Add([]byte("kind: table\ntitle: t\nsource: s\nupdated: 2018-03-09\ncolumns:\n  - {id: a, label: A}\nrows:\n  - {label: r, values: [[x]]}\ntotal: {label: T, values: [0]}\n"))
	f.Add([]byte("kind: series\ntitle: t\nsource: s\nupdated: 2018-03-09\nperiods: [2018, 2017]\nlines:\n  - {id: a, label: A, values: [1, 0]}\nmeasures:\n  - {id: m, label: M, shortfall: [a, a]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := goodSite()
		fsys["data/datasets/d.yaml"] = &fstest.MapFile{Data: data}
		var errs diag.List
		timed(t, len(data), func() {
			_, err := Load(fsys, Options{Dataset: func(ds *model.Dataset) {
				_, err := compute.Dataset(ds)
				errs.Append(err)
			}})
			errs.Append(err)
		})
		positioned(t, errs, "data/datasets/d.yaml")
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Pos.Path == "data/datasets/d.yaml" && e.Pos.Line > lines+1 {
				t.Fatalf("error past the end of the file (%d lines): %v", lines, e)
			}
			if e.Pos.Path == "" {
				t.Fatalf("error without a file: %v", e)
			}
		}
	})
}

// FuzzControlAt checks the byte scan for control characters against its
// definition, rune by rune, on valid UTF-8.
func FuzzControlAt(f *testing.F) {
	for _, s := range []string{"", "plain\ttext\r\n", "bell\a", "del\x7f", "c1 \u0085 next line", "\u00a0 no-break space", "é \u009f", "\u0100\u0080"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		want := bytes.IndexFunc(data, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' })
		if got := controlAt(data); got != want {
			t.Errorf("controlAt(%q) = %d, want %d", data, got, want)
		}
	})
}
