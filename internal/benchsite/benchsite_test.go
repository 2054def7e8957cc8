package benchsite

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
)

// TestBuilds builds a small archive: Briefing refuses nothing, and every
// pack has six figures and four data tables; Hugo builds its half where
// it is installed.
func TestBuilds(t *testing.T) {
	a, err := Generate(Options{Meetings: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := site.Build(a.Briefing.FS(), site.Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Meetings) != 5 {
		t.Fatalf("built %d meetings, want 5", len(res.Meetings))
	}
	for _, p := range res.Meetings {
		page := res.Files[render.PackPath(p.Meeting)]
		for _, want := range []string{`id="figure-6-caption"`, `id="table-4"`} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("%s has no %s", render.PackPath(p.Meeting), want)
			}
		}
		for _, unwanted := range []string{`id="figure-7-caption"`, `id="table-5"`} {
			if bytes.Contains(page, []byte(unwanted)) {
				t.Errorf("%s has %s", render.PackPath(p.Meeting), unwanted)
			}
		}
	}
	if words := a.Words / 5; words < wordsPerMeeting-100 || words > wordsPerMeeting+100 {
		t.Errorf("%d words a meeting, want about %d", words, wordsPerMeeting)
	}

	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Log("hugo is not installed (make bench-deps installs it): its site is not built")
		return
	}
	dir := t.TempDir()
	if err := a.Hugo.Write(dir); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hugo, "--source", dir, "--cacheDir", t.TempDir(), "--quiet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "public", "*", "*", "index.html"))
	if len(matches) != 5 {
		t.Errorf("hugo wrote %d meeting pages, want 5", len(matches))
	}
}

// TestDeterministic: the same seed gives the same archive, another seed
// another, and a meeting does not change with the number of meetings
// after it.
func TestDeterministic(t *testing.T) {
	gen := func(meetings int, seed uint64) *Archive {
		a, err := Generate(Options{Meetings: meetings, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a, b, other, fewer := gen(5, 1), gen(5, 1), gen(5, 2), gen(3, 1)
	if diff := differ(a.Briefing, b.Briefing) + differ(a.Hugo, b.Hugo); diff != "" {
		t.Errorf("seed 1 twice:\n%s", diff)
	}
	if differ(a.Briefing, other.Briefing) == "" {
		t.Error("seeds 1 and 2 give the same archive")
	}
	for name, data := range fewer.Briefing {
		if !bytes.Equal(data, a.Briefing[name]) {
			t.Errorf("%s differs between archives of 3 and 5 meetings", name)
		}
	}
}

// differ lists the files that are not the same in a and b.
func differ(a, b Files) string {
	var out strings.Builder
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			fmt.Fprintf(&out, "%s differs\n", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			fmt.Fprintf(&out, "%s only in the second\n", name)
		}
	}
	return out.String()
}

func TestGenerateRefuses(t *testing.T) {
	for _, n := range []int{0, -1, MaxMeetings + 1} {
		if _, err := Generate(Options{Meetings: n}); err == nil {
			t.Errorf("Generate(%d meetings) gives no error", n)
		}
	}
}
