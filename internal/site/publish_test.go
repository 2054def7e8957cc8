package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
	"github.com/google/go-cmp/cmp"
)

func exampleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	res, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatalf("the example site does not build:\n%v", err)
	}
	return res.Files
}

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// TestIndexJSON reads index.json strictly, as the schema it documents: no
// unknown field, every required field set, every path a file of the
// build, every hash the hash of its file.
func TestIndexJSON(t *testing.T) {
	files := exampleFiles(t)
	dec := json.NewDecoder(bytes.NewReader(files["index.json"]))
	dec.DisallowUnknownFields()
	var ix render.Index
	if err := dec.Decode(&ix); err != nil {
		t.Fatalf("index.json does not match its schema: %v", err)
	}
	if ix.Council == "" || len(ix.Committees) < 2 || len(ix.Datasets) == 0 {
		t.Fatalf("index.json is missing committees or datasets: %+v", ix)
	}
	// index.json is written a meeting at a time, as json.MarshalIndent
	// writes the whole.
	if want, err := json.MarshalIndent(ix, "", "  "); err != nil || !bytes.Equal(files["index.json"], append(want, '\n')) {
		t.Errorf("index.json is not as json.MarshalIndent writes it (err %v):\n%s", err, cmp.Diff(string(append(want, '\n')), string(files["index.json"])))
	}
	versions := 0
	for _, c := range ix.Committees {
		if c.Slug == "" || c.Name == "" || files[c.Path] == nil {
			t.Errorf("committee %+v is incomplete or its page is missing", c)
		}
		for _, m := range c.Meetings {
			if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(m.Date) || files[m.Path] == nil || len(m.Items) == 0 || len(m.Versions) == 0 {
				t.Errorf("meeting %s of %s is incomplete", m.Date, c.Slug)
			}
			if !regexp.MustCompile(`^\d{4}/\d{2}$`).MatchString(m.MunicipalYear) {
				t.Errorf("meeting %s: municipal year %q", m.Date, m.MunicipalYear)
			}
			for _, v := range m.Versions {
				versions++
				page := files[v.Path]
				if page == nil || !hex64.MatchString(v.SHA256) || !hex64.MatchString(v.Fingerprint) {
					t.Errorf("version %+v is incomplete", v)
					continue
				}
				if got := sha256Hex(page); got != v.SHA256 {
					t.Errorf("%s: index.json says SHA-256 %s, the file's is %s", v.Path, v.SHA256, got)
				}
			}
		}
	}
	if versions < 5 {
		t.Errorf("only %d versions listed", versions)
	}
	// Minutes: the example publishes three meetings' (one approved by a
	// later meeting's), and decisions that may be called in.
	minutes, approved, callIns := 0, 0, 0
	for _, c := range ix.Committees {
		for _, m := range c.Meetings {
			mm := m.Minutes
			if mm == nil {
				continue
			}
			minutes++
			// The example's minutes are all written to show Briefing: the
			// index, and every page computed from them, says so.
			if !mm.Example {
				t.Errorf("minutes of %s %s: index.json does not mark them as example minutes", c.Slug, m.Date)
			}
			if files[mm.Path] == nil || len(mm.Versions) == 0 || mm.Versions[0].Published != mm.Published {
				t.Errorf("minutes of %s %s: %+v are incomplete or their page is missing", c.Slug, m.Date, mm)
			}
			for _, v := range mm.Versions {
				if files[v.Path] == nil {
					t.Errorf("minutes of %s %s: version %d's page %s was not built", c.Slug, m.Date, v.Number, v.Path)
				}
			}
			if n := len(mm.Versions); n > 0 && !bytes.Contains(files[mm.Versions[n-1].Path], []byte("(this version)")) {
				t.Errorf("minutes of %s %s: %s does not mark itself as the version read", c.Slug, m.Date, mm.Versions[n-1].Path)
			}
			if mm.Status == "approved" {
				approved++
				if files[mm.ApprovedBy] == nil || len(mm.Versions) != 2 || mm.Versions[1].Published < mm.ApprovedAt {
					t.Errorf("approved minutes of %s %s: %+v", c.Slug, m.Date, mm)
				}
			}
			for _, d := range mm.Decisions {
				if d.CallIn.Deadline != "" {
					callIns++
				}
			}
		}
	}
	members := 0
	for name, data := range files {
		if strings.HasPrefix(name, "members/") {
			members++
			if !bytes.Contains(data, []byte("<strong>Example minutes.</strong> All of these minutes")) {
				t.Errorf("%s: a member's record computed from example minutes does not say so", name)
			}
		}
	}
	if members < 10 {
		t.Errorf("only %d member pages", members)
	}
	if minutes < 3 || approved < 1 || callIns < 1 {
		t.Errorf("index.json gives %d meetings' minutes, %d approved, %d decisions with call-in periods", minutes, approved, callIns)
	}
}

// TestFeeds: the Atom feed and the sitemap are XML of their kind, and the
// iCalendar file follows RFC 5545's lines: CRLF, folded at 75 octets,
// balanced BEGIN and END, the properties an event must have.
func TestFeeds(t *testing.T) {
	files := exampleFiles(t)
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Title   string `xml:"title"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if feed.ID == "" || feed.Updated == "" || len(feed.Entries) < 4 {
		t.Errorf("feed.xml: id %q, updated %q, %d entries", feed.ID, feed.Updated, len(feed.Entries))
	}
	ids := map[string]bool{}
	for _, e := range feed.Entries {
		if ids[e.ID] || e.Updated == "" || e.Title == "" || e.Link.Href == "" {
			t.Errorf("feed entry %+v is incomplete or repeats an id", e)
		}
		ids[e.ID] = true
	}
	var urls struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &urls); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	for _, u := range urls.URLs {
		if !strings.HasPrefix(u.Loc, "https://democracy.example.org/briefing/") {
			t.Errorf("sitemap: %s is not under the base URL", u.Loc)
		}
	}
	checkICS(t, files["meetings.ics"])
}

func checkICS(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("meetings.ics lines must end in CRLF")
	}
	var lines []string
	for _, raw := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(raw) > 75 {
			t.Errorf("line longer than 75 octets: %q", raw)
		}
		if strings.HasPrefix(raw, " ") && len(lines) > 0 {
			lines[len(lines)-1] += raw[1:]
			continue
		}
		lines = append(lines, raw)
	}
	var stack []string
	events := 0
	props := map[string]bool{}
	for _, l := range lines {
		name, _, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("not a content line: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, l[6:])
			props = map[string]bool{}
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != l[4:] {
				t.Fatalf("unbalanced %q", l)
			}
			if l[4:] == "VEVENT" {
				events++
				for _, p := range []string{"UID", "DTSTAMP", "DTSTART", "SUMMARY"} {
					if !props[p] {
						t.Errorf("an event lacks %s", p)
					}
				}
			}
			stack = stack[:len(stack)-1]
		default:
			props[strings.SplitN(name, ";", 2)[0]] = true
		}
	}
	if len(stack) != 0 || events < 4 {
		t.Errorf("meetings.ics: %d events, unclosed %v", events, stack)
	}
}

// TestPublishedVersionsAreFrozen: a version whose fingerprint is recorded
// cannot change without the build saying so.
func TestPublishedVersionsAreFrozen(t *testing.T) {
	meeting := func(fingerprint string) string {
		return "---\ntime: \"10:00\"\nvenue: Hall\nstatus: published\nletter_date: 2019-01-11\n" + fingerprint +
			"contact:\n  name: D\nagenda:\n  - number: 1\n    title: T\n    report: r.md\n---\nDear Member,\n"
	}
	fsys := fstest.MapFS{
		"data/site.yaml":                  {Data: []byte("council: T\n")},
		"data/committees/c.yaml":          {Data: []byte("name: C\nmembers:\n  - name: A\n")},
		"content/c/2019-01-21/meeting.md": {Data: []byte(meeting(""))},
		"content/c/2019-01-21/r.md":       {Data: []byte("The report as published.\n")},
	}
	fp := firstFingerprint(t, fsys)
	fsys["content/c/2019-01-21/meeting.md"] = &fstest.MapFile{Data: []byte(meeting("fingerprint: " + fp + "\n"))}
	if _, err := Build(fsys, Options{Defaults: briefing.Defaults}); err != nil {
		t.Fatalf("recording the fingerprint broke the build: %v", err)
	}
	fsys["content/c/2019-01-21/r.md"] = &fstest.MapFile{Data: []byte("The report, quietly edited.\n")}
	_, err := Build(fsys, Options{Defaults: briefing.Defaults})
	var list diag.List
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("editing a published report: err = %v, want one positioned error", err)
	}
	want := "content/c/2019-01-21/meeting.md:6:14: version 1 (original pack, published 11 January 2019) has changed since it was published: its sources' fingerprint is now "
	if got := list[0].Error(); !strings.HasPrefix(got, want) || !strings.Contains(got, "the one recorded is "+fp[:12]) {
		t.Errorf("got  %s\nwant %s…", got, want)
	}
}

// firstFingerprint builds fsys and returns the fingerprint of its first
// meeting's original pack, as index.json gives it, to record.
func firstFingerprint(t *testing.T, fsys fs.FS) string {
	t.Helper()
	res, err := Build(fsys, Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	var ix render.Index
	if err := json.Unmarshal(res.Files["index.json"], &ix); err != nil {
		t.Fatal(err)
	}
	return ix.Committees[0].Meetings[0].Versions[0].Fingerprint
}

func sha256Hex(data []byte) string {
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

// TestMembershipSnapshot: a meeting that keeps its own members is frozen
// against later changes to its committee; one that does not is not.
func TestMembershipSnapshot(t *testing.T) {
	meeting := func(extra string) []byte {
		return []byte("---\ntime: \"10:00\"\nvenue: Hall\nstatus: published\nletter_date: 2019-01-11\n" + extra +
			"contact:\n  name: D\nagenda:\n  - number: 1\n    title: T\n---\nDear Member,\n")
	}
	fingerprint := func(fsys fstest.MapFS) string { return firstFingerprint(t, fsys) }
	site := func(meetingExtra, members string) fstest.MapFS {
		return fstest.MapFS{
			"data/site.yaml":                  {Data: []byte("council: T\n")},
			"data/committees/c.yaml":          {Data: []byte("name: C\nmembers:\n" + members)},
			"content/c/2019-01-21/meeting.md": {Data: meeting(meetingExtra)},
		}
	}
	kept := "members:\n  - name: Councillor A\n"
	before := fingerprint(site(kept, "  - name: Councillor A\n"))
	if after := fingerprint(site(kept, "  - name: Councillor B\n")); after != before {
		t.Error("a meeting with its own members changed when the committee's did")
	}
	if fingerprint(site("", "  - name: Councillor A\n")) == fingerprint(site("", "  - name: Councillor B\n")) {
		t.Error("a meeting without its own members did not follow the committee")
	}
}

// TestFrozenCauseFirst: a frozen version that quotes a dataset whose
// figures now have a mistake is not reported as changed — the dataset's
// mistake is, the cause to mend first — and once the dataset is mended
// but different, the version is reported, naming what its fingerprint
// covers and the details it takes from its committee.
func TestFrozenCauseFirst(t *testing.T) {
	meeting := func(fingerprint string) string {
		return "---\ntime: \"10:00\"\nstatus: published\nletter_date: 2019-01-11\n" + fingerprint +
			"contact:\n  name: D\nagenda:\n  - number: 1\n    title: T\n    report: r.md\n---\nDear Member,\n"
	}
	dataset := func(total string) []byte {
		return []byte("kind: comparison\ntitle: R\nsource: S\nupdated: 2019-01-01\nperiods: [Last, This]\nrows:\n  - {label: A, values: [1, 2]}\n  - {label: B, values: [3, 4]}\ntotal: {label: All, values: [4, " + total + "]}\n")
	}
	fsys := fstest.MapFS{
		"data/site.yaml":                  {Data: []byte("council: T\n")},
		"data/committees/c.yaml":          {Data: []byte("name: C\nvenue: Hall\nmembers:\n  - name: A\n")},
		"data/datasets/r.yaml":            {Data: dataset("6")},
		"content/c/2019-01-21/meeting.md": {Data: []byte(meeting(""))},
		"content/c/2019-01-21/r.md":       {Data: []byte("Robbery rose to [[r / A / This]].\n")},
	}
	fp := firstFingerprint(t, fsys)
	fsys["content/c/2019-01-21/meeting.md"] = &fstest.MapFile{Data: []byte(meeting("fingerprint: " + fp + "\n"))}

	fsys["data/datasets/r.yaml"] = &fstest.MapFile{Data: dataset("7")} // the typed total no longer adds up
	_, err := Build(fsys, Options{Defaults: briefing.Defaults})
	var list diag.List
	if !errors.As(err, &list) || len(list) != 1 || list[0].Pos.Path != "data/datasets/r.yaml" {
		t.Fatalf("a frozen pack's dataset with a mistake: err = %v, want the dataset's mistake alone", err)
	}

	fsys["data/datasets/r.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(dataset("6")), "title: R", "title: Robbery", 1))}
	_, err = Build(fsys, Options{Defaults: briefing.Defaults})
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("a frozen pack's dataset changed: err = %v, want one error", err)
	}
	for _, want := range []string{"has changed since it was published", "the datasets r;", "takes its venue and members from data/committees/c.yaml"} {
		if !strings.Contains(list[0].Error(), want) {
			t.Errorf("got %s\nwant it to say %q", list[0], want)
		}
	}
}
