// Package load reads a site folder into the model: data/site.yaml,
// data/committees/*.yaml, data/datasets/**/*.yaml and
// content/<committee>/<yyyy-mm-dd>/. It reads every source file but the
// layouts and static files (which render reads through its overlay) and the
// images commentary shows (read through Image when render asks); it is the
// only user of the YAML library.
//
// The model keeps what every meeting may need, not the archive's text and
// figures: Load checks each document and dataset and keeps its SHA-256,
// hands each dataset on to the build as it is read, and lets them go.
// Source and Dataset read one again for the pack that needs it, and refuse
// a file that no longer has the SHA-256 Load checked. A dataset that a
// previous build checked, whose file is unchanged since, is kept as that
// build found it, unread, and so is a report (Options.Checked).
//
// Every mistake it finds is reported as "path:line:col: message"; Load
// returns them all as a diag.List.
//
// # The site folder
//
//	data/site.yaml                          council-wide settings
//	data/committees/<committee>.yaml        one committee and its members
//	content/<committee>/<yyyy-mm-dd>/       one meeting
//	    meeting.md                          front matter + covering letter
//	    <report>.md                         one agenda item's report
//	    images/…                            images the reports show
//
// data/site.yaml keys: council (required), directorate, address (list of
// lines), telephone, logo (a path in the site, e.g. static/logo.svg),
// base_url (the archive's public address), accessibility (contact_email,
// contact_phone, prepared and reviewed, yyyy-mm-dd: for the archive's
// accessibility statement), notice (clear_days, default 5, and holidays, a
// list of yyyy-mm-dd: see internal/notice).
//
// data/committees/<slug>.yaml keys: name (required), members (required, a
// list of {name, role}; role is chair, deputy-chair or member, the default),
// members_as_at (yyyy-mm-dd, the date the list reflects), and venue, time and contact, the defaults for its meetings: a meeting.md
// that leaves one of these out takes the committee's (the contact whole).
//
// meeting.md front matter keys: title, time ("hh:mm"), venue, status (draft
// or published, required), reference, letter_date (yyyy-mm-dd, required
// unless the meeting is a draft), contact (name, role, phone, email) —
// time, venue and contact required unless the committee gives them —
// invited (a list of {name, role}), members (a list of {name, role}: the
// membership as it stood), agenda (required, a list of {number,
// title, presenter, description, pages, report, exempt, draft}; report names
// a markdown file in the meeting's folder), supplements (a list of {date,
// title, letter, adds, brings, replaces: [{item, report}], late_reason,
// fingerprint}), late_reason and fingerprint.
//
// data/datasets/**/*.yaml: datasets (see datasets.go and the README for
// every kind and key): kind (table, comparison, series or list), title,
// source, updated, unit, notes, rounding, better, row_header, charts, and by
// kind columns, rows, total and measures (table); periods, rows, total,
// change and percent_change (comparison); periods, lines, measures and
// agrees_with (series); groups (list). A table, comparison or series may
// take its figures from a spreadsheet beside it instead (figures: file,
// sheet, range, header, blank; see figures.go and sheet.go).
//
// No value may hold a control character but tab and newline, nor a line
// or paragraph separator; only free text (an item's description, a
// dataset's notes) may hold a Unicode format character such as U+202E (see
// badRune). An email is one bare address; base_url is an absolute http(s)
// address with no user, query or fragment, kept as net/url writes it.
//
// Dates are read from 1900 to 2100 only. A letter_date or a supplement's
// date is not after the meeting, nor more than a year before it.
//
// Text files are UTF-8 (a byte-order mark is ignored) with no control
// characters but tab and line ends, at most MaxTextSize bytes (YAML costs
// the parser about 35 times its size in memory); images at most
// MaxImageSize. Symbolic links are refused, files and folders
// alike, so that a site cannot read outside itself.
package load

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/notice"
	"github.com/briefing/briefing/internal/number"
)

// Size limits. Committee papers are kilobytes; the caps keep a stray
// export from exhausting memory or time.
const (
	MaxTextSize  = 1 << 20 // a YAML or markdown file
	MaxImageSize = 5 << 20 // an image
)

// Load reads the site in fsys. The site keeps what every meeting may
// need, not the archive's text and figures: each document is checked and
// let go, its SHA-256 kept (Source reads it again), and each dataset is
// checked, handed to opts.Dataset (when not nil) and let go, its file and
// hash kept (Dataset reads it again).
func Load(fsys fs.FS, opts Options) (*model.Site, error) {
	l := &loader{fsys: fsys, opts: opts}
	site := &model.Site{}
	var committees []*model.Committee
	broken := map[string]bool{}
	if l.plainDir("data") {
		l.settings(site)
		committees, broken = l.committees()
	} else {
		l.noCommittees = true
	}
	site.Committees = committees
	l.content(committees, broken)
	site.Datasets, site.Unreadable = l.datasets()
	return site, l.errs.Sort().Err()
}

// The most agenda items and supplements a meeting may have: each
// supplement is a version, a whole pack, so a meeting's output grows as
// their product. Councils' agendas run to a few dozen items and two or
// three supplements.
const (
	MaxItems       = 100
	MaxSupplements = 20
)

// Options configure Load.
type Options struct {
	// Dataset, if set, is called once for each dataset read, in the
	// order of their paths, to check it further.
	Dataset func(*model.Dataset)
	// Checked, if set, is what a previous build of the same program
	// found without a mistake, kept where its files are unchanged.
	Checked *Checked
}

// Checked is what a build found without a mistake, for the next build
// of the same program: files unchanged since hold what it read, and
// their mistakes are none. A dataset of Datasets whose file is
// unchanged, and which agrees with no dataset that is not
// (model.DatasetFile.Agrees), is kept as it is, without reading its file
// or handing it to Options.Dataset; a document (a report or a
// supplement's letter) of Docs whose file is unchanged is kept without
// reading it. Every other file is read and checked.
type Checked struct {
	Datasets map[string]*model.DatasetFile // by id, as Site.Datasets
	Docs     map[string]string             // each document's SHA-256, by path (model.Site.Docs)
	// Unchanged reports whether the file name, whose stat (from its
	// folder's listing) is info, holds what that build read.
	Unchanged func(name string, info fs.FileInfo) bool
}

type loader struct {
	fsys fs.FS
	errs diag.List
	opts Options
	// importing says the loader reads a spreadsheet for briefing import,
	// whose mistakes name its flags rather than a dataset's keys.
	importing bool
	// noCommittees is set when data/committees could not be read, so that
	// every committee folder is not reported again as unknown.
	noCommittees bool
	// folders holds each meeting folder listed, for what its files are
	// and the "did you mean" of the files missing from it.
	folders map[string]*folder
	// calendar, clearDays and callInDays are the site's notice settings.
	calendar   notice.Calendar
	clearDays  int
	callInDays int
	// idNames are the member ids given so far, by id (sameID).
	idNames map[string]idName
	// approvals are the minutes items that approve an earlier meeting's
	// minutes, linked once a committee's meetings are read (approve).
	approvals []approval
}

// read returns the text of a source file after the checks every file gets.
// ok is false when it reported a problem.
func (l *loader) read(name string) (text []byte, ok bool) {
	info, err := fs.Lstat(l.fsys, name)
	var mode fs.FileMode
	if err == nil {
		mode = info.Mode()
	}
	return l.readFile(name, mode, err)
}

// readListed is read for a file that a folder's listing gave as e: the
// listing says what it is, so that it is not looked up once more (each
// look-up through os.Root opens every folder on the way).
func (l *loader) readListed(name string, e fs.DirEntry) (text []byte, ok bool) {
	return l.readFile(name, e.Type(), nil)
}

// readFile is read for a file whose type is mode, or whose look-up failed
// with err.
func (l *loader) readFile(name string, mode fs.FileMode, err error) (text []byte, ok bool) {
	at := diag.Pos{Path: name}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.errs.Add(at, "file not found")
		return nil, false
	case err != nil:
		l.errs.Add(at, "cannot read: %v", unwrapPath(err))
		return nil, false
	case mode&fs.ModeSymlink != 0:
		l.errs.Add(at, "is a symbolic link; Briefing does not follow links, so copy the file into the site")
		return nil, false
	case !mode.IsRegular():
		l.errs.Add(at, "is not a regular file")
		return nil, false
	}
	data, size, err := readAtMost(l.fsys, name, MaxTextSize)
	switch {
	case err != nil:
		l.errs.Add(at, "cannot read: %v", unwrapPath(err))
		return nil, false
	case data == nil:
		l.errs.Add(at, "file is %s; the limit is %s", number.Size(size), number.Size(MaxTextSize))
		return nil, false
	}
	if len(data) > MaxTextSize { // the file grew after it was looked up
		l.errs.Add(at, "file is over %s", number.Size(MaxTextSize))
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		l.errs.Add(firstInvalid(name, data), "text is not valid UTF-8; save the file as UTF-8")
		return nil, false
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		l.errs.Add(diag.At(name, data, i), "text contains a NUL byte; is this a binary file?")
		return nil, false
	}
	// A control character in a report would reach the page as it is (HTML
	// forbids them); YAML refuses them itself, less clearly.
	if i := controlAt(data); i >= 0 {
		r, _ := utf8.DecodeRune(data[i:])
		l.errs.Add(diag.At(name, data, i), "text contains %U, a control character; remove it", r)
		return nil, false
	}
	// A carriage return alone ends a line for YAML but not for markdown or
	// for the line numbers in messages, so the two would disagree.
	if i := loneCR(data); i >= 0 {
		l.errs.Add(diag.At(name, data, i), "a carriage return without a line feed (old Mac line endings); save the file with LF or CRLF line endings")
		return nil, false
	}
	return data, true
}

// controlAt is the index in data, valid UTF-8, of the first control
// character (unicode.IsControl) but tab and line ends, or -1. It reads
// bytes, not runes (a report is tens of kilobytes): C0 and DEL are one
// byte each, and C1, U+0080 to U+009F, is 0xC2 and then 0x80 to 0x9F.
func controlAt(data []byte) int {
	for i, b := range data {
		switch {
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r', b == 0x7f:
			return i
		case b == 0xc2 && i+1 < len(data) && data[i+1] < 0xa0:
			return i
		}
	}
	return -1
}

// readAtMost reads the file name, opened once, unless it is larger than
// limit: then it returns no text and the file's size. A file that grows
// as it is read is read to limit+1 bytes.
func readAtMost(fsys fs.FS, name string, limit int64) (data []byte, size int64, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if info.Size() > limit {
		return nil, info.Size(), nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), int64(buf.Len()), nil
}

// loneCR is the index of the first carriage return not followed by a line
// feed, or -1.
func loneCR(data []byte) int {
	for i := 0; ; i++ {
		j := bytes.IndexByte(data[i:], '\r')
		if j < 0 {
			return -1
		}
		i += j
		if i+1 == len(data) || data[i+1] != '\n' {
			return i
		}
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func firstInvalid(name string, data []byte) diag.Pos {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return diag.At(name, data, i)
		}
		i += size
	}
	return diag.Pos{Path: name}
}

func (l *loader) settings(site *model.Site) {
	const name = "data/site.yaml"
	data, ok := l.read(name)
	if !ok {
		return
	}
	var f siteFile
	before := len(l.errs)
	decodeYAML(name, 0, data, &f, &l.errs)
	if len(l.errs) > before {
		return
	}
	site.Settings = model.Settings{
		Council:     f.Council,
		Directorate: f.Directorate,
		Address:     f.Address,
		Telephone:   f.Telephone,
		BaseURL:     string(f.BaseURL),
		Accessibility: model.Accessibility{
			ContactEmail: string(f.Accessibility.ContactEmail),
			ContactPhone: f.Accessibility.ContactPhone,
			Prepared:     f.Accessibility.Prepared.Time,
			Reviewed:     f.Accessibility.Reviewed.Time,
		},
		Notice: model.NoticeSettings{ClearDays: notice.DefaultClearDays, CallInDays: notice.DefaultCallInDays},
	}
	if f.Notice.ClearDays.Set {
		site.Settings.Notice.ClearDays = f.Notice.ClearDays.N
	}
	if f.Notice.CallInDays.Set {
		site.Settings.Notice.CallInDays = f.Notice.CallInDays.N
	}
	for _, d := range f.Notice.Holidays {
		site.Settings.Notice.Holidays = append(site.Settings.Notice.Holidays, d.Time)
	}
	l.calendar = notice.NewCalendar(site.Settings.Notice.Holidays...)
	l.clearDays = site.Settings.Notice.ClearDays
	l.callInDays = site.Settings.Notice.CallInDays
	if f.Logo.Path != "" {
		site.Settings.Logo = l.image(f.Logo.Path, f.Logo.At)
	}
}

// image reads the site's logo, named at pos.
func (l *loader) image(name string, at diag.Pos) *model.Asset {
	a, err := Image(l.fsys, name)
	if err != nil {
		l.errs.Add(at, "%v", err)
		return nil
	}
	return a
}

// Image reads an image from fsys for inlining into a pack: the logo. Only
// formats every browser shows are accepted (imageFormats), and the bytes
// must be what the name says.
func Image(fsys fs.FS, name string) (*model.Asset, error) {
	return readImage(fsys, name, imageFormats, "a logo")
}

// CommentaryImage reads an image that commentary shows, for render through
// the build. SVG, which the logo may be, is refused: as a data: URI in a
// pack it is a document that browsers and goldmark treat as
// script-capable.
func CommentaryImage(fsys fs.FS, name string) (*model.Asset, error) {
	return readImage(fsys, name, commentaryFormats, "commentary")
}

// imageFormat is a kind of image a pack can carry inline.
type imageFormat struct {
	name       string // as messages name it
	mediaType  string // as SniffImage names it
	extensions []string
}

var (
	imageFormats = []imageFormat{
		{"PNG", "image/png", []string{".png"}},
		{"JPEG", "image/jpeg", []string{".jpg", ".jpeg"}},
		{"GIF", "image/gif", []string{".gif"}},
		{"WebP", "image/webp", []string{".webp"}},
		{"SVG", "image/svg+xml", []string{".svg"}},
	}
	commentaryFormats = slices.DeleteFunc(slices.Clone(imageFormats), func(f imageFormat) bool { return f.name == "SVG" })
)

// formatFor finds the format of a file name among formats.
func formatFor(name string, formats []imageFormat) (imageFormat, bool) {
	ext := strings.ToLower(path.Ext(name))
	i := slices.IndexFunc(formats, func(f imageFormat) bool { return slices.Contains(f.extensions, ext) })
	if i < 0 {
		return imageFormat{}, false
	}
	return formats[i], true
}

// formatNames lists the formats for a message: "PNG, JPEG, GIF or WebP".
func formatNames(formats []imageFormat) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return oneOf(names)
}

// oneOf lists choices for a message: "a, b or c".
func oneOf(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// readImage reads an image in one of the accepted formats for use (the
// logo, or commentary), naming exactly those formats when it refuses one.
func readImage(fsys fs.FS, name string, accepted []imageFormat, use string) (*model.Asset, error) {
	format, ok := formatFor(name, accepted)
	if !ok {
		if other, known := formatFor(name, imageFormats); known {
			return nil, fmt.Errorf("%s images cannot be embedded in %s; export %q as %s", other.name, use, name, formatNames(accepted))
		}
		return nil, fmt.Errorf("%q is not a %s image", name, formatNames(accepted))
	}
	info, err := fs.Lstat(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("image %q not found", name)
	case err != nil:
		return nil, fmt.Errorf("cannot read image %q: %v", name, unwrapPath(err))
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("image %q is a symbolic link; copy the file into the site", name)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("image %q is not a regular file", name)
	case info.Size() > MaxImageSize:
		return nil, fmt.Errorf("image %q is %s; the limit is %s", name, number.Size(info.Size()), number.Size(MaxImageSize))
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read image %q: %v", name, unwrapPath(err))
	}
	if SniffImage(data) != format.mediaType {
		return nil, fmt.Errorf("%q is named as %s but its content is not", name, format.mediaType)
	}
	return &model.Asset{Path: name, MediaType: format.mediaType, Data: data}, nil
}

// SniffImage returns the media type of an image's bytes, or "".
func SniffImage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	case len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "image/webp"
	case bytes.Contains(data[:min(len(data), 1024)], []byte("<svg")):
		return "image/svg+xml"
	}
	return ""
}

// committees returns the committees that loaded, and the slugs of those
// whose file has mistakes (already reported), so that their meetings are
// not reported again as belonging to no committee.
func (l *loader) committees() (_ []*model.Committee, broken map[string]bool) {
	broken = map[string]bool{}
	const dir = "data/committees"
	l.noCommittees = true // until the folder is read
	if !l.plainDir(dir) {
		return nil, broken
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.errs.Add(diag.Pos{Path: dir}, "folder not found; each committee needs a file here, e.g. %s/scrutiny.yaml", dir)
		return nil, broken
	}
	l.noCommittees = false
	var out []*model.Committee
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		if skip(e) || l.symlink(e, name) {
			continue
		}
		if e.IsDir() || path.Ext(e.Name()) != ".yaml" {
			l.errs.Add(diag.Pos{Path: name}, "only committee files (<slug>.yaml) belong in %s", dir)
			continue
		}
		slug := strings.TrimSuffix(e.Name(), ".yaml")
		if !isSlug(slug) {
			l.errs.Add(diag.Pos{Path: name}, "%q is not a usable committee name for a URL; use lower-case letters, digits and hyphens, e.g. scrutiny-co-ordination.yaml", slug)
			continue
		}
		if slices.Contains(ArchiveNames, slug) {
			l.errs.Add(diag.Pos{Path: name}, "%q is a name the archive uses for its own pages (%s/), so a committee cannot have it; name the file (and content/%s/) otherwise, e.g. %s-committee.yaml", slug, slug, slug, slug)
			broken[slug] = true
			continue
		}
		data, ok := l.readListed(name, e)
		if !ok {
			broken[slug] = true
			continue
		}
		c, ok := l.committee(name, slug, data)
		out = append(out, c)
		if !ok {
			broken[slug] = true
		}
	}
	if len(out) == 0 && len(entries) == 0 {
		l.errs.Add(diag.Pos{Path: dir}, "no committees; add a file such as %s/scrutiny.yaml", dir)
	}
	slices.SortFunc(out, func(a, b *model.Committee) int { return strings.Compare(a.Name, b.Name) })
	return out, broken
}

// committee reads the committee file name, whose slug is slug. A
// committee with mistakes is kept as far as it goes, so that its
// meetings' mistakes are reported in the same run; ok is false then.
func (l *loader) committee(name, slug string, data []byte) (c *model.Committee, ok bool) {
	var f committeeFile
	before := len(l.errs)
	decodeYAML(name, 0, data, &f, &l.errs)
	c = &model.Committee{Slug: slug, Name: f.Name, MembersAsAt: f.MembersAsAt.Time,
		Defaults: model.MeetingDefaults{Venue: f.Venue, Time: string(f.Time)}}
	if f.Contact.Name != "" {
		c.Defaults.Contact = f.Contact.model()
	}
	l.members(c, f.Members, nil)
	return c, len(l.errs) == before
}

// Committee reads the committee slug's file alone, for a command that
// needs its details (new meeting) whatever the rest of the site holds.
// Its mistakes are returned as a diag.List.
func Committee(fsys fs.FS, slug string) (*model.Committee, error) {
	l := &loader{fsys: fsys}
	name := "data/committees/" + slug + ".yaml"
	if !isSlug(slug) {
		return nil, fmt.Errorf("%q is not a committee's slug; use lower-case letters, digits and hyphens", slug)
	}
	if slices.Contains(ArchiveNames, slug) {
		return nil, fmt.Errorf("%q is a name the archive uses for its own pages, not a committee's slug; give the committee another", slug)
	}
	data, ok := l.read(name)
	if !ok {
		return nil, l.errs.Err()
	}
	c, _ := l.committee(name, slug, data)
	return c, l.errs.Sort().Err()
}

// members reads a list of members into c: a committee file's, or a
// meeting's own (known is then the committee's members, whose ids a
// meeting's member of the same name and no id of their own takes, so
// that one person keeps one id and one page).
func (l *loader) members(c *model.Committee, entries []memberEntry, known []model.Member) {
	seen := map[string]diag.Pos{}
	held := map[model.Role]diag.Pos{}
	ids := map[string]diag.Pos{}
	for _, m := range entries {
		if m.Name == "" {
			continue // a mistake in the entry, already reported
		}
		r := model.Role(m.Role)
		if r == "" {
			r = model.RoleMember
		}
		if first, dup := seen[m.Name]; dup {
			l.errs.Add(m.At, "%s is listed twice (first at line %d)", m.Name, first.Line)
			continue
		}
		seen[m.Name] = m.At
		if first, dup := held[r]; dup && r != model.RoleMember {
			l.errs.Add(m.At, "a committee has one %s; line %d already names one", r.Title(), first.Line)
		}
		held[r] = m.At
		id, ok := l.memberID(m, known)
		if !ok {
			continue
		}
		l.sameID(id, m)
		if first, dup := ids[id]; dup {
			l.errs.Add(m.At, "%s has the id %q, as line %d has; give each member an id of their own (id: …)", m.Name, id, first.Line)
			continue
		}
		// Minutes name a member by id or name: one member's name that is
		// another's id would name either.
		if other, clash := ids[m.Name]; clash {
			l.errs.Add(m.At, "%s is the id of the member at line %d, so minutes naming %s could mean either; give that member another id (id: …)", m.Name, other.Line, m.Name)
		}
		if other, clash := seen[id]; clash && other != m.At {
			l.errs.Add(m.At, "%s has the id %q, the name of the member at line %d, so minutes naming %s could mean either; give %s another id (id: …)", m.Name, id, other.Line, id, m.Name)
		}
		ids[id] = m.At
		c.Members = append(c.Members, model.Member{ID: id, Name: m.Name, Role: r})
	}
}

// memberID is m's id: its own, else that of the known member of the
// same name, else one made from its name; ok is false when none can be
// (reported).
func (l *loader) memberID(m memberEntry, known []model.Member) (id string, ok bool) {
	if m.ID.ID != "" {
		return m.ID.ID, true
	}
	for _, k := range known {
		if k.Name == m.Name {
			return k.ID, true
		}
	}
	id, unfolded := memberID(m.Name)
	switch {
	case len(unfolded) > 0:
		l.errs.Add(m.At, "%s has letters an id cannot be made from (%s: an id made from a name uses a-z and 0-9, and letters with accents as their base letter); give the member an id (id: …), such as their initial and surname", m.Name, string(unfolded))
	case id == "":
		l.errs.Add(m.At, "%s has no letters or digits an id can be made from (a-z, 0-9); give the member an id (id: …), such as their initial and surname", m.Name)
	case len(id) > maxMemberID:
		l.errs.Add(m.At, "%s makes an id of %d characters, longer than the %d a page address may have; give the member a shorter id (id: …), such as their initial and surname", m.Name, len(id), maxMemberID)
	default:
		return id, true
	}
	return "", false
}

// idName is the name a member id was first given to, where, and whether
// the id was made from the name.
type idName struct {
	name    string
	at      diag.Pos
	derived bool
}

// sameID reports a member whose id is another person's by accident: two
// names, in any committee's or meeting's list, that make the same id
// ("Councillor A Example", "Councillor A. Example") would share one
// member page. Ids written out (id:) are the officer's word that the two
// are one person.
func (l *loader) sameID(id string, m memberEntry) {
	derived := m.ID.ID == ""
	first, seen := l.idNames[id]
	switch {
	case !seen:
		if l.idNames == nil {
			l.idNames = map[string]idName{}
		}
		l.idNames[id] = idName{m.Name, m.At, derived}
	case first.name != m.Name && (derived || first.derived):
		l.errs.Add(m.At, "%s has the id %q, which %s (%s:%d) has too, so the two would share one member page; if they are one person, write the same name or give both id: %s; if two, give each an id of their own (id: …)",
			m.Name, id, first.name, first.at.Path, first.at.Line, id)
	}
}

// ArchiveNames are the names at the top of the built archive, beside
// the committees' folders, that a committee's slug could spell: members/
// holds the members' pages. (Its other names, index.html, feed.xml,
// index.json, sitemap.xml, meetings.ics, accessibility.html and the
// .briefing marker, have a dot, which no slug has.) A committee with one
// of these slugs is refused, or its pages and the archive's would be
// written to the same addresses.
var ArchiveNames = []string{"members"}

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

func (l *loader) content(committees []*model.Committee, broken map[string]bool) {
	const dir = "content"
	if !l.plainDir(dir) {
		return
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.errs.Add(diag.Pos{Path: dir}, "folder not found; meetings go in content/<committee>/<yyyy-mm-dd>/")
		return
	}
	bySlug := map[string]*model.Committee{}
	slugs := make([]string, 0, len(committees))
	for _, c := range committees {
		bySlug[c.Slug] = c
		slugs = append(slugs, c.Slug)
	}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		if skip(e) || l.symlink(e, name) {
			continue
		}
		if !e.IsDir() {
			l.errs.Add(diag.Pos{Path: name}, "only committee folders belong in content/")
			continue
		}
		c := bySlug[e.Name()]
		if c == nil && (broken[e.Name()] || l.noCommittees) {
			continue // its file could not be read; already reported
		}
		if c == nil {
			l.errs.Add(diag.Pos{Path: name}, "no committee %q in data/committees%s", e.Name(), diag.Suggest(e.Name(), slugs, "committees"))
			continue
		}
		l.meetings(c, name, broken[c.Slug])
	}
}

// meetings reads a committee's meetings; broken is set when its file has
// mistakes, so that the defaults it may have meant to give are not
// reported as missing from its meetings.
func (l *loader) meetings(c *model.Committee, dir string, broken bool) {
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.errs.Add(diag.Pos{Path: dir}, "cannot read folder: %v", unwrapPath(err))
		return
	}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		if skip(e) || l.symlink(e, name) {
			continue
		}
		if !e.IsDir() {
			l.errs.Add(diag.Pos{Path: name}, "only meeting folders (yyyy-mm-dd) belong in %s", dir)
			continue
		}
		day, err := parseDate(e.Name())
		if err != nil {
			l.errs.Add(diag.Pos{Path: name}, "folder name %v", err)
			continue
		}
		if m := l.meeting(c, name, day, broken); m != nil {
			c.Meetings = append(c.Meetings, m)
		}
	}
	slices.SortFunc(c.Meetings, func(a, b *model.Meeting) int { return b.Date.Compare(a.Date) })
	l.approve(c)
}

func (l *loader) meeting(c *model.Committee, dir string, day time.Time, brokenCommittee bool) *model.Meeting {
	name := path.Join(dir, "meeting.md")
	data, missing, ok := l.readIn(dir, "meeting.md")
	if missing {
		l.errs.Add(diag.Pos{Path: name}, "file not found")
	}
	if !ok {
		return nil
	}
	fm, _, lineOffset, err := splitFrontMatter(data)
	if err != nil {
		l.errs.Add(diag.Pos{Path: name, Line: 1, Col: 1}, "%v", err)
		return nil
	}
	var f meetingFile
	before := len(l.errs)
	if root := parseYAML(name, lineOffset, fm, &l.errs); root != nil {
		optional := l.defaulted(c, brokenCommittee)
		if scalarAt(root, "status") == string(model.Draft) {
			// A draft may not know yet the day its papers go out.
			optional = append(optional, "letter_date")
		}
		decodeNode(name, lineOffset, root, &f, &l.errs, optional...)
	}
	// A meeting with mistakes in its front matter is still built as far as
	// it goes, so that the same run reports its missing files and the
	// mistakes in its commentary; the build fails and writes nothing.
	broken := len(l.errs) > before
	m := &model.Meeting{
		Committee:  c,
		Date:       day,
		Title:      f.Title,
		Time:       string(f.Time),
		Venue:      f.Venue,
		Status:     model.Status(f.Status),
		Reference:  f.Reference,
		LetterDate: f.LetterDate.Time,
		Contact:    *f.Contact.model(),
		Letter:     model.Doc{Path: name, SHA256: hash(data)},
	}
	// What the meeting leaves out, its committee gives: the contact
	// whole, never a mix of the two.
	if f.Venue == "" {
		m.Venue = c.Defaults.Venue
		m.Inherited = append(m.Inherited, "venue")
	}
	if f.Time == "" {
		m.Time = c.Defaults.Time
		m.Inherited = append(m.Inherited, "time")
	}
	if f.Contact.At.Line == 0 && c.Defaults.Contact != nil {
		m.Contact = *c.Defaults.Contact
		m.Inherited = append(m.Inherited, "contact")
	}
	if !l.publicationDate(f.LetterDate, "letter_date", day) {
		// Supplements are not compared with a letter_date that is wrong.
		m.LetterDate = time.Time{}
	}
	for _, a := range f.Invited {
		m.Invited = append(m.Invited, model.Attendee{Name: a.Name, Role: a.Role})
	}
	m.Members = c.Members
	if len(f.Members) == 0 {
		m.Inherited = append(m.Inherited, "members")
	} else {
		// The membership at the time of the meeting, kept with it.
		snapshot := &model.Committee{}
		l.members(snapshot, f.Members, c.Members)
		m.Members = snapshot.Members
	}
	// Each version is a whole pack, so a meeting's output grows as its
	// versions times its items: both are capped, far above any agenda's.
	if len(f.Agenda) > MaxItems {
		l.errs.Add(f.Agenda[MaxItems].At, "a meeting may have at most %d agenda items; this one has %d: split the business between meetings", MaxItems, len(f.Agenda))
		f.Agenda = f.Agenda[:MaxItems]
	}
	if len(f.Supplements) > MaxSupplements {
		l.errs.Add(f.Supplements[MaxSupplements].At, "a meeting may have at most %d supplements; this one has %d: send the papers together in fewer", MaxSupplements, len(f.Supplements))
		f.Supplements = f.Supplements[:MaxSupplements]
	}
	used := l.agenda(m, dir, f.Agenda)
	m.Fingerprint = f.Fingerprint.Recorded
	m.Frozen.SHA256 = f.SHA256.Recorded
	m.Notice = l.notice(m.LetterDate, day, string(f.LateReason), f.LetterDate.At)
	l.supplements(m, dir, f.Supplements, used)
	l.frozen(m)
	if !broken {
		l.minutes(m, dir, used)
	}
	if !broken { // a report name with a mistake would make its file look stray
		l.strayFiles(dir, used)
	}
	return m
}

// defaulted lists the keys of meeting.md that c's meetings may leave out:
// those its file gives, or all that a committee can give when its file has
// mistakes (reported there; a meeting's missing venue would most likely
// be a consequence).
func (l *loader) defaulted(c *model.Committee, broken bool) []string {
	if broken {
		return slices.Clone(meetingDefaults)
	}
	var keys []string
	d := c.Defaults
	for i, given := range []bool{d.Venue != "", d.Time != "", d.Contact != nil} {
		if given {
			keys = append(keys, meetingDefaults[i])
		}
	}
	return keys
}

// publicationDate checks a date on which papers for the meeting on day
// are published, d, named by key: not after the meeting, and not more than
// a year before it (a slip in the year). It reports whether d is usable.
func (l *loader) publicationDate(d date, key string, day time.Time) bool {
	switch {
	case d.IsZero():
		return false // missing, or a mistake already reported
	case d.After(day):
		l.errs.Add(d.At, "%s: %s is after the meeting on %s; papers are published before the meeting", key, d.Format(time.DateOnly), day.Format(time.DateOnly))
		return false
	case d.Before(day.AddDate(-1, 0, 0)):
		l.errs.Add(d.At, "%s: %s is more than a year before the meeting on %s; check the year", key, d.Format(time.DateOnly), day.Format(time.DateOnly))
		return false
	}
	return true
}

// owners records which key of meeting.md each markdown file of a meeting
// belongs to: a file is one item's report, or one supplement's letter, or
// one replacement, never two — and an exempt item's report is nothing
// else, so that private business cannot be published under another name.
type owners map[string]string

// has reports whether some file belongs to owner.
func (o owners) has(owner string) bool {
	for _, v := range o {
		if v == owner {
			return true
		}
	}
	return false
}

// claim gives name to owner, or reports at at that it already has one.
func (l *loader) claim(o owners, name, owner string, at diag.Pos) bool {
	if prev, ok := o[name]; ok {
		l.errs.Add(at, "%q is already %s; each file of a meeting serves one purpose", name, prev)
		return false
	}
	o[name] = owner
	return true
}

// agenda builds the meeting's items and returns the files they own.
func (l *loader) agenda(m *model.Meeting, dir string, entries []itemEntry) owners {
	used := owners{}
	last := 0
	for i, e := range entries {
		if e.Number != 0 && int(e.Number) == last {
			l.errs.Add(e.At, "agenda[%d]: item number %d is used twice; number items in ascending order, once each", i, last)
		} else if e.Number != 0 && int(e.Number) < last { // 0: a mistake already reported
			l.errs.Add(e.At, "agenda[%d]: item %d comes after item %d; number items in ascending order, once each", i, int(e.Number), last)
		}
		last = max(last, int(e.Number))
		item := &model.Item{Number: int(e.Number), Title: e.Title, Presenter: e.Presenter, Description: string(e.Description),
			Pages: e.Pages, Exempt: e.Exempt, Draft: e.Draft}
		if e.Report.Name != "" {
			owner := fmt.Sprintf("the report of item %d", int(e.Number))
			if e.Exempt != "" {
				owner = fmt.Sprintf("the report of exempt item %d (private business)", int(e.Number))
			}
			l.claim(used, e.Report.Name, owner, e.Report.At)
			item.Report = l.report(dir, e.Report)
			if item.Exempt != "" {
				// Private business: the file must exist, but its words
				// never enter the model, so no later stage can publish
				// them.
				item.Report = nil
			}
		}
		m.Agenda = append(m.Agenda, item)
	}
	return used
}

// supplements reads the publications after the original pack: each has
// a covering letter, adds items or replaces their reports.
func (l *loader) supplements(m *model.Meeting, dir string, entries []supplementEntry, used owners) {
	byNumber := map[int]*model.Item{}
	for _, it := range m.Agenda {
		byNumber[it.Number] = it
	}
	// Adds first: a replacement must know whether a later supplement adds
	// its item.
	for k, e := range entries {
		n := k + 1
		for _, num := range e.Adds {
			it := byNumber[num.N]
			switch {
			case num.N == 0:
			case it == nil:
				l.errs.Add(num.At, "supplements[%d].adds: the agenda has no item %d", k, num.N)
			case it.AddedBy != 0:
				l.errs.Add(num.At, "supplements[%d].adds: item %d is already added by supplement %d", k, num.N, it.AddedBy)
			default:
				it.AddedBy = n
			}
		}
	}
	l.brings(m, entries, byNumber, used)
	last, lastName := m.LetterDate, "the original pack's letter_date"
	for k, e := range entries {
		n := k + 1
		// A date that is missing or wrong for the meeting (already
		// reported) is not compared with the others; the numbering stays.
		if l.publicationDate(e.Date, fmt.Sprintf("supplements[%d].date", k), m.Date) {
			if !e.Date.After(last) {
				l.errs.Add(e.Date.At, "supplements[%d].date: %s is not after %s (%s); a supplement is published later", k, e.Date.Format(time.DateOnly), lastName, last.Format(time.DateOnly))
			}
			last, lastName = e.Date.Time, fmt.Sprintf("supplement %d", n)
		}
		s := model.Supplement{Number: n, Date: e.Date.Time, Title: e.Title, Fingerprint: e.Fingerprint.Recorded, Frozen: model.Frozen{SHA256: e.SHA256.Recorded},
			Notice: l.notice(e.Date.Time, m.Date, string(e.LateReason), e.At)}
		if e.Letter.Name != "" && l.claim(used, e.Letter.Name, fmt.Sprintf("the letter of supplement %d", n), e.Letter.At) {
			if doc := l.doc(dir, e.Letter, "letter"); doc != nil {
				s.Letter = *doc
			}
		}
		for _, r := range e.Replaces {
			claimed := r.Report.Name != "" && l.claim(used, r.Report.Name, fmt.Sprintf("the report that supplement %d puts in place of item %d's", n, r.Item.N), r.Report.At)
			it := byNumber[r.Item.N]
			if it == nil {
				if r.Item.N != 0 {
					l.errs.Add(r.Item.At, "supplements[%d].replaces: the agenda has no item %d", k, r.Item.N)
				}
				continue
			}
			if it.AddedBy > n {
				l.errs.Add(r.Item.At, "supplements[%d].replaces: item %d is only added by supplement %d", k, r.Item.N, it.AddedBy)
				continue
			}
			if it.BroughtBy >= n {
				l.errs.Add(r.Item.At, "supplements[%d].replaces: item %d's report is still to follow (supplement %d brings it); a report can be replaced only after it is published", k, r.Item.N, it.BroughtBy)
				continue
			}
			if !claimed {
				continue
			}
			if doc := l.report(dir, r.Report); doc != nil && it.Exempt == "" {
				it.Replacements = append(it.Replacements, model.Replacement{Supplement: n, Report: doc})
			}
		}
		m.Supplements = append(m.Supplements, s)
	}
}

// brings marks the items whose report a supplement brings: the agenda
// lists them from the original pack (or the supplement that adds them),
// with the report "to follow" until then.
func (l *loader) brings(m *model.Meeting, entries []supplementEntry, byNumber map[int]*model.Item, used owners) {
	for k, e := range entries {
		n := k + 1
		for _, num := range e.Brings {
			it := byNumber[num.N]
			switch {
			case num.N == 0:
			case it == nil:
				l.errs.Add(num.At, "supplements[%d].brings: the agenda has no item %d", k, num.N)
			case it.Exempt == "" && !used.has(fmt.Sprintf("the report of item %d", num.N)):
				l.errs.Add(num.At, "supplements[%d].brings: item %d has no report; name the file the supplement brings in the item's report: key", k, num.N)
			case it.BroughtBy != 0:
				l.errs.Add(num.At, "supplements[%d].brings: item %d's report is already brought by supplement %d", k, num.N, it.BroughtBy)
			case it.AddedBy >= n:
				l.errs.Add(num.At, "supplements[%d].brings: item %d is added by supplement %d, which publishes its report with it; leave it out of brings", k, num.N, it.AddedBy)
			default:
				it.BroughtBy = n
			}
		}
	}
}

// notice is the notice a publication dated published gives of the
// meeting on day; reason is its stated late_reason, at its position.
func (l *loader) notice(published, day time.Time, reason string, at diag.Pos) model.Notice {
	n := model.Notice{Required: l.clearDays, LateReason: reason, At: model.Pos(at)}
	if published.IsZero() {
		n.Required = 0 // not yet dated, or a mistake already reported
		return n
	}
	n.ClearDays = l.calendar.ClearDays(published, day)
	return n
}

func (l *loader) report(dir string, f fileName) *model.Doc { return l.doc(dir, f, "report") }

// doc reads a markdown file that a key of meeting.md names; what says
// which ("report", "letter").
func (l *loader) doc(dir string, f fileName, what string) *model.Doc {
	name := path.Join(dir, f.Name)
	if sum, ok := l.checkedDoc(dir, f.Name); ok {
		return &model.Doc{Path: name, SHA256: sum}
	}
	data, missing, ok := l.readIn(dir, f.Name)
	if missing {
		l.errs.Add(f.At, "%s %q not found in %s%s", what, f.Name, dir, l.markdownIn(dir).Suggest(f.Name))
		return nil
	}
	if !ok {
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		l.errs.Add(diag.Pos{Path: name}, "%s is empty; write it, or remove the key that names it", what)
		return nil
	}
	return &model.Doc{Path: name, SHA256: hash(data)}
}

// hash is the hex SHA-256 of data.
// checkedDoc is the SHA-256 of the document name in dir, if the
// previous build read it (Options.Checked) and its file, a plain file as
// the folder lists it, is unchanged since.
func (l *loader) checkedDoc(dir, name string) (string, bool) {
	c := l.opts.Checked
	if c == nil {
		return "", false
	}
	full := path.Join(dir, name)
	sum, ok := c.Docs[full]
	e := l.folder(dir).entries[name]
	if !ok || e == nil || !e.Type().IsRegular() {
		return "", false
	}
	info, err := e.Info()
	return sum, err == nil && c.Unchanged(full, info)
}

func hash(data []byte) string { return fmt.Sprintf("%x", sha256.Sum256(data)) }

// Source reads the text of a document that Load checked and let go: the
// file must hold what it held then (doc.SHA256), so that a file changed
// during a build is a mistake, never a pack made of two versions. A
// meeting.md has its front matter blanked, as Doc says. A doc that has
// its Source, or no file, is returned as it is.
func Source(fsys fs.FS, doc model.Doc) ([]byte, error) {
	if doc.Source != nil || doc.SHA256 == "" {
		return doc.Source, nil
	}
	data, err := reread(fsys, doc.Path, doc.SHA256)
	if base := path.Base(doc.Path); err != nil || (base != "meeting.md" && base != minutesName) {
		return data, err
	}
	_, body, _, err := splitFrontMatter(data)
	return body, err
}

// reread reads a source file again, as read did, and checks that it has
// the SHA-256 it had then.
// Only the hash is checked again: bytes with the same hash are those
// read checked.
func reread(fsys fs.FS, name, sum string) ([]byte, error) {
	data, _, err := readAtMost(fsys, name, MaxTextSize)
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err != nil || data == nil || hash(data) != sum {
		return nil, errChanged
	}
	return data, nil
}

var errChanged = errors.New("the file changed while the site was being built; build again")

// folder is a meeting folder, listed once.
type folder struct {
	entries  map[string]fs.DirEntry // by name; nil when it cannot be listed
	markdown *diag.Names            // its markdown files but meeting.md
}

// folder lists a meeting folder, once.
func (l *loader) folder(dir string) *folder {
	if f, ok := l.folders[dir]; ok {
		return f
	}
	f := &folder{markdown: &diag.Names{Label: "files there"}}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err == nil {
		f.entries = make(map[string]fs.DirEntry, len(entries))
	}
	for _, e := range entries {
		f.entries[e.Name()] = e
		if !skip(e) && !e.IsDir() && path.Ext(e.Name()) == ".md" && e.Name() != "meeting.md" {
			f.markdown.List = append(f.markdown.List, e.Name())
		}
	}
	if l.folders == nil {
		l.folders = map[string]*folder{}
	}
	l.folders[dir] = f
	return f
}

// markdownIn is the markdown files of a meeting folder other than
// meeting.md.
func (l *loader) markdownIn(dir string) *diag.Names { return l.folder(dir).markdown }

// readIn reads the file name in the meeting folder dir, as its listing
// gives it; missing reports whether the listing has no such file.
func (l *loader) readIn(dir, name string) (text []byte, missing, ok bool) {
	full := path.Join(dir, name)
	entries := l.folder(dir).entries
	if entries == nil { // the folder cannot be listed: the file may still be read
		if _, err := fs.Lstat(l.fsys, full); errors.Is(err, fs.ErrNotExist) {
			return nil, true, false
		}
		text, ok = l.read(full)
		return text, false, ok
	}
	e, found := entries[name]
	if !found {
		return nil, true, false
	}
	text, ok = l.readListed(full, e)
	return text, false, ok
}

// strayFiles reports markdown files in a meeting folder that no agenda item
// names: usually a report the officer forgot to put on the agenda.
func (l *loader) strayFiles(dir string, used owners) {
	for _, n := range l.markdownIn(dir).List {
		if _, ok := used[n]; !ok {
			l.errs.Add(diag.Pos{Path: path.Join(dir, n)}, "no agenda item names this report; add it to an item's report key in meeting.md, or move it out of the folder")
		}
	}
}

// splitFrontMatter separates a leading "---" block from the markdown after
// it. The body keeps the file's offsets: the front matter is replaced by
// empty lines, so positions in the body are positions in the file.
func splitFrontMatter(data []byte) (fm, body []byte, lineOffset int, err error) {
	first, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !isFence(first) {
		return nil, nil, 0, errors.New(`missing front matter: meeting.md starts with a line "---", the meeting's details in YAML, and another "---" line`)
	}
	off := len(first) + 1
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		if isFence(line) {
			fm = data[len(first)+1 : off]
			end := off + len(line)
			body = make([]byte, 0, len(data))
			body = append(body, bytes.Repeat([]byte("\n"), bytes.Count(data[:end], []byte("\n")))...)
			body = append(body, data[end:]...)
			return fm, body, 1, nil
		}
		off += len(line) + 1
		rest = next
	}
	return nil, nil, 0, errors.New(`front matter is not closed: add a line "---" after the meeting's details`)
}

// isFence reports whether line is a front-matter fence, "---", allowing
// the spaces and carriage return that editors leave behind.
func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r")) == "---"
}

// skip reports whether a folder entry is none of Briefing's business:
// hidden files such as .DS_Store or .git, and editors' backups (notes.md~).
func skip(e fs.DirEntry) bool {
	return strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), "~")
}

// plainDir reports whether name is a real folder of the site, and reports
// a folder that is a symbolic link: Briefing follows none, even those that
// stay inside the site, so that what a site holds is what its folders hold.
func (l *loader) plainDir(name string) bool {
	info, err := fs.Lstat(l.fsys, name)
	switch {
	case err != nil:
		return true // ReadDir reports it, with the folder's purpose
	case info.Mode()&fs.ModeSymlink != 0:
		l.errs.Add(diag.Pos{Path: name}, "is a symbolic link; Briefing does not follow links, so copy the folder into the site")
		return false
	}
	return true
}

// symlink reports, and refuses, a folder entry that is a symbolic link.
func (l *loader) symlink(e fs.DirEntry, name string) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	l.errs.Add(diag.Pos{Path: name}, "is a symbolic link; Briefing does not follow links, so copy the file or folder into the site")
	return true
}
