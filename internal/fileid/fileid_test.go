package fileid

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// settle waits until the file system's clock has moved past after.
func settle(t *testing.T, probe string, after int64) int64 {
	t.Helper()
	now, err := Settle(probe, after)
	if err != nil {
		t.Fatal(err)
	}
	return now
}

// TestIDSeesEveryChange checks on real files that a change of content
// with the times put back, a file replaced by another with the same
// bytes and times, and a change of mode each give another ID, and that
// an untouched file keeps its ID.
func TestIDSeesEveryChange(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "report.md")
	probe := filepath.Join(dir, "probe")
	if err := os.WriteFile(name, []byte("The first text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, ok := Stat(name)
	if !ok {
		t.Skip("file IDs are not known on this system")
	}
	if again, _ := Stat(name); again != before {
		t.Fatalf("an untouched file changed ID: %+v, then %+v", before, again)
	}
	mtime := time.Unix(0, before.Mtime)

	settle(t, probe, before.Ctime)
	// Same size, mtime put back: only ctime tells.
	if err := os.WriteFile(name, []byte("The other text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(name, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	edited, _ := Stat(name)
	if edited.Size != before.Size || edited.Mtime != before.Mtime {
		t.Fatalf("the test did not keep size and mtime: %+v, then %+v", before, edited)
	}
	if edited == before {
		t.Error("content changed with size and mtime kept: same ID")
	}

	// Replaced by another file with the same bytes and mtime.
	other := filepath.Join(dir, "other.md")
	if err := os.WriteFile(other, []byte("The other text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(other, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, name); err != nil {
		t.Fatal(err)
	}
	if replaced, _ := Stat(name); replaced.Place() == edited.Place() || replaced == edited {
		t.Error("a file replaced by another of the same bytes and times: same ID")
	}

	now, _ := Stat(name)
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	if chmodded, _ := Stat(name); chmodded == now {
		t.Error("mode changed: same ID")
	}
}

// TestStampMakesRacy checks that a stamp taken before a change makes the
// changed file racy, and that one taken after a change leaves it not
// racy.
func TestStampMakesRacy(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "data.yaml")
	probe := filepath.Join(dir, "stamp")
	if err := os.WriteFile(name, []byte("title: A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	id, ok := Stat(name)
	if !ok {
		t.Skip("file IDs are not known on this system")
	}
	stamp := settle(t, probe, id.Ctime)
	if id.Racy(stamp) {
		t.Errorf("a file changed before the stamp is racy: ctime %d, stamp %d", id.Ctime, stamp)
	}
	if err := os.WriteFile(name, []byte("title: B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, _ := Stat(name)
	if !changed.Racy(stamp) {
		t.Errorf("a file changed after the stamp is not racy: ctime %d, stamp %d", changed.Ctime, stamp)
	}
}
