package site

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/briefing/briefing"
	"github.com/google/go-cmp/cmp"
)

// TestEmitTo builds the example site with Emit and EmitTo, as the command
// does: the files, their count and size are those of a build that
// gathers them in Result.Files, and the index and feeds come through
// EmitTo.
func TestEmitTo(t *testing.T) {
	want, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	var streamed []string
	res, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults,
		Emit: func(path string, data []byte) error { got[path] = data; return nil },
		EmitTo: func(path string, write func(io.Writer) error) error {
			streamed = append(streamed, path)
			var b bytes.Buffer
			err := write(&b)
			got[path] = b.Bytes()
			return err
		}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Files, got); diff != "" {
		t.Errorf("files with EmitTo (-without +with):\n%s", diff)
	}
	if res.Count != want.Count || res.Bytes != want.Bytes {
		t.Errorf("with EmitTo: %d files, %d bytes; want %d, %d", res.Count, res.Bytes, want.Count, want.Bytes)
	}
	if diff := cmp.Diff([]string{"feed.xml", "meetings.ics", "index.json", "sitemap.xml"}, streamed); diff != "" {
		t.Errorf("files through EmitTo (-want +got):\n%s", diff)
	}
}

// TestProgress: each meeting is counted once, in order, out of every
// meeting the build makes.
func TestProgress(t *testing.T) {
	var got []int
	total := -1
	res, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults, Progress: func(done, n int) {
		got = append(got, done)
		if total != -1 && n != total {
			t.Errorf("total changed from %d to %d", total, n)
		}
		total = n
	}})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(res.Meetings) || len(got) != total {
		t.Fatalf("told %v of %d; the build made %d meetings", got, total, len(res.Meetings))
	}
	for i, d := range got {
		if d != i+1 {
			t.Fatalf("told %v, want 1 to %d in order", got, total)
		}
	}
}
