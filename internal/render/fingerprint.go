package render

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"strings"

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

func (f *fingerprint) sum() string { return fmt.Sprintf("%x", f.h.Sum(nil)) }

// shortHash is the start of a hash, for people to compare by eye.
func shortHash(h string) string {
	if len(h) < 12 {
		return h
	}
	return strings.ToLower(h[:12])
}
