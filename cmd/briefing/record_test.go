package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/fileid"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/sources"
	"github.com/briefing/briefing/internal/write"
)

// TestWriteRecord holds writeRecord to json.Marshal, which readRecord's
// json.Unmarshal reads: a field added to the record, or to the Index or
// Manifest in it, that writeRecord does not write fails here.
func TestWriteRecord(t *testing.T) {
	id := fileid.ID{Dev: 1, Ino: 2, Mode: 0o644, Size: 3, Mtime: 4, Ctime: 5}
	full := &record{
		Meetings: 2, Files: 5, Bytes: 1 << 40,
		Sources: &sources.Index{Stamp: 7,
			Files: map[string]fileid.ID{"stat content/b.md": id, "lstat content/<a&b>.md": {}, "stat data/é.csv": id},
			Lists: map[string]string{"content": "ab", "data": "cd"}},
		Output: &write.Manifest{Stamp: 8, Top: id,
			Files:   map[string]write.File{"index.html": {Sum: "ff", ID: id}, "a/index.html": {Sum: "ee"}},
			Folders: map[string]fileid.ID{"a": id}},
		Datasets: map[string]*model.DatasetFile{
			"budget": {ID: "budget", SHA256: "aa", Kind: "series", Title: "Budget \"2024\"", Updated: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Agrees: []string{"areas"}},
			"areas":  {ID: "areas", Title: "<Areas>"},
		},
		Docs:  map[string]string{"content/x/meeting.md": "bb"},
		Packs: 3, Figures: 4, Tables: 5,
		Warnings: diag.List{{Pos: diag.Pos{Path: "data/datasets/a.yaml"}, Msg: "warning: <unquoted> \"a\""}},
		ByMeeting: map[string]*keptMeeting{"c/2019-01-21": {Versions: []render.Version{{Number: 1, Path: "c/2019-01-21/v1/index.html", SHA256: "aa"}},
			Paths: []string{"c/2019-01-21/v1/index.html", "c/2019-01-21/index.html"},
			Notes: render.Notes{Quoted: []string{"a"}, Figures: 1, Warnings: diag.List{{Pos: diag.Pos{Path: "content/c/2019-01-21/1.md", Line: 2, Col: 1}, Msg: "warning: x"}}}}},
		Partial: true,
	}
	for name, r := range map[string]*record{
		"full":  full,
		"empty": {Sources: &sources.Index{}, Output: &write.Manifest{}},
		"nil":   {},
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeRecord(&got, r); err != nil {
			t.Fatalf("%s: writeRecord: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: writeRecord wrote\n%s\nwant (json.Marshal)\n%s", name, got.Bytes(), want)
		}
	}
}
