package main

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/fileid"
)

// TestWarmBuild builds the example site into public/ inside it, as an
// officer does, then again and again: with nothing changed, after one
// report is edited, after a file of public/ is tampered with (same size,
// same mtime) or one is added there, after a new file appears in the site,
// and with every cache entry damaged. Each time public/ is, byte for byte,
// what a --no-cache build of the site makes; a build with nothing to do
// says so and rewrites nothing, and a build with one meeting edited links
// every file it has unchanged.
func TestWarmBuild(t *testing.T) {
	site := warmSite(t)
	public := filepath.Join(site, "public")
	report := filepath.Join(site, "content", "scrutiny-co-ordination", "2018-03-12", "04-wmp2020.md")
	pack := filepath.Join(public, "scrutiny-co-ordination", "2018-03-12", "index.html")
	other := filepath.Join(public, "audit-and-procurement", "2018-03-19", "index.html")

	build := func(name string) (nothingChanged bool) {
		t.Helper()
		return buildSame(t, site, name)
	}

	if build("cold") {
		t.Error("cold build: found nothing to do")
	}
	if !build("second") {
		t.Error("second build with nothing changed: did its work again")
	}
	before := inode(t, pack)
	if !build("nothing changed") {
		t.Error("nothing changed: the build did its work again")
	}
	if inode(t, pack) != before {
		t.Error("nothing changed: a pack was written again")
	}

	appendTo(t, report, "\nA sentence added.\n")
	otherBefore, packBefore := inode(t, other), inode(t, pack)
	if build("one report edited") {
		t.Error("one report edited: the build found nothing to do")
	}
	if inode(t, other) != otherBefore {
		t.Error("one report edited: another meeting's pack was written, not linked")
	}
	if inode(t, pack) == packBefore {
		t.Error("one report edited: its pack was linked from the previous build")
	}
	if !build("nothing changed after the edit") {
		t.Error("nothing changed after the edit: the build did its work again")
	}

	tamper(t, other)
	if build("a file of public/ tampered with") {
		t.Error("a file of public/ tampered with: the build kept it")
	}
	if err := os.WriteFile(filepath.Join(public, "extra.html"), []byte("<p>extra</p>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if build("a file added to public/") {
		t.Error("a file added to public/: the build kept it")
	}

	// A new file the build reads: a partial of the site's own.
	if err := os.WriteFile(filepath.Join(site, "layouts", "partials", "unused.html"), []byte("<p>Not used.</p>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if build("a new partial") {
		t.Error("a new partial: the build found nothing to do")
	}

	// Every entry damaged, and a source touched so that the build reads
	// them: each is rendered again, never published.
	for _, p := range cacheEntries(t, filepath.Join(site, ".briefing-cache")) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)/2] ^= 1
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	if err := os.Chtimes(report, now, now); err != nil {
		t.Fatal(err)
	}
	if build("damaged entries") {
		t.Error("damaged entries: the build found nothing to do")
	}
	if !build("nothing changed after damaged entries") {
		t.Error("nothing changed after the damaged entries were stored again: the build did its work again")
	}
}

// buildSame builds the site into public/ in it, checks that against a
// build without the cache, and reports whether the build found nothing
// to do.
func buildSame(t *testing.T, site, name string) (nothingChanged bool) {
	t.Helper()
	// A file changed in the same tick of the file system's clock as the
	// build's stamp is racy and makes the build do its work: wait for the
	// clock, so that what is tested is the same every run.
	settle(t)
	got := buildOutput(t, "--source", site)
	want := filepath.Join(t.TempDir(), "public")
	buildOutput(t, "--source", site, "--out", want, "--no-cache")
	if a, b := readTree(t, filepath.Join(site, "public")), readTree(t, want); !maps.Equal(a, b) {
		for p := range b {
			if a[p] != b[p] {
				t.Errorf("%s: %s differs from a --no-cache build", name, p)
			}
		}
		t.Errorf("%s: %d files, a --no-cache build %d", name, len(a), len(b))
	}
	return strings.Contains(got, "nothing had changed")
}

// TestWarmMistakes builds the example site twice, so that the second
// build's record lets the next keep the datasets it checked, then breaks
// the site step by step and checks that a build with the record reports
// exactly what a --no-cache build reports: a comparison changed under a
// series that agrees with it and is not, a report with raw HTML, a
// dataset removed that a series agrees with and commentary quotes, a new
// dataset with a mistake, and a series changed to disagree with a
// comparison that is not.
func TestWarmMistakes(t *testing.T) {
	site := warmSite(t)
	buildOutput(t, "--source", site)
	settle(t)
	buildOutput(t, "--source", site)
	datasets := filepath.Join(site, "data", "datasets", "wmp2020")

	steps := []struct {
		name   string
		change func()
	}{
		{"a comparison and a report", func() {
			edit(t, filepath.Join(datasets, "robbery.yaml"), "values: [442, 822]", "values: [442, 823]")
			appendTo(t, filepath.Join(site, "content", "scrutiny-co-ordination", "2018-03-12", "04-wmp2020.md"), "\n<script>alert(1)</script>\n")
		}},
		{"a dataset removed and one added", func() {
			if err := os.Remove(filepath.Join(datasets, "burglary.yaml")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(datasets, "new.yaml"), []byte("kind: list\ntitle: T\nsource: S\nupdated: 2018-03-09\ngroup:\n  - label: A\n    items: [a]\n"))
		}},
		{"a series", func() {
			edit(t, filepath.Join(datasets, "constables-over-time.yaml"), "values: [", "values: [1")
		}},
	}
	for _, step := range steps {
		step.change()
		settle(t)
		warm := buildMistakes(t, "--source", site)
		cold := buildMistakes(t, "--source", site, "--no-cache")
		if warm != cold {
			t.Errorf("%s: a build with the record reported\n%s\na --no-cache build\n%s", step.name, warm, cold)
		}
	}
}

// buildMistakes runs briefing build with args, which must fail with
// mistakes in the site, and returns its standard error.
func buildMistakes(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("briefing", append([]string{"build"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	var exit *exec.ExitError
	if err := cmd.Run(); !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("briefing build %v: %v, want exit 1\n%s", args, err, stderr.String())
	}
	return stderr.String()
}

// edit replaces the first old in the file p with new.
func edit(t *testing.T, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s holds no %q", p, old)
	}
	writeFile(t, p, []byte(strings.Replace(string(data), old, new, 1)))
}

// warmSite copies the example site into a new folder, for builds that
// keep a record, with a cache secret of the test's own; it skips the
// test where file IDs are not known (and no record is kept).
func warmSite(t *testing.T) string {
	t.Helper()
	if _, ok := fileid.Stat("."); !ok {
		t.Skip("file IDs are not known on this system: every build is made in full")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	site := t.TempDir()
	copySite(t, site)
	return site
}

// buildOutput runs briefing build with args and returns its standard
// output.
func buildOutput(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("briefing", append([]string{"build"}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("briefing build %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// settle waits until the file system's clock has moved past
// every change made so far.
func settle(t *testing.T) {
	t.Helper()
	probe := filepath.Join(t.TempDir(), "probe")
	first, err := fileid.Stamp(probe)
	if err != nil {
		t.Fatal(err)
	}
	fileid.Settle(probe, first)
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

func appendTo(t *testing.T, p, text string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// TestLinkedHits: a meeting found in the cache whose files public/ holds
// unchanged is linked from there, its entry's files not read (only the
// signed header). An entry whose header is whole but whose files are
// damaged, or forged, is still never published: not where public/ has
// lost one of the meeting's files, nor where one was tampered with. Each
// build is, byte for byte, a --no-cache build.
func TestLinkedHits(t *testing.T) {
	if _, ok := fileid.Stat("."); !ok {
		t.Skip("file IDs are not known on this system: every build is made in full")
	}
	damages := map[string]func(t *testing.T, entry []byte) []byte{
		"a byte of the last file flipped": func(_ *testing.T, entry []byte) []byte {
			entry[len(entry)-10] ^= 1
			return entry
		},
		"forged": forge,
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", t.TempDir())
			site := t.TempDir()
			copySite(t, site)
			public := filepath.Join(site, "public")
			report := filepath.Join(site, "content", "scrutiny-co-ordination", "2018-03-12", "04-wmp2020.md")
			removed := filepath.Join(public, "scrutiny-co-ordination", "2018-03-12", "index.html")
			tampered := filepath.Join(public, "audit-and-procurement", "2018-03-19", "index.html")
			buildSame(t, site, "cold")
			for _, p := range cacheEntries(t, filepath.Join(site, ".briefing-cache")) {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if head, _, _ := strings.Cut(string(data), "\n"); strings.Fields(head)[3] == "1" {
					continue // the build's record (warm.go), of one blob, not a meeting's
				}
				if err := os.WriteFile(p, damage(t, data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// A source touched, so that the build does its work: every
			// meeting's files are in public/, linked.
			now := time.Now()
			if err := os.Chtimes(report, now, now); err != nil {
				t.Fatal(err)
			}
			before := inode(t, tampered)
			if buildSame(t, site, "damaged entries, public/ whole") {
				t.Error("damaged entries, public/ whole: the build found nothing to do")
			}
			if inode(t, tampered) != before {
				t.Error("damaged entries, public/ whole: a pack was written, not linked")
			}

			if err := os.Remove(removed); err != nil {
				t.Fatal(err)
			}
			tamper(t, tampered)
			buildSame(t, site, "damaged entries, a pack removed and one tampered with")
			if d, _ := os.ReadFile(tampered); strings.Contains(string(d), "tampered") {
				t.Error("the tampered pack was kept")
			}
		})
	}
}

// tamper rewrites the page p in place, as a careless editor or an
// intruder might: the same length and the old mtime. Only the ctime gives
// it away.
func tamper(t *testing.T, p string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	copy(data[len(data)-20:], "<!-- tampered -->   ")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if d, _ := os.ReadFile(p); !strings.Contains(string(d), "tampered") {
		t.Fatal("not tampered")
	}
}
