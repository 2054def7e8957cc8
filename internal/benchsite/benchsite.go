// Package benchsite makes a synthetic archive for measuring Briefing at
// the scale a council works at: some 600 meetings a year, kept for at
// least six years. Each meeting has a covering letter and a report, about
// 1,500 words of commentary with 4 markdown tables between them, and 4
// datasets of its own (a monthly series, a comparison by area, a workforce
// table and a yearly series) placed as 6 charts and 4 data tables, with
// figures quoted in sentences. Committees, members and agenda items are
// filled in as a real site has them.
//
// The same commentary is also written as a Hugo site, one plain page per
// meeting (the letter and the report, with no datasets: a quoted figure is
// its plain number, a placed chart or table is left out), so that the two
// builds can be set side by side.
//
// The archive is a function of its Options alone: the same seed gives the
// same bytes, and each meeting's text depends on the seed and its place in
// the archive, not on how many meetings there are.
package benchsite

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"
)

// Options say what to make.
type Options struct {
	Meetings int    // how many meetings, at most MaxMeetings
	Seed     uint64 // the same seed gives the same archive
}

// MaxMeetings keeps every meeting date before 2100, the last year Briefing
// accepts: each committee meets every two weeks from 2012.
const MaxMeetings = 20_000

// Archive is a generated archive.
type Archive struct {
	// Briefing is the Briefing site (content/ and data/) and Hugo the Hugo
	// site (hugo.toml, content/, layouts/), each by slash-separated path.
	Briefing, Hugo Files
	// Words counts the words of commentary, tables left out.
	Words int
}

// Files are a site's files by slash-separated path.
type Files map[string][]byte

// FS returns the files as a read-only file system.
func (f Files) FS() fs.FS {
	m := make(fstest.MapFS, len(f))
	for name, data := range f {
		m[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return m
}

// Write writes the files under dir, which it creates if missing.
func (f Files) Write(dir string) error {
	for name, data := range f {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Size is the files' total size in bytes.
func (f Files) Size() int64 {
	var n int64
	for _, data := range f {
		n += int64(len(data))
	}
	return n
}

// first is the first meeting day: a Monday.
var first = time.Date(2012, 1, 2, 0, 0, 0, 0, time.UTC)

// meetingsPerCommittee sets how many committees share the meetings: a
// committee meets about twenty-five times a year, so 600 meetings a year
// is some twenty-four committees; more than that share names.
const meetingsPerCommittee = 50

// Generate makes an archive of opts.Meetings meetings.
func Generate(opts Options) (*Archive, error) {
	if opts.Meetings < 1 || opts.Meetings > MaxMeetings {
		return nil, fmt.Errorf("meetings: %d is not from 1 to %d", opts.Meetings, MaxMeetings)
	}
	a := &Archive{Briefing: Files{}, Hugo: Files{}}
	a.Briefing["data/site.yaml"] = []byte("council: Synthetic City Council\ndirectorate: Law and Governance\naddress:\n  - Council House\n  - Earl Street\ntelephone: \"024 7600 0000\"\nbase_url: https://democracy.example.org/\n")
	committees := make([]*committee, min((opts.Meetings+meetingsPerCommittee-1)/meetingsPerCommittee, len(committeeNames)))
	for i := range committees {
		committees[i] = newCommittee(i, rand.New(rand.NewPCG(opts.Seed, uint64(i)<<32)))
		committees[i].write(a)
	}
	for i := range opts.Meetings {
		c := committees[i%len(committees)]
		k := i / len(committees)
		// Committees meet on different weekdays, each every two weeks.
		date := first.AddDate(0, 0, 14*k+i%len(committees)%5)
		m := &meeting{committee: c, date: date, rnd: rand.New(rand.NewPCG(opts.Seed, uint64(i)+1))}
		m.write(a)
	}
	hugoSite(a, committees)
	return a, nil
}

type committee struct {
	slug, name string
	members    []string // the chair first, then the deputy chair
}

func newCommittee(i int, rnd *rand.Rand) *committee {
	name := committeeNames[i]
	c := &committee{slug: slug(name), name: name}
	for _, j := range rnd.Perm(len(surnames))[:9] {
		c.members = append(c.members, fmt.Sprintf("Councillor %c %s", 'A'+rune(rnd.IntN(26)), surnames[j]))
	}
	return c
}

func (c *committee) write(a *Archive) {
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nmembers:\n", quote(c.name))
	for i, m := range c.members {
		role := "member"
		switch i {
		case 0:
			role = "chair"
		case 1:
			role = "deputy-chair"
		}
		fmt.Fprintf(&b, "  - name: %s\n    role: %s\n", quote(m), role)
	}
	a.Briefing["data/committees/"+c.slug+".yaml"] = []byte(b.String())
}

// slug turns a name into lower-case words joined by hyphens.
func slug(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}), "-")
}

// quote writes s as a YAML double-quoted string; Go's escapes for the
// text made here (quotes and backslashes) are YAML's too.
func quote(s string) string { return fmt.Sprintf("%q", s) }

type meeting struct {
	committee *committee
	date      time.Time
	rnd       *rand.Rand
}

// folder is the meeting's path under content/ and data/datasets/.
func (m *meeting) folder() string {
	return path.Join(m.committee.slug, m.date.Format(time.DateOnly))
}

func (m *meeting) write(a *Archive) {
	topic := topics[m.rnd.IntN(len(topics))]
	report := "04-" + slug(topic.title) + ".md"
	ds := m.datasets(a, topic)

	w := &writer{rnd: m.rnd}
	m.letter(w)
	letter, hugoLetter := w.briefing.String(), w.hugo.String()
	w.briefing.Reset()
	w.hugo.Reset()
	m.report(w, topic, ds)
	a.Words += w.words

	dir := "content/" + m.folder() + "/"
	a.Briefing[dir+"meeting.md"] = []byte(m.frontMatter(topic, report) + letter)
	a.Briefing[dir+report] = []byte(w.briefing.String())
	a.Hugo["content/"+m.folder()+".md"] = []byte(fmt.Sprintf("---\ntitle: %s\ndate: %s\n---\n%s\n%s",
		quote(m.committee.name+", "+m.date.Format("2 January 2006")), m.date.Format(time.DateOnly), hugoLetter, w.hugo.String()))
}

func (m *meeting) frontMatter(topic topic, report string) string {
	var b strings.Builder
	letterDate := m.date.AddDate(0, 0, -7)
	fmt.Fprintf(&b, "---\ntime: %q\nvenue: %s\nstatus: published\nreference: %s\nletter_date: %s\n",
		[]string{"10:00", "14:00", "18:00"}[m.rnd.IntN(3)], quote(venues[m.rnd.IntN(len(venues))]),
		quote(fmt.Sprintf("%s/%s", strings.ToUpper(m.committee.slug[:3]), letterDate.Format("0601"))), letterDate.Format(time.DateOnly))
	fmt.Fprintf(&b, "contact:\n  name: %s\n  role: Governance Services Officer\n  phone: \"024 7600 0100\"\n  email: governance@example.org\n",
		quote(officers[m.rnd.IntN(len(officers))]))
	fmt.Fprintf(&b, "agenda:\n")
	fmt.Fprintf(&b, "  - number: 1\n    title: Apologies and Substitutions\n")
	fmt.Fprintf(&b, "  - number: 2\n    title: Declarations of Interest\n")
	fmt.Fprintf(&b, "  - number: 3\n    title: Minutes\n    description: %s\n    pages: \"1 - 4\"\n",
		quote("To agree the minutes of the meeting held on "+m.date.AddDate(0, 0, -14).Format("2 January 2006")+" and to consider any matters arising."))
	fmt.Fprintf(&b, "  - number: 4\n    title: %s\n    presenter: %s\n    report: %s\n    pages: \"5 - 38\"\n",
		quote(topic.title), quote(topic.presenter), report)
	fmt.Fprintf(&b, "  - number: 5\n    title: Work Programme\n    description: To note the committee's work programme and agree any changes.\n    pages: \"39 - 42\"\n")
	fmt.Fprintf(&b, "  - number: 6\n    title: Any other items of public business\n    description: Any other items of public business which the Chair decides to take as a matter of urgency.\n")
	b.WriteString("---\n")
	return b.String()
}
