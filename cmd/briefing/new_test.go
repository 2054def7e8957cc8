package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNewDatesToday checks that a supplement and minutes are dated today
// when --date is not given, by the clock new reads (today).
func TestNewDatesToday(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	var out, errs bytes.Buffer
	if err := newFile([]string{"site", dir}, &out, &errs); err != nil {
		t.Fatalf("new site: %v\n%s", err, errs.String())
	}
	was := today
	defer func() { today = was }()
	meeting := filepath.Join(dir, "content/scrutiny/2027-01-18")
	for _, tt := range []struct{ day, kind, file, want string }{
		{"2027-01-11", "supplement", "meeting.md", "\n  - date: 2027-01-11\n"},
		{"2027-01-19", "minutes", "minutes.md", "\npublished: 2027-01-19 "},
	} {
		d, _ := time.Parse(time.DateOnly, tt.day)
		today = func() time.Time { return d }
		if err := newFile([]string{tt.kind, "scrutiny/2027-01-18", "--source", dir}, &out, &errs); err != nil {
			t.Fatalf("new %s: %v\n%s", tt.kind, err, errs.String())
		}
		data, err := os.ReadFile(filepath.Join(meeting, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), tt.want) {
			t.Errorf("new %s on %s: %s lacks %q:\n%s", tt.kind, tt.day, tt.file, tt.want, data)
		}
	}
}
