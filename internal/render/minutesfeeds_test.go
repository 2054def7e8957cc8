package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/model"
)

func feedDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// minutesSite is archiveSite with minutes: the older meeting's (15
// January 2018) published on 17 January and approved by the newer
// meeting's (12 March), and the newer's published on 14 March with a
// decision on item 1 that may be called in and one on exempt item 2.
// The newer meeting's pack was late, with a reason; its minutes give the
// chair's special circumstances for both items (the exempt one's private).
func minutesSite() *model.Site {
	site := archiveSite()
	c := site.Committees[0]
	newer, older := c.Meetings[0], c.Meetings[1]
	doc := func(m *model.Meeting) model.Doc {
		return model.Doc{Path: "content/c/" + m.Slug() + "/minutes.md", Source: []byte("Minutes.\n")}
	}
	older.Minutes = &model.Minutes{Doc: doc(older), Published: feedDay("2018-01-17"), ApprovedBy: newer}
	callIn := &model.CallIn{Published: feedDay("2018-03-14"), Deadline: feedDay("2018-03-21"), TakesEffect: feedDay("2018-03-22"), Days: 5}
	newer.Minutes = &model.Minutes{Doc: doc(newer), Published: feedDay("2018-03-14"), Approves: older,
		Items: []model.MinutesItem{
			{Number: 1, Resolutions: []string{"Noted."}, CallIn: callIn, Urgency: "Figures needed before the budget."},
			{Number: 2, CallIn: callIn, Urgency: "SECRET-MARKER urgency."},
		}}
	newer.Notice = model.Notice{ClearDays: 0, Required: 5, LateReason: "The report came late; the chair found it urgent."}
	return site
}

// TestIndexMinutes: index.json, read strictly, gives each meeting's
// published minutes (their versions, approval and decisions with their
// call-in periods, an exempt item's too; the items whose papers came late,
// with the chair's urgency, an exempt one's number and title only) and a
// late pack's notice and reason;
// a meeting without minutes has no "minutes".
func TestIndexMinutes(t *testing.T) {
	files := renderFiles(t, minutesSite())
	dec := json.NewDecoder(strings.NewReader(files["index.json"]))
	dec.DisallowUnknownFields()
	var ix Index
	if err := dec.Decode(&ix); err != nil {
		t.Fatalf("index.json does not match its schema: %v", err)
	}
	if want, _ := json.MarshalIndent(ix, "", "  "); files["index.json"] != string(want)+"\n" {
		t.Errorf("index.json is not as json.MarshalIndent writes it")
	}
	ms := ix.Committees[0].Meetings
	newer, older := ms[0], ms[1]
	wantOlder := &IndexMinutes{Path: "c/2018-01-15/minutes/index.html", Status: "approved", Published: "2018-01-17",
		ApprovedAt: "2018-03-12", ApprovedBy: "c/2018-03-12/minutes/index.html",
		Versions: []IndexMinutesVersion{
			{1, "Draft minutes", "2018-01-17", "c/2018-01-15/minutes/v1/index.html"},
			{2, "Approved minutes", "2018-03-14", "c/2018-01-15/minutes/v2/index.html"},
		}, Decisions: []IndexDecision{}, LateItems: []IndexLateItem{}}
	wantNewer := &IndexMinutes{Path: "c/2018-03-12/minutes/index.html", Status: "draft", Published: "2018-03-14",
		Versions: []IndexMinutesVersion{{1, "Draft minutes", "2018-03-14", "c/2018-03-12/minutes/v1/index.html"}},
		Decisions: []IndexDecision{
			{Item: 1, Title: "Burglary in the city centre", CallIn: IndexCallIn{"2018-03-14", "2018-03-21", "2018-03-22", 5}},
			{Item: 2, Title: "Contract award", CallIn: IndexCallIn{"2018-03-14", "2018-03-21", "2018-03-22", 5}},
		},
		LateItems: []IndexLateItem{
			{Item: 1, Title: "Burglary in the city centre", PaperPublished: "2018-03-12", ClearDays: new(int), Urgency: "Figures needed before the budget."},
			{Item: 2, Title: "Contract award"},
		}}
	for _, tc := range []struct {
		got, want *IndexMinutes
	}{{older.Minutes, wantOlder}, {newer.Minutes, wantNewer}} {
		got, _ := json.Marshal(tc.got)
		want, _ := json.Marshal(tc.want)
		if !bytes.Equal(got, want) {
			t.Errorf("minutes:\n got %s\nwant %s", got, want)
		}
	}
	if v := newer.Versions[0]; !v.Late || v.ClearDays != 0 || v.LateReason != "The report came late; the chair found it urgent." || v.Published != "2018-03-12" {
		t.Errorf("late version: %+v", v)
	}
	if strings.Contains(files["index.json"], "SECRET-MARKER") {
		t.Error("index.json shows an exempt item's urgency or report")
	}
	plain := renderFiles(t, archiveSite())["index.json"]
	if strings.Contains(plain, `"minutes"`) {
		t.Error("index.json gives minutes for a site without any")
	}
}

// TestAtomMinutes: the feed has an entry for each published version of
// the minutes, dated by it and linking to its page, saying draft or
// approved and giving the decisions' call-in deadlines; a late pack's
// entry says it is late and why; the entries stay newest first.
func TestAtomMinutes(t *testing.T) {
	files := renderFiles(t, minutesSite())
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(files["feed.xml"]), &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	var ids, updated []string
	byID := map[string]string{}
	for _, e := range feed.Entries {
		ids = append(ids, e.ID)
		updated = append(updated, e.Updated)
		byID[e.ID] = e.Updated + " " + e.Link.Href + " " + e.Title + " | " + e.Summary
	}
	if want := []string{
		"urn:briefing:c/2018-01-15/minutes/v2", // published with the minutes that approve them
		"urn:briefing:c/2018-03-12/minutes/v1",
		"urn:briefing:c/2018-03-12/v1",
		"urn:briefing:c/2018-01-15/minutes/v1",
		"urn:briefing:c/2018-01-15/v1",
	}; !slices.Equal(ids, want) {
		t.Errorf("entries %q, want %q", ids, want)
	}
	if !slices.IsSortedFunc(updated, func(a, b string) int { return strings.Compare(b, a) }) || feed.Updated != "2018-03-14T00:00:00Z" {
		t.Errorf("entries not newest first (%q), or feed updated %s", updated, feed.Updated)
	}
	for id, want := range map[string][]string{
		"urn:briefing:c/2018-03-12/minutes/v1": {"2018-03-14T00:00:00Z c/2018-03-12/minutes/v1/ C, 12 March 2018: Draft minutes | Draft minutes",
			"subject to approval", "Item 1, Burglary in the city centre: decision published 14 March 2018, may be called in until 21 March 2018, takes effect 22 March 2018",
			"Item 1, Burglary in the city centre, taken as urgent although its paper came late (0 clear days before the meeting): Figures needed before the budget.",
			"Item 2, Contract award (private business), taken although its paper came late.",
			"Item 2, Contract award (private business): decision published 14 March 2018, may be called in until 21 March 2018, takes effect 22 March 2018 unless called in."},
		"urn:briefing:c/2018-01-15/minutes/v2": {"2018-03-14T00:00:00Z c/2018-01-15/minutes/v2/ C, 15 January 2018: Approved minutes | Approved minutes",
			"approved as a true record at the meeting on 12 March 2018"},
		"urn:briefing:c/2018-01-15/minutes/v1": {"2018-01-17T00:00:00Z c/2018-01-15/minutes/v1/", "Draft minutes"},
		"urn:briefing:c/2018-03-12/v1":         {"Late paper: published 0 clear days before the meeting, where 5 are required. Reason: The report came late; the chair found it urgent."},
	} {
		for _, w := range want {
			if !strings.Contains(byID[id], w) {
				t.Errorf("entry %s: %q does not say %q", id, byID[id], w)
			}
		}
	}
	if strings.Contains(files["feed.xml"], "SECRET-MARKER") {
		t.Error("feed.xml shows an exempt item's report")
	}
}

// icsLines returns an iCalendar file's content lines, unfolded.
func icsLines(ics string) []string {
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(ics, "\r\n ", ""), "\r\n"), "\r\n")
}

// TestCalendarMinutes: a meeting's event gives its papers' publication
// dates (a late one with its reason) and its minutes, is stamped with the
// latest of them, and each decision that may be called in has an all-day
// event on its deadline, an exempt item's by its title only.
func TestCalendarMinutes(t *testing.T) {
	files := renderFiles(t, minutesSite())
	events := map[string][]string{}
	var uid string
	for _, l := range icsLines(files["meetings.ics"]) {
		if v, ok := strings.CutPrefix(l, "UID:"); ok {
			uid = v
		}
		if uid != "" {
			events[uid] = append(events[uid], l)
		}
		if l == "END:VEVENT" {
			uid = ""
		}
	}
	has := func(uid string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !slices.ContainsFunc(events[uid], func(l string) bool { return strings.Contains(l, w) }) {
				t.Errorf("event %s: no line with %q in\n%s", uid, w, strings.Join(events[uid], "\n"))
			}
		}
	}
	has("c-2018-03-12@briefing", "DTSTAMP:20180314T000000Z",
		`Papers published:\nOriginal pack\, 12 March 2018: late paper\, 0 clear days before the meeting where 5 are required. Reason: The report came late\; the chair found it urgent.`,
		`Minutes: draft\, published 14 March 2018\, subject to approval: c/2018-03-12/minutes/`)
	has("c-2018-01-15@briefing", "DTSTAMP:20180314T000000Z",
		`Minutes: approved at the meeting on 12 March 2018\, published 14 March 2018 (draft published 17 January 2018): c/2018-01-15/minutes/`)
	has("c-2018-03-12-item-1-call-in@briefing", "DTSTAMP:20180314T000000Z", "DTSTART;VALUE=DATE:20180321", "DTEND;VALUE=DATE:20180322",
		`SUMMARY:Call-in deadline: C\, item 1`, "takes effect on 22 March 2018")
	has("c-2018-03-12-item-2-call-in@briefing", "DTSTART;VALUE=DATE:20180321", `DESCRIPTION:Contract award (private business) (meeting of 12 March 2018)`)
	if len(events) != 4 {
		t.Errorf("%d events, want 4: %q", len(events), events)
	}
	if strings.Contains(files["meetings.ics"], "SECRET-MARKER") {
		t.Error("meetings.ics shows an exempt item's report")
	}
}

// TestFeedsDeterministic: the same site gives the same feeds, byte for
// byte.
func TestFeedsDeterministic(t *testing.T) {
	a, b := renderFiles(t, minutesSite()), renderFiles(t, minutesSite())
	for _, name := range []string{"feed.xml", "meetings.ics", "index.json"} {
		if a[name] != b[name] {
			t.Errorf("%s differs between two builds of the same site", name)
		}
	}
}

// TestSitemapMinutes: with a base URL, the sitemap lists the minutes'
// page, dated by their latest version, and each version's.
func TestSitemapMinutes(t *testing.T) {
	site := minutesSite()
	site.Settings.BaseURL = "https://example.org/"
	var set sitemapURLSet
	if err := xml.Unmarshal([]byte(renderFiles(t, site)["sitemap.xml"]), &set); err != nil {
		t.Fatal(err)
	}
	for _, want := range []sitemapURL{
		{"https://example.org/c/2018-01-15/minutes/", "2018-03-14"},
		{"https://example.org/c/2018-01-15/minutes/v1/", "2018-01-17"},
		{"https://example.org/c/2018-01-15/minutes/v2/", "2018-03-14"},
		{"https://example.org/c/2018-03-12/minutes/", "2018-03-14"},
		{"https://example.org/c/2018-03-12/minutes/v1/", "2018-03-14"},
	} {
		if !slices.Contains(set.URLs, want) {
			t.Errorf("sitemap.xml does not list %+v", want)
		}
	}
}
