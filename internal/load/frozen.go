package load

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// MaxFrozenSize is the most a frozen page may hold: as much as a built
// page may (render.MaxPageBytes).
const MaxFrozenSize = 32 << 20

// frozen looks for each of m's versions' frozen page (model.Frozen) and
// checks it against the SHA-256 that meeting.md records for it. A frozen
// page is what members received: one that is missing, or whose bytes are
// not the ones recorded, is a mistake, never made again from the sources.
func (l *loader) frozen(m *model.Meeting) {
	l.frozenVersion(m, 1, m.Fingerprint, &m.Frozen)
	for i := range m.Supplements {
		s := &m.Supplements[i]
		l.frozenVersion(m, s.Number+1, s.Fingerprint, &s.Frozen)
	}
}

func (l *loader) frozenVersion(m *model.Meeting, v int, fp model.Recorded, f *model.Frozen) {
	name := model.FrozenPath(m, v)
	data, size, err := readAtMost(l.fsys, name, MaxFrozenSize)
	rec := f.SHA256
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if rec.SHA256 != "" {
			l.errs.Add(diag.Pos(rec.At), "version %d was frozen in %s, which is missing; restore it from version control (git checkout -- %s): a page built again now would not be the one members received (to freeze it afresh, remove this line and run briefing freeze)", v, name, name)
		}
		return
	case err != nil:
		l.errs.Add(diag.Pos{Path: name}, "cannot read the frozen page: %s", err)
		return
	case size > MaxFrozenSize:
		l.errs.Add(diag.Pos{Path: name}, "the frozen page is over %d MB, more than any page Briefing makes; restore it from version control (git checkout -- %s)", MaxFrozenSize>>20, name)
		return
	}
	sum := hash(data)
	switch {
	case fp.SHA256 == "":
		l.errs.Add(diag.Pos{Path: name}, "a frozen page of version %d, whose fingerprint is not recorded in %s; record the fingerprint (briefing versions) and the page's SHA-256 (sha256: %s), or remove the file if the version was never published", v, meetingPath(m), sum)
	case rec.SHA256 == "":
		l.errs.Add(diag.Pos{Path: name}, "the frozen page of version %d has no SHA-256 recorded; write `sha256: %s` under its fingerprint (%s), as briefing freeze said", v, sum, diag.Pos(fp.At))
	case rec.SHA256 != sum:
		l.errs.Add(diag.Pos{Path: name}, "the frozen page of version %d has changed since it was frozen: its SHA-256 is now %s, %s records %s; a frozen page is what members received and is never edited: restore it from version control (git checkout -- %s)", v, shortSum(sum), diag.Pos(rec.At), shortSum(rec.SHA256), name)
	default:
		f.Page = &model.Doc{Path: name, SHA256: sum}
	}
}

// meetingPath is the path of m's meeting.md.
func meetingPath(m *model.Meeting) string {
	return fmt.Sprintf("content/%s/%s/meeting.md", m.Committee.Slug, m.Slug())
}

// shortSum is a SHA-256's first 12 characters, as the archive shows it.
func shortSum(s string) string { return s[:min(12, len(s))] }

// Frozen reads a frozen page that Load found (model.Frozen.Page): the
// file must hold what it held then.
func Frozen(fsys fs.FS, doc model.Doc) ([]byte, error) {
	data, _, err := readAtMost(fsys, doc.Path, MaxFrozenSize)
	if err != nil || data == nil || hash(data) != doc.SHA256 {
		return nil, errChanged
	}
	return data, nil
}
