package load

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// The shapes of the site's YAML files and front matter. The README and the
// package comment describe the same keys: keep them in step (readme_test.go
// fails when the README's key tables miss one).

type siteFile struct {
	Council     string   `yaml:"council" required:"true"`
	Directorate string   `yaml:"directorate"`
	Address     []string `yaml:"address"`
	Telephone   string   `yaml:"telephone"`
	Logo        sitePath `yaml:"logo"`
	BaseURL     baseURL  `yaml:"base_url"`
	// Accessibility feeds the archive's accessibility statement.
	Accessibility accessibilityEntry `yaml:"accessibility"`
	// Notice is the notice papers must give (internal/notice).
	Notice noticeEntry `yaml:"notice"`
}

type noticeEntry struct {
	ClearDays  clearDays  `yaml:"clear_days"`
	Holidays   []date     `yaml:"holidays"`
	CallInDays callInDays `yaml:"call_in_days"`
}

// clearDays is the notice a site requires, in clear days: 0 to 30.
type clearDays struct {
	N   int
	Set bool
}

func (c *clearDays) decodeScalar(s string, _ diag.Pos) error {
	return c.days(s, "the law's is 5")
}

// days reads a count of days from 0 to 30; hint ends the message when it
// is not one.
func (c *clearDays) days(s, hint string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 30 {
		return fmt.Errorf("must be a whole number of days from 0 to 30, got %q; %s", s, hint)
	}
	c.N, c.Set = n, true
	return nil
}

// callInDays is the working days a published decision may be called in
// for: 0 to 30.
type callInDays struct{ clearDays }

func (c *callInDays) decodeScalar(s string, _ diag.Pos) error {
	return c.days(s, "most councils' constitutions give 5")
}

type accessibilityEntry struct {
	ContactEmail email  `yaml:"contact_email"`
	ContactPhone string `yaml:"contact_phone"`
	Prepared     date   `yaml:"prepared"`
	Reviewed     date   `yaml:"reviewed"`
}

type committeeFile struct {
	Name    string        `yaml:"name" required:"true"`
	Members []memberEntry `yaml:"members" required:"true"`
	// MembersAsAt dates the membership for the committee's page.
	MembersAsAt date `yaml:"members_as_at"`
	// Defaults for the committee's meetings: a meeting that leaves one
	// out takes the committee's (meetingDefaults).
	Venue   string       `yaml:"venue"`
	Time    clock        `yaml:"time"`
	Contact contactEntry `yaml:"contact"`
}

// meetingDefaults are the keys of meeting.md that a committee's file can
// give for all its meetings: required in meeting.md unless the committee
// gives them.
var meetingDefaults = []string{"venue", "time", "contact"}

type memberEntry struct {
	At   diag.Pos
	ID   memberIDKey `yaml:"id"`
	Name string      `yaml:"name" required:"true"`
	Role role        `yaml:"role"`
}

type meetingFile struct {
	Title       string            `yaml:"title"`
	Fingerprint fingerprint       `yaml:"fingerprint"`
	SHA256      pageSum           `yaml:"sha256"`
	Supplements []supplementEntry `yaml:"supplements"`
	Time        clock             `yaml:"time" required:"true"`
	Venue       string            `yaml:"venue" required:"true"`
	Status      status            `yaml:"status" required:"true"`
	Reference   string            `yaml:"reference"`
	LetterDate  date              `yaml:"letter_date" required:"true"`
	LateReason  prose             `yaml:"late_reason"`
	Contact     contactEntry      `yaml:"contact" required:"true"`
	Invited     []attendeeEntry   `yaml:"invited"`
	Members     []memberEntry     `yaml:"members"`
	Agenda      []itemEntry       `yaml:"agenda" required:"true"`
}

type contactEntry struct {
	At    diag.Pos // set when the key is written
	Name  string   `yaml:"name" required:"true"`
	Role  string   `yaml:"role"`
	Phone string   `yaml:"phone"`
	Email email    `yaml:"email"`
}

func (c contactEntry) model() *model.Contact {
	return &model.Contact{Name: c.Name, Role: c.Role, Phone: c.Phone, Email: string(c.Email)}
}

type attendeeEntry struct {
	Name string `yaml:"name" required:"true"`
	Role string `yaml:"role"`
}

type itemEntry struct {
	At          diag.Pos
	Number      itemNumber `yaml:"number" required:"true"`
	Title       string     `yaml:"title" required:"true"`
	Presenter   string     `yaml:"presenter"`
	Description prose      `yaml:"description"`
	Report      fileName   `yaml:"report"`
	Pages       string     `yaml:"pages"`
	Exempt      string     `yaml:"exempt"`
	Draft       bool       `yaml:"draft"`
}

type supplementEntry struct {
	At          diag.Pos
	Date        date           `yaml:"date" required:"true"`
	Title       string         `yaml:"title" required:"true"`
	Letter      fileName       `yaml:"letter" required:"true"`
	Adds        []itemRef      `yaml:"adds"`
	Brings      []itemRef      `yaml:"brings"`
	LateReason  prose          `yaml:"late_reason"`
	Replaces    []replaceEntry `yaml:"replaces"`
	Fingerprint fingerprint    `yaml:"fingerprint"`
	SHA256      pageSum        `yaml:"sha256"`
}

type replaceEntry struct {
	At     diag.Pos
	Item   itemRef  `yaml:"item" required:"true"`
	Report fileName `yaml:"report" required:"true"`
}

// itemRef is an agenda item's number where another key refers to it; it
// keeps its position for messages.
type itemRef struct {
	N  int
	At diag.Pos
}

func (r *itemRef) decodeScalar(s string, at diag.Pos) error {
	var n itemNumber
	if err := n.decodeScalar(s, at); err != nil {
		return err
	}
	r.N, r.At = int(n), at
	return nil
}

// fingerprint is a recorded SHA-256, in hex.
type fingerprint struct{ model.Recorded }

func (f *fingerprint) decodeScalar(s string, at diag.Pos) error {
	if len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		return fmt.Errorf("%q is not a fingerprint; copy the 64 hexadecimal characters the archive shows for this version", s)
	}
	f.SHA256, f.At = s, model.Pos(at)
	return nil
}

// pageSum is the recorded SHA-256 of a version's frozen page, in hex.
type pageSum struct{ model.Recorded }

func (f *pageSum) decodeScalar(s string, at diag.Pos) error {
	if len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		return fmt.Errorf("%q is not a SHA-256; copy the 64 hexadecimal characters that briefing freeze printed for this version", s)
	}
	f.SHA256, f.At = s, model.Pos(at)
	return nil
}

// Leaf types that parse and check their own text.

// itemNumber is an agenda item's number: a whole number from 1.
type itemNumber int

func (n *itemNumber) decodeScalar(s string, _ diag.Pos) error {
	i, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return fmt.Errorf("%s is far too large for an item number", s)
	case err != nil:
		return fmt.Errorf("must be a whole number, got %q", s)
	case len(strings.TrimLeft(s, "+-")) > 1 && strings.TrimLeft(s, "+-")[0] == '0':
		return fmt.Errorf("%q has a leading zero, which YAML reads as octal; write it without the zero", s)
	case i < 1:
		return fmt.Errorf("item number must be 1 or more, got %d", i)
	}
	*n = itemNumber(i)
	return nil
}

type date struct {
	time.Time
	At diag.Pos
}

func (d *date) decodeScalar(s string, at diag.Pos) error {
	t, err := parseDate(s)
	if err != nil {
		return err
	}
	d.Time, d.At = t, at
	return nil
}

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Message, "out of range") {
			return time.Time{}, fmt.Errorf("%q is not a real date (%s)", s, strings.TrimPrefix(pe.Message, ": "))
		}
		return time.Time{}, fmt.Errorf("%q is not a date; write it as yyyy-mm-dd, e.g. 2018-03-12", s)
	}
	return t, checkYear(s, t)
}

// Every date Briefing reads lies in these years: one outside them is a
// slip of the keyboard (9999 for 2019), and would be printed as nonsense
// ("municipal year -1/00", an Atom feed updated in 9999).
const minYear, maxYear = 1900, 2100

func checkYear(s string, t time.Time) error {
	if y := t.Year(); y < minYear || y > maxYear {
		return fmt.Errorf("%q is in the year %d; dates from %d to %d are accepted, so check the year", s, y, minYear, maxYear)
	}
	return nil
}

var clockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

type clock string

func (c *clock) decodeScalar(s string, _ diag.Pos) error {
	if !clockRE.MatchString(s) {
		return fmt.Errorf("%q is not a time; write it as 24-hour hh:mm in quotes, e.g. \"14:00\"", s)
	}
	*c = clock(s)
	return nil
}

type status model.Status

func (st *status) decodeScalar(s string, _ diag.Pos) error {
	switch model.Status(s) {
	case model.Draft, model.Published:
		*st = status(s)
		return nil
	}
	return fmt.Errorf("%q is not a status; use draft or published", s)
}

type role model.Role

func (r *role) decodeScalar(s string, _ diag.Pos) error {
	switch model.Role(s) {
	case model.RoleChair, model.RoleDeputyChair, model.RoleMember:
		*r = role(s)
		return nil
	}
	return fmt.Errorf("%q is not a role; use chair, deputy-chair or member", s)
}

type email string

// decodeScalar accepts a bare address, as a mailto: link needs it: what
// net/mail reads as one address and nothing else, with a dot in the
// domain and no space, quote or angle bracket.
func (e *email) decodeScalar(s string, _ diag.Pos) error {
	a, err := mail.ParseAddress(s)
	_, domain, _ := strings.Cut(s, "@")
	switch {
	case err == nil && (a.Name != "" || strings.HasPrefix(s, "<")):
		return fmt.Errorf("%q is not a bare email address; write the address alone, such as jo.ashby@example.gov.uk, without a name or <>", s)
	case err != nil || a.Address != s || strings.ContainsFunc(s, unicode.IsSpace) || strings.ContainsAny(s, `"<>`) || !strings.Contains(domain, "."):
		return fmt.Errorf("%q is not an email address; write it as name@domain, such as jo.ashby@example.gov.uk", s)
	}
	*e = email(s)
	return nil
}

type baseURL string

// decodeScalar accepts an absolute http(s) address with no user, query or
// fragment, and keeps it as net/url writes it back, ending in "/", so that
// the feeds, the calendar and the sitemap carry a well-formed address
// whatever was typed.
func (b *baseURL) decodeScalar(s string, _ diag.Pos) error {
	const hint = "write the archive's address, e.g. https://democracy.example.org/briefing/"
	if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("\"'<>\\`", r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return fmt.Errorf("%q holds %q, which a web address cannot; %s", s, r, hint)
	}
	u, err := url.Parse(s)
	switch {
	case err == nil && u.Scheme == "" && u.Host == "" && strings.Contains(strings.SplitN(u.Path, "/", 2)[0], "."):
		return fmt.Errorf("%q has no https:// at the start; %s", s, hint)
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		return fmt.Errorf("%q is not a web address; %s", s, hint)
	case u.User != nil:
		return fmt.Errorf("%q holds a user name or password; a public address has none, so %s", s, hint)
	case strings.ContainsAny(s, "?#"):
		return fmt.Errorf("%q has a query (?) or fragment (#); %s", s, hint)
	case u.Path != "" && strings.Contains(path.Base(u.Path), "."):
		return fmt.Errorf("%q ends in a file name (%s); base_url is the archive's folder, so %s", s, path.Base(u.Path), hint)
	case strings.ContainsFunc(u.Host, func(r rune) bool { return r >= utf8.RuneSelf }):
		return fmt.Errorf("%q has a host name in non-ASCII letters; write its ASCII form (xn--…), as the browser shows it", s)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has port %s; a port is a number from 1 to 65535", s, p)
		}
	}
	s = u.String()
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	*b = baseURL(s)
	return nil
}

// fileName is a plain file name in the same folder as the file naming it.
type fileName struct {
	Name string
	At   diag.Pos
}

func (f *fileName) decodeScalar(s string, at diag.Pos) error {
	if s == "" || s == "." || s == ".." || strings.ContainsAny(s, `/\`) || strings.ContainsRune(s, 0) {
		return fmt.Errorf("%q is not a plain file name; name a file in this meeting's folder, without any folder part", s)
	}
	if path.Ext(s) != ".md" {
		return fmt.Errorf("%q is not a markdown file; a report's name ends in .md", s)
	}
	if s == "meeting.md" || strings.HasPrefix(s, ".") {
		return fmt.Errorf("%q cannot be a report; name the item's own markdown file", s)
	}
	f.Name, f.At = s, at
	return nil
}

// sitePath is a slash-separated path inside the site folder.
type sitePath struct {
	Path string
	At   diag.Pos
}

func (p *sitePath) decodeScalar(s string, at diag.Pos) error {
	clean := path.Clean(s)
	if strings.HasPrefix(s, "/") || strings.Contains(s, `\`) || clean == ".." || strings.HasPrefix(clean, "../") || clean != s {
		return fmt.Errorf("%q must be a path inside the site folder, such as static/logo.png", s)
	}
	p.Path, p.At = s, at
	return nil
}

// memberIDKey is a member's stable id, the address of their page: lower
// case letters, digits and hyphens, as a committee's slug.
type memberIDKey struct{ ID string }

// A mistaken id is kept, as written, so that the minutes naming the
// member by it are not reported as well: the load fails on the mistake.
func (k *memberIDKey) decodeScalar(s string, _ diag.Pos) error {
	k.ID = s
	if !isSlug(s) {
		return fmt.Errorf("%q is not a member id; use lower-case letters, digits and hyphens, e.g. rbrown", s)
	}
	if len(s) > maxMemberID {
		return fmt.Errorf("a member id is at most %d characters, the longest a page address may have; this one has %d: give a shorter one, e.g. rbrown", maxMemberID, len(s))
	}
	return nil
}
