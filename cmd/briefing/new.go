package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/notice"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/scaffold"
)

var newHelp = helpText{
	usage: "briefing new site|meeting|item|dataset ARGUMENTS",
	about: `Starts a file from a commented template, so that every key is in sight:

  briefing new site DIR                          a new site that builds as it is
  briefing new meeting COMMITTEE DATE            a meeting, with the opening items
  briefing new item COMMITTEE/DATE TITLE         an agenda item and its report
  briefing new dataset KIND ID                   a dataset of placeholder figures
  briefing new supplement COMMITTEE/DATE         a supplement and its covering letter
  briefing new minutes COMMITTEE/DATE            the minutes, after the meeting

Nothing is ever overwritten. "briefing help new meeting" (and so on) says
more of each.`,
	examples: `
		briefing new site council-papers
		briefing new meeting scrutiny 2027-02-15
		briefing new item scrutiny/2027-02-15 "Budget monitoring"
		briefing new supplement scrutiny/2027-02-15
		briefing new minutes scrutiny/2027-02-15`,
}

var newSiteHelp = helpText{
	usage: "briefing new site DIR",
	about: `Makes a new site in DIR, which must be missing or empty: data/site.yaml, one
committee (data/committees/scrutiny.yaml) and one published meeting with an
example report, so that "briefing build" makes a pack straight away, and a
.gitignore. Replace the example's names with your own. The layouts and the
stylesheet are Briefing's own until the site has a file of the same name in
layouts/ or static/.`,
	examples: `
		briefing new site council-papers
		cd council-papers && briefing build`,
}

var newMeetingHelp = helpText{
	usage: "briefing new meeting COMMITTEE DATE [--source DIR]",
	about: `Makes content/COMMITTEE/DATE/meeting.md, a draft: COMMITTEE is a committee's
slug (its file in data/committees), DATE the meeting's date as yyyy-mm-dd.
The front matter shows the committee's venue, time and contact (which the
meeting takes unless you write its own), leaves the letter_date for you to
write, and has the opening items: apologies, declarations of interest and
the minutes of the committee's meeting before it.`,
	examples: `
		briefing new meeting scrutiny 2027-02-15
		briefing new meeting audit 2027-03-01 --source ../council-papers
		briefing build --drafts        # the draft is built, marked as one`,
}

var newItemHelp = helpText{
	usage: "briefing new item COMMITTEE/DATE TITLE [--source DIR]",
	about: `Adds the next agenda item to content/COMMITTEE/DATE/meeting.md, after the
last, leaving the rest of the file as it is, and writes its report,
NN-title.md, a starter with notes on headings, tables, charts and figures.`,
	examples: `
		briefing new item scrutiny/2027-02-15 "Budget monitoring"
		briefing new item audit/2027-03-01 "Internal audit plan" --source ../council-papers`,
}

var newDatasetHelp = helpText{
	usage: "briefing new dataset table|comparison|series|list|lost ID [--source DIR]",
	about: `Writes data/datasets/ID.yaml, a dataset of the kind named: every key shown
(the optional ones commented out), with placeholder figures that build and
say they are placeholders. ID is a path such as health/ae-waits; a report
places the dataset with [[table ID]] (a lost one's chart with
[[chart ID chart-1]]).`,
	examples: `
		briefing new dataset comparison health/ae-waits
		briefing new dataset series police/strength --source ../council-papers`,
}

var newSupplementHelp = helpText{
	usage: "briefing new supplement COMMITTEE/DATE [--date yyyy-mm-dd] [--source DIR]",
	about: `Adds the next supplement to content/COMMITTEE/DATE/meeting.md, after the
last (or starting the supplements: list), leaving the rest of the file as
it is, and writes its covering letter, supplement-N.md. --date is the day
it is published (default: today), after the pack's letter_date and any
earlier supplement, and not after the meeting. Which items it brings or
adds is left for you to write: meeting.md offers them in comments. A
supplement that gives fewer clear days' notice than the site's
notice.clear_days is late: meeting.md then has a late_reason: line,
commented out, for you to write; until you do, briefing check warns (and
fails with --strict).`,
	examples: `
		briefing new supplement scrutiny/2027-02-15
		briefing new supplement scrutiny/2027-02-15 --date 2027-02-12`,
}

var newMinutesHelp = helpText{
	usage: "briefing new minutes COMMITTEE/DATE [--date yyyy-mm-dd] [--source DIR]",
	about: `Writes content/COMMITTEE/DATE/minutes.md for a published meeting: published:
--date (default: today, which must not be before the meeting), every
member of the meeting under present (move those who were not there to
apologies or absent), and one entry for each agenda item, with its
resolutions to write. The minutes item approves the minutes of the
committee's meeting before, when those are not approved yet. An existing
minutes.md is never overwritten; a draft meeting has no minutes.`,
	examples: `
		briefing new minutes scrutiny/2027-02-15
		briefing new minutes scrutiny/2027-02-15 --date 2027-02-22`,
}

// today is the day a supplement or minutes are dated by default, as a
// date (midnight UTC); a test sets it.
var today = func() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// newFile runs "briefing new KIND …".
func newFile(args []string, stdout, stderr io.Writer) error {
	kinds := map[string]func([]string, io.Writer, io.Writer) error{
		"site": newSite, "meeting": newMeeting, "item": newItem, "dataset": newDataset,
		"supplement": newSupplement, "minutes": newMinutes,
	}
	if len(args) > 0 && kinds[args[0]] != nil {
		return kinds[args[0]](args[1:], stdout, stderr)
	}
	fl := newFlags("new", newHelp, stdout, stderr)
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if len(fl.rest) == 0 {
		fl.usage()
		return usageError{"missing what to make"}
	}
	fmt.Fprintf(stderr, "briefing new: cannot make %q; make a site, meeting, item, dataset, supplement or minutes\n", fl.rest[0])
	fl.usage()
	return usageError{"unknown kind " + fl.rest[0]}
}

func newSite(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("new site", newSiteHelp, stdout, stderr)
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want("DIR"); err != nil {
		return err
	}
	dir := fl.rest[0]
	fail := func(format string, args ...any) error {
		err := fmt.Errorf(format, args...)
		say(stderr, "briefing new site: %s", err)
		return err
	}
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fail("%s cannot be used: %v", dir, err)
	case len(entries) > 0:
		return fail("%s is not empty; name a new folder, or an empty one, for the site", dir)
	}
	files, err := scaffold.Site()
	if err != nil {
		return fail("%v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail("%v", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fail("%v", err)
	}
	defer root.Close()
	for _, f := range files {
		if err := create(root, f.Path, f.Data); err != nil {
			return fail("%v", err)
		}
	}
	fmt.Fprintf(stdout, "Made a new site in %s:\n", diag.Printable(dir))
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f.Path)
	}
	cd := dir
	if strings.ContainsAny(cd, " '\"$`\\") {
		cd = "'" + strings.ReplaceAll(cd, "'", `'\''`) + "'"
	}
	fmt.Fprintf(stdout, `
Each file is commented: replace the example's names with your own. Next:

  cd %s
  briefing build                                 then open public/index.html
  briefing new meeting scrutiny 2027-02-15       a committee's next meeting
  briefing new item scrutiny/2027-02-15 "Title"  an item and its report
  briefing new dataset table health/ae-waits     figures for a report
  briefing help                                  every command

The layouts and the stylesheet are Briefing's own. To change one, put a
file of the same name in layouts/ (such as layouts/partials/footer.html)
or static/briefing.css; copy it from Briefing's source to start from.
`, diag.Printable(cd))
	return nil
}

// create writes a new file in root, making its folders; a file that
// exists is an error, never overwritten.
func create(root *os.Root, name string, data []byte) error {
	if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return err
}

// openSite opens the --source folder for a new file, as build does.
func openSite(cmd, source string, stderr io.Writer) (*os.Root, error) {
	if info, err := os.Stat(source); err != nil || !info.IsDir() {
		say(stderr, "briefing %s: source folder %s not found", cmd, source)
		return nil, usageError{"source folder not found"}
	}
	root, err := os.OpenRoot(source)
	if err != nil {
		say(stderr, "briefing %s: %s", cmd, err)
		return nil, err
	}
	return root, nil
}

// failure reports a mistake of a new command, which exits 1.
func failure(stderr io.Writer, cmd, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	say(stderr, "briefing %s: %s", cmd, err)
	return err
}

func newMeeting(args []string, stdout, stderr io.Writer) error {
	const cmd = "new meeting"
	fl := newFlags(cmd, newMeetingHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want("COMMITTEE", "DATE"); err != nil {
		return err
	}
	slug, when := fl.rest[0], fl.rest[1]
	root, err := openSite(cmd, *source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	fsys := root.FS()
	if err := knownCommittee(fsys, slug); err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	day, err := load.Date(when)
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	dir := scaffold.MeetingDir(slug, day)
	if _, err := fs.Stat(fsys, dir); err == nil {
		return failure(stderr, cmd, "%s already exists; a meeting's folder is made once", filepath.Join(*source, dir))
	}
	c, err := load.Committee(fsys, slug)
	var list diag.List
	if errors.As(err, &list) {
		printMistakes(stderr, *source, list)
		return failure(stderr, cmd, "the committee's file has %s; correct %s first", number.Count(len(list), "error", "errors"), itOrThem(len(list)))
	} else if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	text, err := scaffold.Meeting(scaffold.MeetingOptions{Committee: c, Date: day, Status: model.Draft, Previous: previousMeeting(fsys, slug, day)})
	if err == nil {
		err = create(root, dir+"/meeting.md", text)
	}
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	name := filepath.Join(*source, dir, "meeting.md")
	fmt.Fprintf(stdout, "Made %s, a draft with the opening items.\n", diag.Printable(name))
	var missing []string
	d := c.Defaults
	for key, given := range map[string]bool{"venue": d.Venue != "", "time": d.Time != "", "contact": d.Contact != nil} {
		if !given {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		fmt.Fprintf(stdout, "data/committees/%s.yaml gives no %s: fill in meeting.md's (or give the committee its own, for every meeting).\n",
			slug, strings.Join(missing, ", "))
	}
	fmt.Fprintf(stdout, "Write its letter_date before you publish it. Next:\n\n  %-46s an item and its report\n  %-46s build it, marked as a draft\n",
		fmt.Sprintf("briefing new item %s/%s \"Title\"", slug, day.Format(time.DateOnly)), "briefing build --drafts")
	return nil
}

// knownCommittee checks that slug names a committee of the site.
func knownCommittee(fsys fs.FS, slug string) error {
	entries, err := fs.ReadDir(fsys, "data/committees")
	if err != nil {
		return errors.New("the site has no data/committees folder; is --source the site's folder?")
	}
	var slugs []string
	for _, e := range entries {
		if s, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() && load.IsSlug(s) {
			slugs = append(slugs, s)
		}
	}
	if !slices.Contains(slugs, slug) {
		return fmt.Errorf("no committee %q in data/committees%s", slug, diag.Suggest(slug, slugs, "committees"))
	}
	return nil
}

// previousMeeting is the date of the committee's last meeting before day,
// or the zero time.
func previousMeeting(fsys fs.FS, slug string, day time.Time) time.Time {
	var prev time.Time
	entries, _ := fs.ReadDir(fsys, "content/"+slug)
	for _, e := range entries {
		if d, err := load.Date(e.Name()); err == nil && e.IsDir() && d.Before(day) && d.After(prev) {
			prev = d
		}
	}
	return prev
}

func newItem(args []string, stdout, stderr io.Writer) error {
	const cmd = "new item"
	fl := newFlags(cmd, newItemHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want("COMMITTEE/DATE", "TITLE"); err != nil {
		return err
	}
	meeting, title := fl.rest[0], strings.TrimSpace(fl.rest[1])
	root, err := openSite(cmd, *source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	fsys := root.FS()
	slug, when, _ := strings.Cut(meeting, "/")
	if err := knownCommittee(fsys, slug); err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	day, err := load.Date(when)
	if err != nil {
		return failure(stderr, cmd, "%s: %v", meeting, err)
	}
	if title == "" || strings.ContainsAny(title, "\r\n") {
		return failure(stderr, cmd, "the title is empty or has more than one line; write it on one line, in quotes")
	}
	if err := load.CheckText(title); err != nil {
		return failure(stderr, cmd, "the title %v", err)
	}
	dir := scaffold.MeetingDir(slug, day)
	name := dir + "/meeting.md"
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return failure(stderr, cmd, "no meeting %s; make it with: briefing new meeting %s %s", filepath.Join(*source, dir), slug, when)
	} else if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	end, err := load.FindAgenda(name, data)
	var list diag.List
	if errors.As(err, &list) {
		printMistakes(stderr, *source, list)
		return failure(stderr, cmd, "%s has %s; correct %s first", filepath.Join(*source, name), number.Count(len(list), "error", "errors"), itOrThem(len(list)))
	}
	it := scaffold.Item{Number: end.Last + 1, Title: title}
	it.Report = scaffold.ReportName(it.Number, title)
	if _, err := fs.Stat(fsys, dir+"/"+it.Report); err == nil || slices.Contains(end.Reports, it.Report) {
		return failure(stderr, cmd, "%s already exists; nothing was changed", filepath.Join(*source, dir, it.Report))
	}
	report, err := scaffold.Report(it.Number, title)
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	// The report first: a meeting.md naming a report that is not there
	// would not build.
	if err := create(root, dir+"/"+it.Report, report); err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	if err := replace(root, name, scaffold.AddItem(data, end, it)); err != nil {
		_ = root.Remove(dir + "/" + it.Report)
		return failure(stderr, cmd, "%v", err)
	}
	fmt.Fprintf(stdout, "Added item %d, %s, to %s, and its report %s.\n",
		it.Number, diag.Printable(title), diag.Printable(filepath.Join(*source, name)), diag.Printable(filepath.Join(*source, dir, it.Report)))
	return nil
}

// replace writes data in place of the file name in root, by renaming a
// new file over it, keeping its permissions.
func replace(root *os.Root, name string, data []byte) error {
	info, err := root.Stat(name)
	if err != nil {
		return err
	}
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+".new") // hidden: a build ignores it
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = io.Copy(f, bytes.NewReader(data))
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
	}
	return err
}

func newDataset(args []string, stdout, stderr io.Writer) error {
	const cmd = "new dataset"
	fl := newFlags(cmd, newDatasetHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want("KIND", "ID"); err != nil {
		return err
	}
	kind, id := fl.rest[0], fl.rest[1]
	if !slices.Contains(scaffold.Kinds, kind) {
		say(stderr, "briefing %s: %q is not a kind of dataset; use %s", cmd, kind, strings.Join(scaffold.Kinds, ", "))
		fl.usage()
		return usageError{"unknown kind " + kind}
	}
	if err := load.CheckDatasetID(id); err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	root, err := openSite(cmd, *source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	name := load.DatasetPath(id)
	if _, err := root.Stat(name); err == nil {
		return failure(stderr, cmd, "%s already exists; nothing was changed", filepath.Join(*source, name))
	}
	text, err := scaffold.Dataset(kind, id, time.Now())
	if err == nil {
		err = create(root, name, text)
	}
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	if kind == string(model.KindLost) {
		fmt.Fprintf(stdout, "Made %s, a lost dataset with placeholder titles: replace them with the source's own.\nPlace its chart in a report, on a line of its own:\n\n  [[chart %s chart-1]]\n",
			diag.Printable(filepath.Join(*source, name)), id)
		return nil
	}
	fmt.Fprintf(stdout, "Made %s, a %s of placeholder figures: replace them with the real ones.\nPlace it in a report, on a line of its own:\n\n  [[table %s]]\n",
		diag.Printable(filepath.Join(*source, name)), kind, id)
	return nil
}

// meetingFlags are the arguments of new supplement and new minutes:
// COMMITTEE/DATE, --date (default today) and --source.
type meetingFlags struct {
	source, meeting string
	date            time.Time
}

func parseMeetingFlags(cmd string, help helpText, args []string, stdout, stderr io.Writer) (meetingFlags, bool, error) {
	fl := newFlags(cmd, help, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	when := fl.String("date", "", "the day it is published, `yyyy-mm-dd` (default today)")
	if ok, err := fl.parse(args); !ok {
		return meetingFlags{}, false, err
	}
	if err := fl.want("COMMITTEE/DATE"); err != nil {
		return meetingFlags{}, false, err
	}
	f := meetingFlags{source: *source, meeting: fl.rest[0], date: today()}
	if *when != "" {
		d, err := load.Date(*when)
		if err != nil {
			say(stderr, "briefing %s: --date %v", cmd, err)
			fl.usage()
			return meetingFlags{}, false, usageError{"bad --date"}
		}
		f.date = d
	}
	return f, true, nil
}

// siteMeeting loads the site in root, as check does, and finds the
// meeting COMMITTEE/DATE in it; its mistakes are printed, and a site
// with mistakes is refused: what is added to it must build.
func siteMeeting(root *os.Root, cmd string, f meetingFlags, stderr io.Writer) (*model.Site, *model.Meeting, error) {
	fsys := root.FS()
	slug, when, _ := strings.Cut(f.meeting, "/")
	if err := knownCommittee(fsys, slug); err != nil {
		return nil, nil, failure(stderr, cmd, "%v", err)
	}
	day, err := load.Date(when)
	if err != nil {
		return nil, nil, failure(stderr, cmd, "%s: %v", f.meeting, err)
	}
	site, err := load.Load(fsys, load.Options{})
	var list diag.List
	if errors.As(err, &list) {
		printMistakes(stderr, f.source, list)
		return nil, nil, failure(stderr, cmd, "the site has %s; correct %s first (briefing check lists %s)", number.Count(len(list), "error", "errors"), itOrThem(len(list)), itOrThem(len(list)))
	} else if err != nil {
		return nil, nil, failure(stderr, cmd, "%v", err)
	}
	var dates []string
	for _, c := range site.Committees {
		if c.Slug != slug {
			continue
		}
		for _, m := range c.Meetings {
			if m.Date.Equal(day) {
				return site, m, nil
			}
			dates = append(dates, m.Date.Format(time.DateOnly))
		}
	}
	return nil, nil, failure(stderr, cmd, "no meeting %s%s; make it with: briefing new meeting %s %s",
		filepath.Join(f.source, scaffold.MeetingDir(slug, day)), diag.Suggest(when, dates, "meetings"), slug, when)
}

func newSupplement(args []string, stdout, stderr io.Writer) error {
	const cmd = "new supplement"
	f, ok, err := parseMeetingFlags(cmd, newSupplementHelp, args, stdout, stderr)
	if !ok {
		return err
	}
	root, err := openSite(cmd, f.source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	site, m, err := siteMeeting(root, cmd, f, stderr)
	if err != nil {
		return err
	}
	// A supplement follows the papers already published, and comes
	// before the meeting, as the loader reads it.
	last, lastName := m.LetterDate, "the pack's letter_date"
	for _, s := range m.Supplements {
		last, lastName = s.Date, fmt.Sprintf("supplement %d's date", s.Number)
	}
	switch day := f.date.Format(time.DateOnly); {
	case !last.IsZero() && !f.date.After(last):
		return failure(stderr, cmd, "%s is not after %s (%s); a supplement is published later: give --date", day, lastName, last.Format(time.DateOnly))
	case f.date.After(m.Date):
		return failure(stderr, cmd, "%s is after the meeting on %s; a supplement is published before the meeting: give --date", day, m.Date.Format(time.DateOnly))
	}
	dir := scaffold.MeetingDir(m.Committee.Slug, m.Date)
	name := dir + "/meeting.md"
	data, err := fs.ReadFile(root.FS(), name)
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	end, err := load.FindSupplements(name, data)
	var list diag.List
	if errors.As(err, &list) {
		printMistakes(stderr, f.source, list)
		return failure(stderr, cmd, "%s has %s; correct it or them first", filepath.Join(f.source, name), number.Count(len(list), "error", "errors"))
	}
	n := len(m.Supplements) + 1
	notice := site.Settings.Notice
	s := scaffold.Supplement{Meeting: m, Number: n, Date: f.date, Letter: scaffold.SupplementName(n), Published: m.LetterDate,
		ClearDays: noticeCalendar(notice).ClearDays(f.date, m.Date), Required: notice.ClearDays}
	if _, err := root.Stat(dir + "/" + s.Letter); err == nil {
		return failure(stderr, cmd, "%s already exists; nothing was changed", filepath.Join(f.source, dir, s.Letter))
	}
	letter, err := scaffold.SupplementLetter(s)
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	// The letter first: a meeting.md naming a letter that is not there
	// would not build.
	if err := create(root, dir+"/"+s.Letter, letter); err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	if err := replace(root, name, scaffold.AddSupplement(data, end, s)); err != nil {
		_ = root.Remove(dir + "/" + s.Letter)
		return failure(stderr, cmd, "%v", err)
	}
	fmt.Fprintf(stdout, "Added supplement %d, dated %s, to %s, and its letter %s.\n", n, f.date.Format(time.DateOnly),
		diag.Printable(filepath.Join(f.source, name)), diag.Printable(filepath.Join(f.source, dir, s.Letter)))
	fmt.Fprintf(stdout, "Write which items it brings or adds (meeting.md offers them) and its letter.\n")
	if s.Late() {
		fmt.Fprintf(stdout, "It gives %s notice of the meeting, fewer than the %d required: write its late_reason in meeting.md; until then briefing check warns.\n",
			number.Count(s.ClearDays, "clear day's", "clear days'"), s.Required)
	}
	return nil
}

func newMinutes(args []string, stdout, stderr io.Writer) error {
	const cmd = "new minutes"
	f, ok, err := parseMeetingFlags(cmd, newMinutesHelp, args, stdout, stderr)
	if !ok {
		return err
	}
	root, err := openSite(cmd, f.source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	dir := ""
	if slug, when, _ := strings.Cut(f.meeting, "/"); load.IsSlug(slug) {
		if day, err := load.Date(when); err == nil {
			dir = scaffold.MeetingDir(slug, day)
		}
	}
	// Minutes already written are refused before the site is read: the
	// officer's file is never replaced, whatever else is wrong.
	if _, err := root.Stat(dir + "/minutes.md"); dir != "" && err == nil {
		return failure(stderr, cmd, "%s already exists; nothing was changed", filepath.Join(f.source, dir, "minutes.md"))
	}
	_, m, err := siteMeeting(root, cmd, f, stderr)
	if err != nil {
		return err
	}
	switch {
	case m.Status != model.Published:
		return failure(stderr, cmd, "the meeting on %s is a draft, so it has no minutes to publish; publish its papers first (status: published in meeting.md)", m.Date.Format(time.DateOnly))
	case f.date.Before(m.Date):
		return failure(stderr, cmd, "%s is before the meeting on %s; minutes are published after the meeting they record: give --date", f.date.Format(time.DateOnly), m.Date.Format(time.DateOnly))
	case f.date.After(load.LatestMinutes(m.Date)):
		return failure(stderr, cmd, "%s is more than two years after the meeting on %s, which is taken for a slip of the year; give --date", f.date.Format(time.DateOnly), m.Date.Format(time.DateOnly))
	}
	o := scaffold.MinutesOptions{Meeting: m, Published: f.date}
	// The published meeting before, if its minutes wait to be approved
	// (a draft has none).
	var prev *model.Meeting
	for _, other := range m.Committee.Meetings {
		if other.Status == model.Published && other.Date.Before(m.Date) && (prev == nil || other.Date.After(prev.Date)) {
			prev = other
		}
	}
	// Minutes still being written, or published after this meeting, are
	// not for it to approve (the loader refuses both).
	if prev != nil && prev.Minutes != nil && prev.Minutes.ApprovedAt().IsZero() && !prev.Minutes.Unfinished && !prev.Minutes.Published.After(m.Date) {
		o.Approves = prev.Date
	}
	text, err := scaffold.Minutes(o)
	if err == nil {
		err = create(root, dir+"/minutes.md", text)
	}
	if err != nil {
		return failure(stderr, cmd, "%v", err)
	}
	fmt.Fprintf(stdout, "Made %s, published %s, with every member present.\nMove those who were not there to apologies or absent, and write each item's resolutions;\nthen remove the line unfinished: true, which keeps them from being published until you do.\n",
		diag.Printable(filepath.Join(f.source, dir, "minutes.md")), f.date.Format(time.DateOnly))
	return nil
}

// noticeCalendar is the site's calendar of working days.
func noticeCalendar(s model.NoticeSettings) notice.Calendar { return notice.NewCalendar(s.Holidays...) }

// itOrThem is the pronoun for n mistakes.
func itOrThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
