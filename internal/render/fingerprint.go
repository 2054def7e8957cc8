package render

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/model"
)

// fingerprint hashes everything a version of a pack is made from: the
// meeting's details, the letters, the items and their reports, the
// committee's membership and the datasets the commentary uses. Layouts and
// styles are not in it, so that restyling the archive does not count as
// changing what the committee saw.
type fingerprint struct{ h hash.Hash }

func newFingerprint(m *model.Meeting) *fingerprint {
	f := &fingerprint{h: sha256.New()}
	f.add("meeting", m.Committee.Slug, m.Committee.Name, m.Slug(), m.Time, m.Venue, m.Reference,
		m.Contact.Name, m.Contact.Role, m.Contact.Phone, m.Contact.Email)
	for _, a := range m.Invited {
		f.add("invited", a.Name, a.Role)
	}
	for _, mem := range m.Members {
		f.add("member", mem.Name, string(mem.Role))
	}
	return f
}

// add writes fields, each length-prefixed so that no two lists of fields
// hash alike.
func (f *fingerprint) add(fields ...string) {
	for _, s := range fields {
		fmt.Fprintf(f.h, "%d:%s\n", len(s), s)
	}
	f.h.Write([]byte("\x00"))
}

// fingerprint is the fingerprint of version v of m's pack, made of the
// documents versionDocs chose (the items' reports as readDocs read them),
// the images each showed and the datasets the commentary quoted. Each
// field goes in in the order the first versions recorded it, so that
// recorded fingerprints stay valid.
func (r *renderer) fingerprint(m *model.Meeting, v int, letters []letterSrc, items []*model.Item, reports []*model.Doc, reportImages [][]shownImage, datasets map[string]bool) string {
	f := newFingerprint(m)
	for _, l := range letters {
		f.addImages(l.images)
		// The letter's text without the blank lines that stand for its
		// front matter: recording a fingerprint there is no change.
		f.add("letter", l.title, l.date.Format(time.DateOnly), strings.TrimSpace(string(l.doc.Source)))
		// What the pack says of a late paper; added only where it says
		// something, so that earlier fingerprints stay valid.
		if n := l.notice; n.Late() || n.LateReason != "" {
			f.add("notice", fmt.Sprint(n.ClearDays, n.Required), n.LateReason)
		}
	}
	for i, it := range items {
		_, replacedBy := it.ReportIn(v)
		doc := reports[i]
		f.add("item", fmt.Sprint(it.Number), it.Title, it.Presenter, it.Description, it.Pages, it.Exempt, fmt.Sprint(it.AddedBy, replacedBy))
		if it.BroughtBy != 0 { // as above
			f.add("brought", fmt.Sprint(it.BroughtBy, it.ToFollow(v)))
		}
		if doc != nil {
			f.add("report", string(doc.Source))
			f.addImages(reportImages[i])
		}
	}
	for _, id := range slices.Sorted(maps.Keys(datasets)) {
		f.add("dataset", id, r.opts.Datasets.SHA256(id))
	}
	return f.sum()
}

func (f *fingerprint) addImages(shown []shownImage) {
	for _, im := range shown {
		f.add("image", im.name, im.sha256)
	}
}

func (f *fingerprint) sum() string { return fmt.Sprintf("%x", f.h.Sum(nil)) }

// shortHash is the start of a hash, for people to compare by eye.
func shortHash(h string) string {
	if len(h) < 12 {
		return h
	}
	return strings.ToLower(h[:12])
}
