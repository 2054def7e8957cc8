package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/big"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unique"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"go.yaml.in/yaml/v3"
)

// Limits on datasets: a committee table has tens of rows, a monthly series
// a few hundred; figures are typed as the source publishes them.
const (
	MaxRows        = 5000 // rows or periods
	MaxDecimals    = 10   // digits after the point
	MaxLabelLength = 300  // characters in a row label
	// MaxFigures caps rows × (columns + measures): each measure adds a
	// figure to every row, so 80 KB of measures made 8 million (3.4 GB).
	MaxFigures = 100_000
)

// The shapes of a dataset file, by kind. Keys common to every kind:

type datasetCommon struct {
	Charts    []chartEntry `yaml:"charts"`
	Kind      string       `yaml:"kind" required:"true"`
	Title     string       `yaml:"title" required:"true"`
	Source    string       `yaml:"source" required:"true"`
	Updated   stamp        `yaml:"updated" required:"true"`
	Unit      string       `yaml:"unit"`
	Notes     []prose      `yaml:"notes"`
	Rounding  rounding     `yaml:"rounding"`
	Better    direction    `yaml:"better"`
	RowHeader string       `yaml:"row_header"`
	// Illustrative says why the figures are not the source's.
	Illustrative reason `yaml:"illustrative"`
}

// The keys a spreadsheet's figures (the figures key) replace, which are
// then not required: see figures.go.
var fromSpreadsheet = []string{"columns", "rows", "periods", "lines", "values"}

type tableFile struct {
	datasetCommon
	Columns  []columnEntry  `yaml:"columns" required:"true"`
	Rows     []rowEntry     `yaml:"rows" required:"true"`
	Total    totalEntry     `yaml:"total"`
	Measures []measureEntry `yaml:"measures"`
	Figures  figuresEntry   `yaml:"figures"`
}

type comparisonFile struct {
	datasetCommon
	Periods       []label      `yaml:"periods" required:"true"`
	Rows          []rowEntry   `yaml:"rows" required:"true"`
	Total         totalEntry   `yaml:"total"`
	Change        measureOpts  `yaml:"change"`
	PercentChange measureOpts  `yaml:"percent_change"`
	Figures       figuresEntry `yaml:"figures"`
	Spans         []spanEntry  `yaml:"spans"`
}

// spanEntry dates one of a comparison's periods: its first and its last
// year, month or day.
type spanEntry struct {
	At   diag.Pos
	From period `yaml:"from" required:"true"`
	To   period `yaml:"to" required:"true"`
}

type seriesFile struct {
	datasetCommon
	Periods    []period       `yaml:"periods" required:"true"`
	Lines      []lineEntry    `yaml:"lines" required:"true"`
	Measures   []measureEntry `yaml:"measures"`
	AgreesWith []agreeEntry   `yaml:"agrees_with"`
	Figures    figuresEntry   `yaml:"figures"`
}

type chartEntry struct {
	At         diag.Pos
	ID         ident     `yaml:"id"`
	Kind       chartKind `yaml:"kind" required:"true"`
	Title      string    `yaml:"title" required:"true"`
	Subtitle   string    `yaml:"subtitle" required:"true"`
	Lines      []string  `yaml:"lines"`
	Columns    []string  `yaml:"columns"`
	Rows       []string  `yaml:"rows"`
	Mark       markEntry `yaml:"mark"`
	Target     value     `yaml:"target"`
	TargetName string    `yaml:"target_label"`
	Horizontal bool      `yaml:"horizontal"`
}

type markEntry struct {
	From  period `yaml:"from" required:"true"`
	To    period `yaml:"to" required:"true"`
	Label string `yaml:"label" required:"true"`
}

type agreeEntry struct {
	At       diag.Pos
	Dataset  string   `yaml:"dataset" required:"true"`
	Row      string   `yaml:"row" required:"true"`
	Line     ident    `yaml:"line" required:"true"`
	Previous []period `yaml:"previous" required:"true"`
	Current  []period `yaml:"current" required:"true"`
}

type chartKind model.ChartKind

func (k *chartKind) decodeScalar(s string, _ diag.Pos) error {
	if !slices.Contains(model.ChartKinds, model.ChartKind(s)) {
		names := make([]string, len(model.ChartKinds))
		for i, k := range model.ChartKinds {
			names[i] = string(k)
		}
		return fmt.Errorf("%q is not a kind of chart; use %s", s, oneOf(names))
	}
	*k = chartKind(s)
	return nil
}

// lostFile is a dataset whose figures did not survive: the charts the
// source showed, by their titles, and nothing to draw.
type lostFile struct {
	Kind    string           `yaml:"kind" required:"true"`
	Title   string           `yaml:"title" required:"true"`
	Source  string           `yaml:"source" required:"true"`
	Updated stamp            `yaml:"updated" required:"true"`
	Notes   []prose          `yaml:"notes"`
	Charts  []lostChartEntry `yaml:"charts" required:"true"`
}

type lostChartEntry struct {
	At       diag.Pos
	ID       ident  `yaml:"id"`
	Title    string `yaml:"title" required:"true"`
	Subtitle string `yaml:"subtitle"`
}

type listFile struct {
	datasetCommon
	Groups []groupEntry `yaml:"groups" required:"true"`
}

type columnEntry struct {
	At       diag.Pos
	ID       ident    `yaml:"id" required:"true"`
	Label    string   `yaml:"label" required:"true"`
	Unit     string   `yaml:"unit"`
	Percent  bool     `yaml:"percent"`
	Decimals decimals `yaml:"decimals"`
}

type lineEntry struct {
	columnEntry
	Values []value `yaml:"values" required:"true"`
}

type rowEntry struct {
	At      diag.Pos
	Label   string           `yaml:"label" required:"true"`
	Group   string           `yaml:"group"`
	Values  []value          `yaml:"values" required:"true"`
	Parts   []rowEntry       `yaml:"parts"`
	Printed map[string]value `yaml:"printed"`
	// OutsideTotal rows are shown after the total and not counted in it.
	OutsideTotal bool `yaml:"outside_total"`
}

type totalEntry struct {
	At        diag.Pos
	Label     string           `yaml:"label" required:"true"`
	Values    []value          `yaml:"values"`
	Sum       sumMode          `yaml:"sum"`
	Tolerance value            `yaml:"tolerance"`
	Printed   map[string]value `yaml:"printed"`
}

type measureEntry struct {
	At            diag.Pos
	ID            ident    `yaml:"id" required:"true"`
	Label         string   `yaml:"label" required:"true"`
	Difference    []ident  `yaml:"difference"`
	PercentChange []ident  `yaml:"percent_change"`
	Shortfall     []ident  `yaml:"shortfall"`
	Share         []ident  `yaml:"share"`
	Ratio         []ident  `yaml:"ratio"`
	Decimals      decimals `yaml:"decimals"`
	Rounding      rounding `yaml:"rounding"`
}

type measureOpts struct {
	At       diag.Pos
	Label    string   `yaml:"label"`
	Decimals decimals `yaml:"decimals"`
	Rounding rounding `yaml:"rounding"`
}

type groupEntry struct {
	Label string   `yaml:"label" required:"true"`
	Items []string `yaml:"items" required:"true"`
}

// Leaf types of datasets.

// value is a typed figure: a decimal number, or a GSS code for a missing
// one: [x] not available, [c] confidential, [z] not applicable.
type value struct{ model.Value }

var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func (v *value) decodeScalar(s string, at diag.Pos) error {
	v.At = model.Pos(at)
	switch s {
	case "[x]", "[c]", "[z]":
		v.Missing = model.Missing(s[1:2])
		return nil
	}
	if !decimalRE.MatchString(s) {
		hint := "write it in digits, such as 1577 or 27.41, or use [x] (not available), [c] (confidential) or [z] (not applicable)"
		switch {
		case strings.Contains(s, ","):
			hint = "write it without thousands separators, such as 13231"
		case strings.HasSuffix(s, "%"):
			hint = "write it without the % sign, and say percent: true on its column"
		}
		return fmt.Errorf("%q is not a number; %s", s, hint)
	}
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if len(frac) > MaxDecimals || len(whole) > 15 {
		return fmt.Errorf("%q has more digits than any figure needs (at most 15 before the point and %d after)", brief(s), MaxDecimals)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return fmt.Errorf("%q is not a number", s)
	}
	v.Num = r
	v.Decimals = len(frac)
	return nil
}

// label is text whose position later checks need.
type label struct {
	Text string
	At   diag.Pos
}

func (t *label) decodeScalar(s string, at diag.Pos) error {
	t.Text, t.At = s, at
	return nil
}

// ident is an id that commentary refers to: letters, digits, - and _.
type ident string

var identRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func (i *ident) decodeScalar(s string, _ diag.Pos) error {
	if !identRE.MatchString(s) {
		return fmt.Errorf("%q is not a usable id; use lower-case letters, digits, - and _, starting with a letter", s)
	}
	*i = ident(s)
	return nil
}

type decimals struct {
	Set bool
	N   int
}

func (d *decimals) decodeScalar(s string, _ diag.Pos) error {
	if len(s) != 1 || s[0] < '0' || s[0] > '6' {
		return fmt.Errorf("%q is not a number of decimals; use 0 to 6", s)
	}
	d.Set, d.N = true, int(s[0]-'0')
	return nil
}

type rounding model.Rounding

var roundings = []model.Rounding{model.HalfAwayFromZero, model.HalfEven, model.Ceiling, model.Floor, model.TowardsZero, model.AwayFromZero}

func (r *rounding) decodeScalar(s string, _ diag.Pos) error {
	if !slices.Contains(roundings, model.Rounding(s)) {
		names := make([]string, len(roundings))
		for i, x := range roundings {
			names[i] = string(x)
		}
		return fmt.Errorf("%q is not a rounding rule; use one of %s", s, strings.Join(names, ", "))
	}
	*r = rounding(s)
	return nil
}

type direction model.Direction

func (d *direction) decodeScalar(s string, _ diag.Pos) error {
	if s != string(model.UpIsGood) && s != string(model.DownIsGood) {
		return fmt.Errorf("%q is not a direction; use up (a rise is good news) or down (a fall is)", s)
	}
	*d = direction(s)
	return nil
}

// reason is why a dataset's figures are illustrative: words, never a
// bare yes or no, since the pack prints it under each of its figures.
type reason string

func (r *reason) decodeScalar(s string, _ diag.Pos) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "~", "null", "true", "false", "yes", "no":
		return fmt.Errorf("%q is not a reason; write in words why the figures are not the source's, such as \"invented monthly figures: the source's chart is lost\" (the pack prints it under each of them), or leave the key out when they are the source's", s)
	}
	*r = reason(strings.TrimSpace(s))
	return nil
}

type sumMode string

func (m *sumMode) decodeScalar(s string, _ diag.Pos) error {
	if s != "checked" && s != "independent" {
		return fmt.Errorf("%q is not a kind of total; use checked (the sum of the rows) or independent (a figure in its own right)", s)
	}
	*m = sumMode(s)
	return nil
}

// stamp is the "data updated" time: yyyy-mm-dd, optionally with hh:mm or
// hh:mm:ss.
type stamp struct {
	T     time.Time
	Clock bool
}

func (st *stamp) decodeScalar(s string, _ diag.Pos) error {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			st.T, st.Clock = t, layout != time.DateOnly
			return checkYear(s, t)
		}
	}
	if _, err := parseDate(strings.Fields(s + " ")[0]); err != nil {
		return err
	}
	return fmt.Errorf("%q is not a time; write yyyy-mm-dd, or yyyy-mm-dd hh:mm:ss", s)
}

// period is a series period: a year (2018), a financial year (2017/18,
// from 1 April), a month (2018-03) or a day.
type period struct {
	T     time.Time
	Label string
	Key   string // as typed
	At    diag.Pos
}

func (p *period) decodeScalar(s string, at diag.Pos) error {
	p.At, p.Key = at, s
	for _, f := range []struct{ layout, label string }{
		{"2006", "2006"}, {"2006-01", model.MonthLayout}, {time.DateOnly, model.DateLayout},
	} {
		if t, err := time.Parse(f.layout, s); err == nil && len(s) == len(f.layout) {
			if err := checkYear(s, t); err != nil {
				return err
			}
			p.T, p.Label = t, t.Format(f.label)
			return nil
		}
	}
	if t, ok := financialYear(s); ok {
		if err := checkYear(s[:4], t); err != nil {
			return err
		}
		p.T, p.Label = t, s
		return nil
	}
	return fmt.Errorf("%q is not a period; write a year (2018), a financial year (2017/18), a month (2018-03) or a day (2018-03-12)", s)
}

// financialYear reads a financial year as councils and the police write
// it, "2017/18": April 2017 to March 2018, the second year its last two
// digits. It starts on 1 April of the first.
func financialYear(s string) (time.Time, bool) {
	if len(s) != 7 || s[4] != '/' {
		return time.Time{}, false
	}
	first, err := time.Parse("2006", s[:4])
	if err != nil {
		return time.Time{}, false
	}
	if s[5:] != fmt.Sprintf("%02d", (first.Year()+1)%100) {
		return time.Time{}, false
	}
	return first.AddDate(0, 3, 0), true
}

// datasetsDir is the folder of the datasets.
const datasetsDir = "data/datasets"

// datasets reads every YAML file under data/datasets, hands each dataset
// to l.opts.Dataset and keeps its file. A dataset that a previous build
// checked (Options.Checked), whose file is unchanged since and which
// agrees only with datasets unchanged too, is kept as that build found
// it, neither read nor handed on.
func (l *loader) datasets() (out map[string]*model.DatasetFile, unreadable map[string]bool) {
	const dir = datasetsDir
	out, unreadable = map[string]*model.DatasetFile{}, map[string]bool{}
	if _, err := fs.Lstat(l.fsys, dir); err != nil || !l.plainDir(dir) {
		return out, unreadable // a site without datasets is fine
	}
	// lost records a file or folder whose datasets cannot be read, so that
	// references to them are not reported as missing as well. A link or a
	// name refused does not say which it is, so both are recorded.
	lost := func(name string) {
		if name == dir {
			unreadable[""] = true
			return
		}
		unreadable[datasetID(dir, name)] = true
		unreadable[strings.TrimPrefix(name, dir+"/")+"/"] = true
	}
	type listed struct {
		name, id string
		e        fs.DirEntry
	}
	var files []listed // in the order of their paths
	var walkDir func(string)
	walkDir = func(d string) {
		entries, err := fs.ReadDir(l.fsys, d)
		if err != nil {
			l.errs.Add(diag.Pos{Path: d}, "cannot read folder: %v", unwrapPath(err))
			lost(d)
			return
		}
		for _, e := range entries {
			name := path.Join(d, e.Name())
			bad, what := badRune(e.Name(), false)
			switch {
			case skip(e):
			case bad >= 0:
				// The name becomes the dataset's id, which commentary and
				// index.json carry.
				r, _ := utf8.DecodeRuneInString(e.Name()[bad:])
				l.errs.Add(diag.Pos{Path: name}, "the name holds %U, %s; rename it", r, what)
				lost(name)
			case l.symlink(e, name):
				lost(name)
			case e.IsDir():
				walkDir(name)
			case isSpreadsheet(name):
				// read by the datasets that name it
			case path.Ext(name) != ".yaml":
				l.errs.Add(diag.Pos{Path: name}, "only datasets (.yaml files), and the spreadsheets (.xlsx or .csv) they take figures from, belong in %s", dir)
			default:
				files = append(files, listed{name, datasetID(dir, name), e})
			}
		}
	}
	walkDir(dir)
	// same are the files a previous build checked, as it read them.
	same := map[string]bool{}
	var checked map[string]*model.DatasetFile
	if c := l.opts.Checked; c != nil {
		checked = c.Datasets
		for _, f := range files {
			if checked[f.id] == nil {
				continue
			}
			if info, err := f.e.Info(); err == nil && c.Unchanged(f.name, info) && l.sheetUnchanged(checked[f.id].Figures) {
				same[f.id] = true
			}
		}
	}
	for _, f := range files {
		if known := checked[f.id]; known != nil && same[f.id] && !slices.ContainsFunc(known.Agrees, func(id string) bool { return !same[id] }) {
			out[f.id] = known
			continue
		}
		data, ok := l.readListed(f.name, f.e)
		var ds *model.Dataset
		if ok {
			ds = l.parseDataset(f.name, data)
		}
		if ds == nil {
			unreadable[f.id] = true
			continue
		}
		ds.ID = f.id
		var agrees []string
		for _, a := range ds.Agrees {
			agrees = append(agrees, a.Dataset)
		}
		// An archive has thousands of datasets, many with the
		// same kind, title and source.
		out[f.id] = &model.DatasetFile{ID: f.id, SHA256: ds.SHA256, Figures: ds.Figures, Kind: unique.Make(ds.Kind).Value(),
			Title: unique.Make(ds.Title).Value(), Source: unique.Make(ds.Source).Value(), Updated: ds.Updated, Illustrative: ds.Illustrative, Agrees: agrees}
		if l.opts.Dataset != nil {
			l.opts.Dataset(ds)
		}
	}
	return out, unreadable
}

// isSpreadsheet reports whether name is a spreadsheet a dataset may take
// its figures from.
func isSpreadsheet(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".xlsx" || ext == ".csv"
}

// sheetUnchanged reports whether the spreadsheet name, that a dataset
// took its figures from, is unchanged since the build that checked it
// (Options.Checked); "" (no spreadsheet) is.
func (l *loader) sheetUnchanged(name string) bool {
	if name == "" {
		return true
	}
	info, err := fs.Lstat(l.fsys, name)
	return err == nil && info.Mode().IsRegular() && l.opts.Checked.Unchanged(name, info)
}

// DatasetPath is the file, relative to the site folder, of the dataset id.
func DatasetPath(id string) string { return datasetsDir + "/" + id + ".yaml" }

func datasetID(dir, name string) string {
	return strings.TrimSuffix(strings.TrimPrefix(name, dir+"/"), ".yaml")
}

// Dataset reads the dataset file f again, for a build that let it go
// after Load: the file must hold what it held then (f.SHA256), so that a
// file changed during a build is a mistake, never a figure Load did not
// check. Its mistakes were reported by Load, and are not reported again.
//
// A dataset whose figures are in a spreadsheet is read, spreadsheet and
// all, and then its hash checked, since that covers both files.
func Dataset(fsys fs.FS, f *model.DatasetFile) (*model.Dataset, error) {
	name := DatasetPath(f.ID)
	var data []byte
	var err error
	if f.Figures == "" {
		data, err = reread(fsys, name, f.SHA256)
	} else {
		data, _, err = readAtMost(fsys, name, MaxTextSize)
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	l := &loader{fsys: fsys}
	ds := l.parseDataset(name, data)
	switch {
	case f.Figures != "" && (ds == nil || ds.SHA256 != f.SHA256):
		return nil, fmt.Errorf("%s: %v", name, errChanged)
	case ds == nil:
		return nil, fmt.Errorf("%s cannot be read again", name) // Load read it from the same bytes
	}
	ds.ID = f.ID
	return ds, nil
}

// parseDataset reads the dataset in data, the text of the file name.
func (l *loader) parseDataset(name string, data []byte) (ds *model.Dataset) {
	root := parseYAML(name, 0, data, &l.errs)
	if root == nil {
		return nil
	}
	var sheet *figureSource
	defer func() {
		switch {
		case ds != nil && sheet != nil:
			ds.SHA256, ds.Figures = sheetHash(data, sheet), sheet.file
		case ds != nil:
			ds.SHA256 = hash(data)
		}
	}()
	kind, at := kindOf(root)
	at.Path = name
	l.otherKindKeys(name, root, model.Kind(kind))
	var optional []string
	if hasKey(root, "figures") {
		optional = fromSpreadsheet
	}
	// figures reads the spreadsheet f names, if any, and lays it out.
	figures := func(f *figuresEntry, layout func(*grid)) {
		if f.File.Name == "" {
			return
		}
		var g *grid
		if g, sheet = l.readFigures(name, f); g != nil {
			layout(g)
		}
	}
	switch model.Kind(kind) {
	case model.KindTable:
		var f tableFile
		walk(name, 0, root, &f, &l.errs, optional...)
		figures(&f.Figures, func(g *grid) { l.tableFigures(&f, g) })
		ds = l.table(name, &f)
	case model.KindComparison:
		var f comparisonFile
		walk(name, 0, root, &f, &l.errs, optional...)
		figures(&f.Figures, func(g *grid) { l.comparisonFigures(&f, g) })
		ds = l.comparison(name, &f)
	case model.KindSeries:
		var f seriesFile
		walk(name, 0, root, &f, &l.errs, optional...)
		figures(&f.Figures, func(g *grid) { l.seriesFigures(&f, g) })
		ds = l.series(name, &f)
	case model.KindList:
		var f listFile
		walk(name, 0, root, &f, &l.errs)
		ds = common(name, f.datasetCommon)
		for _, g := range f.Groups {
			lg := model.ListGroup{Label: g.Label}
			for _, it := range g.Items {
				lg.Items = append(lg.Items, model.ListItem{Label: it})
			}
			ds.Groups = append(ds.Groups, lg)
		}
	case model.KindLost:
		var f lostFile
		walk(name, 0, root, &f, &l.errs)
		ds = lost(name, &f)
	case "":
		l.errs.Add(at, "missing required key \"kind\" (%s)", kindNames())
	default:
		l.errs.Add(at, "kind: %q is not a kind of dataset; use %s", kind, kindNames())
	}
	// A dataset with mistakes is kept as far as it goes, so that the same
	// run checks its totals and the commentary that quotes it; the build
	// fails all the same.
	return ds
}

// fileOfKind is the shape of each kind of dataset file.
var fileOfKind = map[model.Kind]reflect.Type{
	model.KindTable:      reflect.TypeFor[tableFile](),
	model.KindComparison: reflect.TypeFor[comparisonFile](),
	model.KindSeries:     reflect.TypeFor[seriesFile](),
	model.KindList:       reflect.TypeFor[listFile](),
	model.KindLost:       reflect.TypeFor[lostFile](),
}

// kindNames lists the kinds of dataset for messages: "table, …, list or lost".
func kindNames() string {
	names := make([]string, len(model.Kinds))
	for i, k := range model.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// lost reads a dataset whose figures are lost: its charts are titles.
func lost(name string, f *lostFile) *model.Dataset {
	ds := common(name, datasetCommon{Kind: f.Kind, Title: f.Title, Source: f.Source, Updated: f.Updated, Notes: f.Notes})
	for i, ce := range f.Charts {
		if ce.At.Path == "" {
			continue // not a mapping: already reported
		}
		ch := model.Chart{ID: string(ce.ID), Title: ce.Title, Subtitle: ce.Subtitle, At: model.Pos(ce.At)}
		if ch.ID == "" {
			ch.ID = fmt.Sprintf("chart-%d", i+1)
		}
		ds.Charts = append(ds.Charts, ch)
	}
	return ds
}

// otherKindKeys reports, and removes before the walk, keys that belong to
// another kind of dataset than the file says it is: "periods is a key of
// comparison and series datasets" helps more than "unknown key".
func (l *loader) otherKindKeys(name string, root *yaml.Node, kind model.Kind) {
	own, ok := fileOfKind[kind]
	if !ok || root.Kind != yaml.MappingNode {
		return
	}
	has := func(t reflect.Type, key string) bool {
		fields, _ := fieldsOf(t)
		return slices.ContainsFunc(fields, func(f field) bool { return f.key == key })
	}
	var kept []*yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if !has(own, k.Value) {
			var others []string
			for _, other := range model.Kinds {
				if other != kind && has(fileOfKind[other], k.Value) {
					others = append(others, string(other))
				}
			}
			if len(others) > 0 {
				l.errs.Add(diag.Pos{Path: name, Line: k.Line, Col: k.Column}, "%q is a key of %s datasets, not of a %s", k.Value, strings.Join(others, " and "), kind)
				continue
			}
		}
		kept = append(kept, root.Content[i], root.Content[i+1])
	}
	root.Content = kept
}

// hasKey reports whether the mapping root has key.
func hasKey(root *yaml.Node, key string) bool {
	if root.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return true
		}
	}
	return false
}

// kindOf reads the kind key of a dataset before the rest, since it
// decides which keys the file may have.
func kindOf(root *yaml.Node) (string, diag.Pos) {
	at := diag.Pos{Line: root.Line, Col: root.Column}
	if root.Kind != yaml.MappingNode {
		return "", at
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == "kind" && v.Kind == yaml.ScalarNode {
			return v.Value, diag.Pos{Line: v.Line, Col: v.Column}
		}
	}
	return "", at
}

func common(name string, c datasetCommon) *model.Dataset {
	r := model.Rounding(c.Rounding)
	if r == "" {
		r = model.HalfAwayFromZero
	}
	var charts []model.Chart
	for i, ce := range c.Charts {
		ch := model.Chart{
			ID: string(ce.ID), Kind: model.ChartKind(ce.Kind), Title: ce.Title, Subtitle: ce.Subtitle,
			Columns: append(ce.Lines, ce.Columns...), Rows: ce.Rows, Horizontal: ce.Horizontal,
			MarkLabel: ce.Mark.Label, Target: ce.Target.Num, TargetLabel: ce.TargetName, At: model.Pos(ce.At),
		}
		if ch.ID == "" {
			ch.ID = fmt.Sprintf("chart-%d", i+1)
		}
		if ce.Mark.Label != "" {
			ch.MarkFrom, ch.MarkTo = ce.Mark.From.Key, ce.Mark.To.Key
		}
		charts = append(charts, ch)
	}
	var notes []string
	for _, n := range c.Notes {
		notes = append(notes, string(n))
	}
	return &model.Dataset{
		Charts: charts,
		Path:   name, Kind: model.Kind(c.Kind), Title: c.Title, Source: c.Source,
		Updated: c.Updated.T, UpdatedClock: c.Updated.Clock, Unit: c.Unit, Notes: notes,
		Rounding: r, Better: model.Direction(c.Better), RowHeader: c.RowHeader,
		Illustrative: string(c.Illustrative),
	}
}

func (l *loader) columns(entries []columnEntry) []model.Column {
	var out []model.Column
	seen := map[ident]diag.Pos{}
	for _, c := range entries {
		if c.At.Path == "" {
			continue // not a mapping: already reported
		}
		if first, dup := seen[c.ID]; dup {
			l.errs.Add(c.At, "column id %q is used twice (first at line %d)", c.ID, first.Line)
		}
		seen[c.ID] = c.At
		d := -1
		if c.Decimals.Set {
			d = c.Decimals.N
		}
		out = append(out, model.Column{ID: string(c.ID), Label: c.Label, Unit: c.Unit, Percent: c.Percent, Decimals: d})
	}
	return out
}

func (l *loader) rows(entries []rowEntry, width int, allowParts bool) []model.Row {
	if len(entries) > MaxRows {
		l.errs.Add(entries[MaxRows].At, "a dataset may have at most %d rows; this one has %d", MaxRows, len(entries))
		return nil
	}
	var out []model.Row
	labels := map[string]diag.Pos{}
	for _, r := range entries {
		if r.At.Path == "" {
			continue // not a mapping: already reported
		}
		if n := utf8.RuneCountInString(r.Label); n > MaxLabelLength {
			l.errs.Add(r.At, "a row label of %d characters; the limit is %d", n, MaxLabelLength)
		}
		key := strings.ToLower(strings.Join(strings.Fields(r.Label), " "))
		if first, dup := labels[key]; dup && r.Label != "" {
			l.errs.Add(r.At, "row %q is listed twice (first at %s); references could not tell them apart", r.Label, first.Cell())
		}
		labels[key] = r.At
		vals := values(r.Values)
		switch {
		case len(vals) == 0:
			// values is missing or misspelt: already reported
		case len(vals) != width:
			if at, msg, ok := thousands(vals); ok {
				l.errs.Add(diag.Pos(at), "%s", msg)
			} else {
				l.errs.Add(r.At, "row %q has %d values; it needs %d, one for each column", r.Label, len(vals), width)
			}
		}
		// A row with the wrong number of values is kept, padded with values
		// that count as broken, so that totals are not checked against the
		// other rows alone.
		if len(vals) != width {
			vals = make([]model.Value, width)
		}
		if len(r.Parts) > 0 && !allowParts {
			l.errs.Add(r.At, "parts are for comparisons; give a table's breakdown as rows of a group")
		}
		row := model.Row{Label: r.Label, Group: r.Group, Values: vals, Printed: printed(r.Printed), OutsideTotal: r.OutsideTotal, At: model.Pos(r.At)}
		row.Parts = l.rows(r.Parts, width, false)
		out = append(out, row)
	}
	return out
}

// thousands finds "1,278" in a flow list, which YAML reads as the two
// values 1 and 278: a value followed, one column after its last digit, by
// a whole number of exactly three digits.
func thousands(vs []model.Value) (model.Pos, string, bool) {
	for i := 0; i+1 < len(vs); i++ {
		a, b := vs[i], vs[i+1]
		if a.Num == nil || b.Num == nil || !a.Num.IsInt() || !b.Num.IsInt() || a.At.Line != b.At.Line || a.At.Line == 0 {
			continue
		}
		left, right := a.Num.RatString(), b.Num.RatString()
		if b.At.Col == a.At.Col+len(left)+1 && len(right) <= 3 && b.Num.Sign() >= 0 {
			whole := fmt.Sprintf("%s%03s", left, right)
			return a.At, fmt.Sprintf("%s,%03s is read as two values, %s and %s; write it without thousands separators, such as %s", left, right, left, right, whole), true
		}
	}
	return model.Pos{}, "", false
}

func values(vs []value) []model.Value {
	out := make([]model.Value, len(vs))
	for i, v := range vs {
		out[i] = v.Value
	}
	return out
}

func printed(m map[string]value) map[string]model.Value {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]model.Value, len(m))
	for k, v := range m {
		out[k] = v.Value
	}
	return out
}

func (l *loader) total(ds *model.Dataset, t totalEntry, width int) {
	if t.Label == "" {
		return // no total row
	}
	row := &model.Row{Label: t.Label, Printed: printed(t.Printed), At: model.Pos(t.At)}
	if len(t.Values) > 0 {
		if len(t.Values) != width {
			l.errs.Add(t.At, "the total has %d values; it needs %d, one for each column", len(t.Values), width)
			return
		}
		row.Values = values(t.Values)
	}
	ds.Total = row
	ds.TotalIndependent = t.Sum == "independent"
	if ds.TotalIndependent && len(t.Values) == 0 {
		l.errs.Add(t.At, "an independent total needs its values")
	}
	if t.Tolerance.Num != nil {
		if t.Tolerance.Num.Sign() < 0 {
			l.errs.Add(diag.Pos(t.Tolerance.At), "tolerance: %s is below zero; a tolerance is how far a total may be off", t.Tolerance.Num.FloatString(t.Tolerance.Decimals))
		} else {
			ds.Tolerance = t.Tolerance.Num
		}
	}
}

func (l *loader) measures(ds *model.Dataset, entries []measureEntry) {
	cols := map[string]bool{}
	var ids []string
	for _, c := range ds.Columns {
		cols[c.ID] = true
		ids = append(ids, c.ID)
	}
	for _, e := range entries {
		if e.At.Path == "" {
			continue // not a mapping: already reported
		}
		m := model.Measure{ID: string(e.ID), Label: e.Label, Decimals: 1, Rounding: model.Rounding(e.Rounding), At: model.Pos(e.At)}
		if e.Decimals.Set {
			m.Decimals = e.Decimals.N
		}
		var set []string
		for _, k := range []struct {
			kind model.MeasureKind
			args []ident
			n    int
		}{
			{model.Difference, e.Difference, 2}, {model.PercentChange, e.PercentChange, 2},
			{model.Shortfall, e.Shortfall, 2}, {model.Share, e.Share, 1}, {model.Ratio, e.Ratio, 2},
		} {
			if k.args == nil {
				continue
			}
			set = append(set, string(k.kind))
			if len(k.args) != k.n {
				l.errs.Add(e.At, "measure %q: %s takes %d column ids, got %d", e.ID, k.kind, k.n, len(k.args))
				continue
			}
			m.Kind, m.A = k.kind, string(k.args[0])
			if k.n == 2 {
				m.B = string(k.args[1])
			}
			for _, a := range k.args {
				if !cols[string(a)] {
					l.errs.Add(e.At, "measure %q: no column %q%s", e.ID, a, diag.Suggest(string(a), ids, "columns"))
				}
			}
		}
		if len(set) != 1 {
			l.errs.Add(e.At, "measure %q needs exactly one of difference, percent_change, shortfall, share or ratio", e.ID)
			continue
		}
		if m.Kind == "" {
			continue // its column ids were reported above
		}
		if cols[m.ID] {
			l.errs.Add(e.At, "measure id %q is also a column id", m.ID)
		}
		ds.Measures = append(ds.Measures, m)
	}
}

func (l *loader) table(name string, f *tableFile) *model.Dataset {
	ds := common(name, f.datasetCommon)
	ds.Columns = l.columns(f.Columns)
	if l.tooManyFigures(f.Rows, len(ds.Columns)+len(f.Measures)) {
		return ds
	}
	ds.Rows = l.rows(f.Rows, len(ds.Columns), false)
	l.total(ds, f.Total, len(ds.Columns))
	l.measures(ds, f.Measures)
	if ds.RowHeader == "" {
		ds.RowHeader = "Row"
	}
	return ds
}

func (l *loader) comparison(name string, f *comparisonFile) *model.Dataset {
	ds := common(name, f.datasetCommon)
	// No periods, or a period that is not text, is a mistake already
	// reported; their count would be its consequence.
	if len(f.Periods) == 0 || slices.ContainsFunc(f.Periods, func(p label) bool { return p.At.Path == "" }) {
		return ds
	}
	if len(f.Periods) != 2 {
		l.errs.Add(f.Periods[len(f.Periods)-1].At, "periods: a comparison has two periods, the earlier first, such as [Last year, This year]; got %d", len(f.Periods))
		return ds
	}
	ds.Columns = []model.Column{
		{ID: "previous", Label: f.Periods[0].Text, Decimals: -1},
		{ID: "current", Label: f.Periods[1].Text, Decimals: -1},
	}
	l.spans(ds, f)
	if l.tooManyFigures(f.Rows, 4) { // two periods, a difference and a change
		return ds
	}
	ds.Rows = l.rows(f.Rows, 2, true)
	l.total(ds, f.Total, 2)
	change := model.Measure{ID: "change", Label: "Difference", Kind: model.Difference, A: "previous", B: "current", Decimals: 0}
	pct := model.Measure{ID: "percent_change", Label: "Change", Kind: model.PercentChange, A: "previous", B: "current", Decimals: 1}
	for _, o := range []struct {
		m    *model.Measure
		opts measureOpts
	}{{&change, f.Change}, {&pct, f.PercentChange}} {
		if o.opts.Label != "" {
			o.m.Label = o.opts.Label
		}
		if o.opts.Decimals.Set {
			o.m.Decimals = o.opts.Decimals.N
		}
		o.m.Rounding = model.Rounding(o.opts.Rounding)
		o.m.At = model.Pos(o.opts.At)
	}
	ds.Measures = []model.Measure{change, pct}
	if ds.RowHeader == "" {
		ds.RowHeader = "Area"
	}
	return ds
}

// spans dates the two periods of a comparison, when spans gives them:
// each from its first to its last year, month or day, the earlier period
// wholly before the later.
func (l *loader) spans(ds *model.Dataset, f *comparisonFile) {
	if len(f.Spans) == 0 {
		return
	}
	var spans []*model.Span // nil where the span has a mistake
	for i, e := range f.Spans {
		if e.At.Path == "" || e.From.T.IsZero() || e.To.T.IsZero() {
			spans = append(spans, nil) // not a mapping, or a period with a mistake: already reported
			continue
		}
		from, to := spanUnit(e.From.Key), spanUnit(e.To.Key)
		switch {
		case from != to:
			l.errs.Add(e.To.At, "spans[%d]: from %s is a %s but to %s is a %s; write both the same way, such as from: 2016-03, to: 2017-02", i, e.From.Key, from, e.To.Key, to)
			spans = append(spans, nil)
		case e.To.T.Before(e.From.T):
			l.errs.Add(e.To.At, "spans[%d]: to %s comes before from %s; a span runs from its first period to its last", i, e.To.Key, e.From.Key)
			spans = append(spans, nil)
		default:
			spans = append(spans, &model.Span{From: e.From.T, To: e.To.T, Unit: from})
		}
	}
	if len(spans) != 2 {
		l.errs.Add(f.Spans[len(f.Spans)-1].At, "spans: a comparison has two periods, so give two spans, the earlier first, such as [{from: 2016-03, to: 2017-02}, {from: 2017-03, to: 2018-02}]; got %d", len(f.Spans))
		return
	}
	if spans[0] == nil || spans[1] == nil {
		return
	}
	if !spans[0].To.Before(spans[1].From) {
		l.errs.Add(f.Spans[1].From.At, "spans[1]: from %s is not after the earlier period's end, %s; the periods are the earlier first, and do not overlap", f.Spans[1].From.Key, f.Spans[0].To.Key)
		return
	}
	ds.Columns[0].Span, ds.Columns[1].Span = spans[0], spans[1]
}

// spanUnit is what a period typed as key counts: 2018, 2018-03 or 2018-03-12.
func spanUnit(key string) model.SpanUnit {
	switch len(key) {
	case len("2006"):
		return model.SpanYears
	case len("2006-01"):
		return model.SpanMonths
	}
	return model.SpanDays
}

func (l *loader) series(name string, f *seriesFile) *model.Dataset {
	ds := common(name, f.datasetCommon)
	cols := make([]columnEntry, len(f.Lines))
	short := false
	for i, line := range f.Lines {
		cols[i] = line.columnEntry
		if len(line.Values) != len(f.Periods) {
			if line.At.Path != "" && len(line.Values) > 0 { // else already reported
				l.errs.Add(line.At, "line %q has %d values; it needs %d, one for each period", line.ID, len(line.Values), len(f.Periods))
			}
			short = true
		}
	}
	if short {
		return ds
	}
	ds.Columns = l.columns(cols)
	if len(f.Periods) > MaxRows {
		l.errs.Add(diag.Pos{Path: name}, "a series may have at most %d periods; this one has %d", MaxRows, len(f.Periods))
		return ds
	}
	if width := len(f.Lines) + len(f.Measures); len(f.Periods)*width > MaxFigures {
		p := f.Periods[MaxFigures/width]
		l.errs.Add(p.At, figuresMessage, MaxFigures, MaxFigures/width+1, width)
		return ds
	}
	for i, p := range f.Periods {
		if prev := f.Periods[max(i-1, 0)]; i > 0 && !p.T.IsZero() && !prev.T.IsZero() && !p.T.After(prev.T) {
			l.errs.Add(p.At, "periods[%d]: %s comes after %s; list periods in time order, once each", i, p.Label, prev.Label)
		}
		row := model.Row{Label: p.Label, Period: p.T, At: model.Pos{Path: name}}
		for _, line := range f.Lines {
			row.Values = append(row.Values, line.Values[i].Value)
		}
		ds.Rows = append(ds.Rows, row)
	}
	l.measures(ds, f.Measures)
	if ds.RowHeader == "" {
		ds.RowHeader = "Period"
	}
	for _, a := range f.AgreesWith {
		if a.At.Path == "" {
			continue // not a mapping: already reported
		}
		if len(a.Previous) != 2 || len(a.Current) != 2 {
			l.errs.Add(a.At, "agrees_with: previous and current each name the first and the last period, such as [\"2016-03\", \"2017-02\"]")
			continue
		}
		if slices.ContainsFunc(slices.Concat(a.Previous, a.Current), func(p period) bool { return p.T.IsZero() }) {
			continue // a period with a mistake, already reported: no sum to check
		}
		ds.Agrees = append(ds.Agrees, model.Agreement{
			Dataset: a.Dataset, Row: a.Row, Line: string(a.Line),
			Previous: [2]time.Time{a.Previous[0].T, a.Previous[1].T}, Current: [2]time.Time{a.Current[0].T, a.Current[1].T},
			PreviousText: a.Previous[0].Key + " to " + a.Previous[1].Key, CurrentText: a.Current[0].Key + " to " + a.Current[1].Key,
			At: model.Pos(a.At),
		})
	}
	return ds
}

const figuresMessage = "a dataset may hold at most %d figures, rows × (columns + measures); at this row it holds %d × %d, so split the dataset or drop measures"

// tooManyFigures reports, at the first row past it, a table of more than
// MaxFigures figures: rows, with their parts, × width.
func (l *loader) tooManyFigures(rows []rowEntry, width int) bool {
	n := 0
	for _, r := range rows {
		if r.At.Path == "" {
			continue // not a mapping: already reported
		}
		if n += 1 + len(r.Parts); n*width > MaxFigures {
			l.errs.Add(r.At, figuresMessage, MaxFigures, n, width)
			return true
		}
	}
	return false
}

// brief shortens long text quoted in a message.
func brief(s string) string {
	if r := []rune(s); len(r) > 24 {
		return string(r[:20]) + "…"
	}
	return s
}
