// Package compute derives every figure a pack shows from the datasets:
// measures (difference, percentage change, shortfall, share, ratio),
// totals, and the remainders that independent totals leave. It checks what
// a YAML file types against what the data says — totals against the sum of
// their rows, printed percentages against the computed ones — and formats
// each figure by its column's rules.
//
// Arithmetic is exact (math/big rationals from the typed decimal text), and
// rounding follows the dataset's declared rule (see Round). A missing value
// ([x], [c], [z]) is never treated as zero: a measure or total that needs it
// is missing too, and a base of zero gives "n/a", never NaN or infinity.
//
// Figures read as what they are. What rows leave of an independent total
// is shown even when a row is missing, as that row's code with a note, so
// that a gap never reads as a sum; a shortfall below zero reads "above";
// and a name that could mean two columns is an error, not a guess.
package compute

import (
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// Table is a dataset with every figure resolved and formatted.
type Table struct {
	Dataset *model.Dataset
	Columns []Column
	Rows    []Row // body rows in order; parts and remainders follow their row
	Total   *Row
	After   []Row    // rows outside the total, shown after it
	Charts  []Chart  // the dataset's charts, resolved
	Notes   []string // notes the figures call for, after the dataset's own

	// For lookups by name: a commentary may quote thousands of figures
	// from a table of thousands of rows.
	named                []Row             // every row a reference can name, in order
	rowAt, colAt         map[string]int    // fold(label or id) → index in named, Columns
	colBoth              map[string][2]int // fold(name) → the two columns a name could mean
	rowLabels, colLabels []string          // for "did you mean"
}

// Column is a column of a computed table. Unit is the column's own, when
// it is not the dataset's (which the caption gives).
type Column struct {
	ID, Label, Unit string
	Percent         bool // shown with %
	Points          bool // a difference of percentages: percentage points
	Measure         bool // derived, not typed
	Change          bool // a change: shown with its direction
	Decimals        int  // shown with this many
	// Span dates the column (a comparison's period), or is nil.
	Span *model.Span
	// About says what a measure is ("the difference, This year − Last
	// year"), for messages that tell columns apart; "" for a typed one.
	About string
}

// Heading is the column's heading: its label, and its span when it has
// one, "Last year (Mar 2016 – Feb 2017)".
func (c Column) Heading() string {
	if c.Span == nil {
		return c.Label
	}
	return c.Label + " (" + c.Span.String() + ")"
}

// RowKind tells body rows apart.
type RowKind int

// The kinds of row.
const (
	DataRow      RowKind = iota
	PartRow              // a part of the row before it
	RemainderRow         // what the parts or the rows leave of an independent figure
	TotalRow
)

// Class names the kind of row for a stylesheet: "", "part", "remainder"
// or "total".
func (r Row) Class() string {
	return [...]string{DataRow: "", PartRow: "part", RemainderRow: "remainder", TotalRow: "total"}[r.Kind]
}

// Row is a computed row.
type Row struct {
	Label  string
	Kind   RowKind
	Group  string
	Period time.Time // series rows: the period's start, UTC
	// OfRow marks a remainder that is what a row's parts leave of it, a
	// part of that row; a remainder without it is what the rows leave of
	// an independent total, a row of its own.
	OfRow bool
	Cells []Cell
	At    model.Pos
}

// Cell is one figure.
type Cell struct {
	Exact   *big.Rat // nil when missing
	Shown   *big.Rat // Exact rounded as shown
	Missing string   // "x", "c", "z" or "n/a"
	Text    string   // as shown, without the unit
	Dir     int      // for changes: +1 up, -1 down, 0 none
	Good    bool     // for changes: the direction is good news
	Bad     bool
	// Above marks a shortfall below zero, an excess: Text is its size
	// with its unit and the word, "193% above", and Exact and Shown keep
	// the sign.
	Above bool
}

// Dataset computes ds. Mistakes in its figures come back as a diag.List.
func Dataset(ds *model.Dataset) (*Table, error) {
	c := &computer{ds: ds, t: &Table{Dataset: ds}, used: map[string]bool{}, above: map[int]bool{}}
	if ds.Kind == model.KindList || ds.Kind == model.KindLost {
		c.charts()
		c.titles()
		return c.t, c.errs.Sort().Err()
	}
	c.columns()
	c.body()
	c.total()
	c.notes()
	c.charts()
	c.t.index()
	c.titles()
	return c.t, c.errs.Sort().Err()
}

type computer struct {
	ds      *model.Dataset
	t       *Table
	errs    diag.List
	used    map[string]bool // missing codes shown
	decimal []int           // decimals shown, per value column
	colSum  []*big.Rat      // sums of the top-level rows, nil where a value is missing
	gaps    []string        // notes on parts that do not add up to their whole
	above   map[int]bool    // shortfall measures, by index, with a figure below zero
}

func (c *computer) fail(at model.Pos, format string, args ...any) {
	c.errs.Add(diag.Pos(at), format, args...)
}

func (c *computer) columns() {
	for i, col := range c.ds.Columns {
		d := col.Decimals
		if d < 0 {
			d = 0
			for _, r := range c.ds.Rows {
				d = max(d, r.Values[i].Decimals)
			}
		}
		c.decimal = append(c.decimal, d)
		c.t.Columns = append(c.t.Columns, Column{ID: col.ID, Label: col.Label, Unit: orUnit(col.Unit, col.Percent), Percent: col.Percent, Decimals: d, Span: col.Span})
	}
	for _, m := range c.ds.Measures {
		col := Column{ID: m.ID, Label: m.Label, Measure: true, Decimals: m.Decimals, About: c.about(m)}
		switch m.Kind {
		case model.Difference:
			col.Change = true
			if c.percentColumn(m.A) && c.percentColumn(m.B) {
				col.Points, col.Unit = true, "percentage points"
			}
		case model.PercentChange:
			col.Change, col.Percent, col.Unit = true, true, "%"
		default:
			col.Percent, col.Unit = true, "%"
		}
		c.t.Columns = append(c.t.Columns, col)
	}
}

// about says what m computes, in the words of its columns' labels.
func (c *computer) about(m model.Measure) string {
	a, b := c.label(m.A), c.label(m.B)
	switch m.Kind {
	case model.Difference:
		return "the difference, " + b + " − " + a
	case model.PercentChange:
		return "the percentage change from " + a + " to " + b
	case model.Shortfall:
		return "the percentage by which " + a + " is below " + b
	case model.Share:
		return a + " as a percentage of its total"
	case model.Ratio:
		return a + " as a percentage of " + b
	}
	return "a measure"
}

func orUnit(unit string, percent bool) string {
	if unit == "" && percent {
		return "%"
	}
	return unit
}

func (c *computer) percentColumn(id string) bool {
	i := c.columnIndex(id)
	return i >= 0 && c.ds.Columns[i].Percent
}

func (c *computer) columnIndex(id string) int {
	return slices.IndexFunc(c.ds.Columns, func(col model.Column) bool { return col.ID == id })
}

func (c *computer) body() {
	c.colSum = make([]*big.Rat, len(c.ds.Columns))
	for i := range c.colSum {
		c.colSum[i] = new(big.Rat)
	}
	for _, r := range c.ds.Rows {
		if r.OutsideTotal {
			continue
		}
		for i, v := range r.Values {
			if v.Num == nil {
				c.colSum[i] = nil
			} else if c.colSum[i] != nil {
				c.colSum[i].Add(c.colSum[i], v.Num)
			}
		}
	}
	for _, r := range c.ds.Rows {
		if r.OutsideTotal {
			c.t.After = append(c.t.After, c.row(r, DataRow))
			continue
		}
		c.t.Rows = append(c.t.Rows, c.row(r, DataRow))
		if len(r.Parts) == 0 {
			continue
		}
		for _, p := range r.Parts {
			c.t.Rows = append(c.t.Rows, c.row(p, PartRow))
		}
		c.remainder(r.Values, r.Parts, r.Label+", not allocated to a part", "The parts of "+r.Label, r.Label, r.At)
		if last := &c.t.Rows[len(c.t.Rows)-1]; last.Kind == RemainderRow {
			last.OfRow = true
		}
	}
}

// remainder adds the row of what parts leave of whole, an independent
// figure, when there is any: a column whose whole is known leaves whole −
// parts, or, when a part in it is missing, that part's code, since the
// parts then cannot be added up and what they leave would reveal a part
// withheld. A note says why such parts do not add up to the whole: a gap
// never reads as a sum. Nothing is shown when every column leaves zero, or
// when the whole is missing wherever the parts do not add up to it.
func (c *computer) remainder(whole []model.Value, parts []model.Row, label, subject, object string, at model.Pos) {
	vals := make([]model.Value, len(whole))
	show, gap := false, model.Missing("")
	for i, w := range whole {
		if w.Num == nil {
			vals[i] = w
			continue
		}
		sum := new(big.Rat)
		for _, p := range parts {
			v := p.Values[i]
			if v.Num == nil {
				code := orMissing(v.Missing)
				if vals[i].Missing == "" || withholds(code) > withholds(vals[i].Missing) {
					vals[i] = model.Value{Missing: code}
				}
				continue
			}
			sum.Add(sum, v.Num)
		}
		if vals[i].Missing != "" {
			show = true
			if withholds(vals[i].Missing) > withholds(gap) {
				gap = vals[i].Missing
			}
			continue
		}
		vals[i] = model.Value{Num: sum.Sub(w.Num, sum)}
		show = show || sum.Sign() != 0
	}
	if !show {
		return
	}
	c.t.Rows = append(c.t.Rows, c.row(model.Row{Label: label, Values: vals, At: at}, RemainderRow))
	if why, ok := gapWords[gap]; ok {
		c.gaps = append(c.gaps, fmt.Sprintf("%s do not add up to %s, because a figure among them is %s, so what they leave of it (“%s”) is [%s] too.", subject, object, why, label, gap))
	}
}

// gapWords say why parts with a missing figure do not add up to a whole.
var gapWords = map[model.Missing]string{
	model.Confidential:  "withheld ([c])",
	model.NotAvailable:  "not available ([x])",
	model.NotApplicable: "not applicable ([z])",
}

// withholds ranks the codes of missing parts: what parts leave of a whole
// is [c] when any of them is, since a figure computed from the others
// would reveal it; then [x], then [z]. A broken value, whose mistake is
// reported, ranks lowest.
func withholds(code model.Missing) int {
	return slices.Index([]model.Missing{"", Broken, model.NotApplicable, model.NotAvailable, model.Confidential}, code)
}

func (c *computer) valueCell(col int, v *big.Rat) Cell {
	d := c.decimal[col]
	shown := Round(v, d, c.ds.Rounding)
	return Cell{Exact: v, Shown: shown, Text: Format(shown, d)}
}

func (c *computer) missingCell(code model.Missing) Cell {
	c.used[string(code)] = true
	if code == Broken {
		return Cell{Missing: Broken, Text: "[x]"}
	}
	return Cell{Missing: string(code), Text: "[" + string(code) + "]"}
}

func (c *computer) row(r model.Row, kind RowKind) Row {
	row := Row{Label: r.Label, Kind: kind, Group: r.Group, Period: r.Period, At: r.At}
	for i, v := range r.Values {
		if v.Num == nil {
			row.Cells = append(row.Cells, c.missingCell(orMissing(v.Missing)))
			continue
		}
		row.Cells = append(row.Cells, c.valueCell(i, v.Num))
	}
	c.measures(&row, r.Values, r.Printed)
	return row
}

// measures appends the row's measure cells and checks printed ones.
func (c *computer) measures(row *Row, vals []model.Value, printed map[string]model.Value) {
	for i, m := range c.ds.Measures {
		cell := c.measure(m, vals)
		c.above[i] = c.above[i] || cell.Above
		row.Cells = append(row.Cells, cell)
	}
	ids := make([]string, len(c.ds.Measures))
	for i, m := range c.ds.Measures {
		ids[i] = m.ID
	}
	for _, id := range slices.Sorted(maps.Keys(printed)) {
		p := printed[id]
		i := slices.Index(ids, id)
		if i < 0 {
			c.fail(p.At, "printed: no measure %q%s", id, c.suggestMeasure(id, ids))
			continue
		}
		c.checkPrinted(c.ds.Measures[i], row.Cells[len(c.ds.Columns)+i], p, row.Label)
	}
}

// suggestMeasure is the hint for a printed figure named id, which is not
// a measure's id. A measure is named by its id, and a heading is not one:
// "Change" heads a comparison's percent_change, while change is its
// difference, so a name that is a measure's heading suggests that
// measure's id, and the hint says what each measure is.
func (c *computer) suggestMeasure(id string, ids []string) string {
	if len(ids) == 0 {
		return "; this dataset has no measures"
	}
	var each []string
	for _, col := range c.t.Columns[len(c.ds.Columns):] {
		each = append(each, fmt.Sprintf("%s (headed %q: %s)", col.ID, col.Label, col.About))
	}
	list := "; the measures are " + strings.Join(each, ", ")
	for _, m := range c.ds.Measures {
		if fold(m.Label) == fold(id) {
			return fmt.Sprintf("; a printed figure is named by its measure's id, not its heading: write %s%s", m.ID, list)
		}
	}
	if best := diag.Nearest(id, ids); best != "" {
		return fmt.Sprintf(" (did you mean %q?)%s", best, list)
	}
	return list
}

// checkPrinted compares a figure typed in the YAML with the computed one,
// rounded the way the typed one is: they may differ by 0.05 at most.
func (c *computer) checkPrinted(m model.Measure, got Cell, p model.Value, row string) {
	if p.Num == nil || got.Missing == Broken {
		return
	}
	if got.Exact == nil {
		c.fail(p.At, "%s for %s is printed as %s but cannot be computed: %s", m.Label, row, p.Num.FloatString(p.Decimals), explainMissing(got.Missing))
		return
	}
	rule := c.rule(m)
	rounded := Round(got.Exact, p.Decimals, rule)
	diff := new(big.Rat).Sub(p.Num, rounded)
	if diff.Abs(diff).Cmp(big.NewRat(5, 100)) > 0 {
		c.fail(p.At, "%s for %s is printed as %s but the data give %s (%s to %d decimals under %s)",
			m.Label, row, Format(p.Num, p.Decimals), Format(Round(got.Exact, p.Decimals+2, rule), p.Decimals+2), Format(rounded, p.Decimals), p.Decimals, rule)
	}
}

func explainMissing(code string) string {
	if code == "n/a" {
		return "its base is zero"
	}
	return "a value it needs is [" + code + "]"
}

func (c *computer) rule(m model.Measure) model.Rounding {
	if m.Rounding != "" {
		return m.Rounding
	}
	return c.ds.Rounding
}

// measure computes m for one row.
func (c *computer) measure(m model.Measure, vals []model.Value) Cell {
	get := func(id string) model.Value {
		if i := c.columnIndex(id); i >= 0 && i < len(vals) {
			return vals[i]
		}
		return model.Value{Missing: Broken} // a mistake reported by load
	}
	a := get(m.A)
	var b model.Value
	switch m.Kind {
	case model.Share:
		i := c.columnIndex(m.A)
		if i < 0 || c.colSum[i] == nil {
			b = model.Value{Missing: model.NotAvailable}
		} else {
			b = model.Value{Num: c.colSum[i]}
		}
	default:
		b = get(m.B)
	}
	for _, v := range []model.Value{a, b} {
		if v.Num == nil {
			return c.missingCell(orMissing(v.Missing))
		}
	}
	var x *big.Rat
	hundred := big.NewRat(100, 1)
	switch m.Kind {
	case model.Difference:
		x = new(big.Rat).Sub(b.Num, a.Num)
	case model.PercentChange:
		if a.Num.Sign() <= 0 { // from zero or below, a percentage says nothing
			return c.notApplicable()
		}
		x = new(big.Rat).Sub(b.Num, a.Num)
		x.Quo(x, a.Num).Mul(x, hundred)
	case model.Shortfall:
		if b.Num.Sign() == 0 {
			return c.notApplicable()
		}
		x = new(big.Rat).Quo(a.Num, b.Num)
		x.Sub(big.NewRat(1, 1), x).Mul(x, hundred)
	case model.Share, model.Ratio:
		if b.Num.Sign() == 0 {
			return c.notApplicable()
		}
		x = new(big.Rat).Quo(a.Num, b.Num)
		x.Mul(x, hundred)
	default:
		return c.missingCell(Broken) // a measure load could not read, reported there
	}
	shown := Round(x, m.Decimals, c.rule(m))
	cell := Cell{Exact: x, Shown: shown, Text: Format(shown, m.Decimals)}
	if m.Kind == model.Shortfall && shown.Sign() < 0 {
		// Below zero, a shortfall is an excess: "−193" under "Below
		// establishment" would say the opposite of what it means.
		cell.Above = true
		cell.Text = Format(new(big.Rat).Neg(shown), m.Decimals) + "% above"
	}
	if m.Kind == model.Difference || m.Kind == model.PercentChange {
		cell.Dir = shown.Sign() // a change that rounds to nothing has no arrow
		if shown.Sign() > 0 {
			cell.Text = "+" + cell.Text
		}
		switch {
		case c.ds.Better == model.UpIsGood:
			cell.Good, cell.Bad = cell.Dir > 0, cell.Dir < 0
		case c.ds.Better == model.DownIsGood:
			cell.Good, cell.Bad = cell.Dir < 0, cell.Dir > 0
		}
	}
	return cell
}

func (c *computer) notApplicable() Cell {
	c.used["n/a"] = true
	return Cell{Missing: "n/a", Text: "n/a"}
}

// total checks a typed total against the rows and computes the total row.
func (c *computer) total() {
	tr := c.ds.Total
	if tr == nil {
		return
	}
	vals := make([]model.Value, len(c.ds.Columns))
	for i := range c.ds.Columns {
		sum := c.colSum[i]
		if len(tr.Values) == 0 { // computed
			if sum == nil {
				vals[i] = model.Value{Missing: model.NotAvailable}
			} else {
				vals[i] = model.Value{Num: sum}
			}
			continue
		}
		typed := tr.Values[i]
		vals[i] = typed
		if c.ds.TotalIndependent || typed.Num == nil || sum == nil {
			continue
		}
		diff := new(big.Rat).Sub(typed.Num, sum)
		tol := c.ds.Tolerance
		if tol == nil {
			tol = new(big.Rat)
		}
		if new(big.Rat).Abs(diff).Cmp(tol) > 0 {
			d := max(c.decimal[i], typed.Decimals)
			within := ""
			if tol.Sign() != 0 {
				within = ", more than the tolerance of " + tol.FloatString(max(c.decimal[i], 2))
			}
			c.fail(typed.At, "the total of %s is typed as %s but the rows add up to %s%s; correct the total or the rows, or say sum: independent if it is a figure in its own right",
				c.ds.Columns[i].Label, Format(typed.Num, d), Format(Round(sum, d, c.ds.Rounding), d), within)
		}
	}
	row := c.row(model.Row{Label: tr.Label, Values: vals, Printed: tr.Printed, At: tr.At}, TotalRow)
	c.t.Total = &row
	if c.ds.TotalIndependent {
		rows := slices.DeleteFunc(slices.Clone(c.ds.Rows), func(r model.Row) bool { return r.OutsideTotal })
		c.remainder(vals, rows, "Not allocated to any "+strings.ToLower(orDefault(c.ds.RowHeader, "row")), "The rows", "the total", tr.At)
	}
}

// label is the label of the column id, or the id when there is none.
func (c *computer) label(id string) string {
	if i := c.columnIndex(id); i >= 0 && c.ds.Columns[i].Label != "" {
		return c.ds.Columns[i].Label
	}
	return id
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// notes adds the explanations that the figures shown call for.
func (c *computer) notes() {
	for _, n := range []struct{ code, text string }{
		{"x", "[x] not available."},
		{"c", "[c] confidential: withheld so that no one can be identified."},
		{"z", "[z] not applicable."},
		{"n/a", "n/a: the base of the percentage is zero or below, so there is none to show."},
	} {
		if c.used[n.code] {
			c.t.Notes = append(c.t.Notes, n.text)
		}
	}
	c.t.Notes = append(c.t.Notes, c.gaps...)
	for i, m := range c.ds.Measures {
		if c.above[i] {
			c.t.Notes = append(c.t.Notes, fmt.Sprintf("%s: a figure marked “above” is how far %s is above %s, as a percentage of %s.", m.Label, c.label(m.A), c.label(m.B), c.label(m.B)))
		}
	}
	if len(c.t.After) > 0 {
		c.t.Notes = append(c.t.Notes, "Rows below the total are not part of it.")
	}
	if c.ds.Tolerance != nil && c.ds.Tolerance.Sign() != 0 {
		c.t.Notes = append(c.t.Notes, "Figures are rounded, so they may not sum exactly to the total.")
	}
}

// Lookup finds the cell at a row and a column, each named by its label or
// id (letter case and spacing ignored; "total" is the total row). A name
// the table does not have gets a "did you mean" from s.
func (t *Table) Lookup(row, col string, s *Suggestions) (Cell, error) {
	c, _, err := t.LookupColumn(row, col, s)
	return c, err
}

// LookupColumn is Lookup that also returns the column, whose rules say how
// the figure reads in a sentence.
func (t *Table) LookupColumn(row, col string, s *Suggestions) (Cell, Column, error) {
	if both, ok := t.colBoth[fold(col)]; ok {
		return Cell{}, Column{}, t.ambiguous(col, both)
	}
	ci, ok := t.colAt[fold(col)]
	if !ok {
		return Cell{}, Column{}, fmt.Errorf("dataset %q has no column %q%s", t.Dataset.ID, col, s.of(t).cols.Suggest(col))
	}
	ri, err := t.row(row, s)
	if err != nil {
		return Cell{}, Column{}, err
	}
	return t.named[ri].Cells[ci], t.Columns[ci], nil
}

// row is the index in named of the row a reference names.
func (t *Table) row(row string, s *Suggestions) (int, error) {
	ri, ok := t.rowAt[fold(row)]
	if !ok {
		if label := t.periodLabel(row); label != "" {
			return 0, fmt.Errorf("dataset %q names its periods as the table shows them: write %q, not %q", t.Dataset.ID, label, row)
		}
		return 0, fmt.Errorf("dataset %q has no row %q%s", t.Dataset.ID, row, s.of(t).rows.Suggest(row))
	}
	return ri, nil
}

// ambiguous is the error for a name that is the heading or id of two
// columns, such as a comparison's "change": the id of its difference and,
// with letter case aside, the heading of its percentage change. It says
// what each column is and a name that means it alone.
func (t *Table) ambiguous(name string, both [2]int) error {
	var what, names []string
	for _, ci := range both {
		col := t.Columns[ci]
		about := col.About
		if about == "" {
			about = "a column of figures"
		}
		what = append(what, fmt.Sprintf("%s, headed %q (%s)", col.ID, col.Label, about))
		names = append(names, t.unambiguous(ci))
	}
	return fmt.Errorf("dataset %q has two columns that %q could name: %s, and %s; write %s for the first or %s for the second",
		t.Dataset.ID, name, what[0], what[1], names[0], names[1])
}

// unambiguous is a name of column ci that no other column has: its heading
// when it can be, else its id (ids are unique, and a heading that is the
// same as another column's id or heading is not).
func (t *Table) unambiguous(ci int) string {
	col := t.Columns[ci]
	if _, both := t.colBoth[fold(col.Label)]; !both && t.colAt[fold(col.Label)] == ci {
		return col.Label
	}
	return col.ID
}

// periodLabel is the label of the series row whose period name writes
// as a dataset's periods are typed (2018-03 or 2018-03-12), or "" when
// there is none: a reference names the row as the table shows it.
func (t *Table) periodLabel(name string) string {
	for _, f := range []struct{ typed, shown string }{{"2006-01", model.MonthLayout}, {"2006-01-02", model.DateLayout}} {
		at, err := time.Parse(f.typed, strings.TrimSpace(name))
		if err != nil {
			continue
		}
		if ri, ok := t.rowAt[fold(at.Format(f.shown))]; ok && !t.named[ri].Period.IsZero() {
			return t.named[ri].Label
		}
	}
	return ""
}

// Suggestions are one reader's "did you mean" for the rows and columns
// its lookups do not find: the first few unknown names of each table get
// a search (diag.Names). Each reader keeps its own, so that what it is
// told does not depend on what others asked before it: a pack's mistakes
// read the same whichever packs are built with it, and in whatever order.
// The zero value is ready.
type Suggestions struct {
	tables map[*Table]*tableNames
}

type tableNames struct{ rows, cols diag.Names }

func (s *Suggestions) of(t *Table) *tableNames {
	n := s.tables[t]
	if n == nil {
		n = &tableNames{rows: diag.Names{List: t.rowLabels, Label: "there are"}, cols: diag.Names{List: t.colLabels, Label: "there are"}}
		if s.tables == nil {
			s.tables = map[*Table]*tableNames{}
		}
		s.tables[t] = n
	}
	return n
}

// index makes the maps that LookupColumn reads. A name is matched as same
// matches it: the first row of a label, as a search in order found it; a
// name of two columns (the id of one and the heading of another, or the
// heading of both) is an error, since either could be meant.
func (t *Table) index() {
	t.colAt, t.rowAt, t.colBoth = map[string]int{}, map[string]int{}, map[string][2]int{}
	for i, c := range t.Columns {
		t.colLabels = append(t.colLabels, c.Label)
		for _, k := range []string{fold(c.ID), fold(c.Label)} {
			if j, ok := t.colAt[k]; ok && j != i {
				if _, seen := t.colBoth[k]; !seen {
					t.colBoth[k] = [2]int{j, i}
				}
			}
			t.colAt[k] = i
		}
	}
	t.named = slices.Concat(t.Rows, t.After)
	if t.Total != nil {
		t.named = append(t.named, *t.Total)
	}
	for i, r := range t.named {
		t.rowLabels = append(t.rowLabels, r.Label)
		keys := []string{fold(r.Label)}
		if r.Kind == TotalRow {
			keys = append(keys, fold("total"))
		}
		for _, k := range keys {
			if _, ok := t.rowAt[k]; !ok {
				t.rowAt[k] = i
			}
		}
	}
}

// fold is the form in which labels are compared: fold(a) == fold(b)
// exactly when a and b are equal with spacing made single and case folded
// as strings.EqualFold does (TestFoldIsSame holds it to that). Spacing is
// made single, and each character becomes the least of those that
// strings.EqualFold takes as equal to it.
func fold(s string) string {
	var b strings.Builder
	for i, f := range strings.Fields(s) {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, r := range f {
			least := r
			for x := unicode.SimpleFold(r); x != r; x = unicode.SimpleFold(x) {
				least = min(least, x)
			}
			b.WriteRune(least)
		}
	}
	return b.String()
}

// broken marks a cell whose input has a mistake the loader reported: it
// is shown as [x] but checks and notes pass it by.
// Broken is the Missing code of a cell whose input has a reported mistake.
const Broken = "!"

// orMissing is the code for a value that is not a number: its own, or
// broken for one whose mistake the loader has reported.
func orMissing(m model.Missing) model.Missing {
	if m == "" {
		return Broken
	}
	return m
}
