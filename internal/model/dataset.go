package model

import (
	"math/big"
	"time"
)

// A Dataset is one YAML file of figures under data/datasets. Every kind is
// held the same way: value columns, rows of values, an optional total row,
// and measures derived from the columns. The kinds differ in how the YAML
// reads and which measures they get by default.
type Dataset struct {
	ID     string // path under data/datasets, without .yaml: "crime/burglary"
	Path   string // the file, relative to the site folder
	SHA256 string // of the file, for the fingerprints of packs that use it
	// Figures is the spreadsheet the figures come from, relative to the
	// site folder, or "": SHA256 then covers its bytes too.
	Figures string
	Kind    Kind
	Title   string
	Source  string
	Updated time.Time // "data updated" / as-at stamp, UTC
	// UpdatedClock says whether Updated has a time of day.
	UpdatedClock bool
	Unit         string
	Notes        []string
	Rounding     Rounding
	Better       Direction // which way is good, for change measures
	RowHeader    string    // heading of the row-label column: "Team", "Area", "Period"
	// Illustrative, when not "", says that the figures are not the
	// source's (invented to show a layout, or standing in for a lost
	// chart), and why. Every place a pack shows them carries the mark
	// in words (IllustrativeMark), and a published meeting that quotes
	// them is warned about.
	Illustrative string

	Columns  []Column
	Rows     []Row
	Total    *Row // nil when the dataset has no total row
	Measures []Measure

	// TotalIndependent says that Total is a figure in its own right (such
	// as a force total that includes crimes no area owns), not a checked
	// sum of the rows: the pack shows the unallocated remainder.
	TotalIndependent bool
	// Tolerance is how far a typed total may be from the sum of rounded
	// inputs; non-zero prints a "may not sum due to rounding" note.
	Tolerance *big.Rat

	Groups []ListGroup // kind list only

	Charts []Chart
	// Agrees lists the comparisons this series must agree with: the sums
	// of its periods against their figures (kind series only).
	Agrees []Agreement
}

// DatasetFile is what a site keeps of a dataset between the packs that
// quote it: its id (which names its file), the file's hash, and what the
// archive's index lists. The figures are read again when a pack needs
// them; the hash says they are the ones checked.
type DatasetFile struct {
	ID     string
	SHA256 string
	// Figures is the spreadsheet the figures come from (Dataset.Figures).
	Figures string `json:",omitempty"`
	Kind    Kind
	Title   string
	Source  string
	Updated time.Time
	// Illustrative is Dataset.Illustrative: why the figures are not the
	// source's, or "".
	Illustrative string `json:",omitempty"`
	// Agrees are the ids of the comparisons a series agrees with, whose
	// change must check it again.
	Agrees []string `json:",omitempty"`
}

// Chart is a chart of a dataset, as commentary places it.
type Chart struct {
	ID       string
	Kind     ChartKind
	Title    string   // the headline: the message
	Subtitle string   // what is measured, where, when
	Columns  []string // the lines or columns drawn; empty means all
	Rows     []string // the rows drawn (bars); empty means all data rows
	// Mark shades a run of periods (line charts): labels as typed in the
	// dataset's periods.
	MarkFrom, MarkTo, MarkLabel string
	Target                      *big.Rat
	TargetLabel                 string
	Horizontal                  bool
	At                          Pos
}

// IllustrativeMark is the word that marks, wherever a pack shows them,
// figures that are not the source's (Dataset.Illustrative): after a
// figure's or a table's number, "Figure 3 (illustrative): …", and after
// a figure quoted in a sentence, "388 (illustrative)".
const IllustrativeMark = "illustrative"

// ChartKind is how a chart draws its dataset.
type ChartKind string

// The chart kinds. A kind is added here and to ChartKinds, which load
// accepts; render has a drawing for each (a test fails without one).
const (
	LineChart ChartKind = "line"
	BarChart  ChartKind = "bars"
)

// ChartKinds are the kinds of chart, in the order messages name them.
var ChartKinds = []ChartKind{LineChart, BarChart}

// OverPeriods reports whether the kind draws a series along its periods,
// so that it can shade some of them and draw a target; the other kinds
// draw rows (periods or categories) side by side, and can choose them.
func (k ChartKind) OverPeriods() bool { return k == LineChart }

// Agreement ties a series line to a comparison row: the line's periods
// From..To must add up to the comparison's previous and current figures.
type Agreement struct {
	Dataset, Row, Line        string
	Previous, Current         [2]time.Time // first and last period of each
	PreviousText, CurrentText string       // as typed, for messages
	At                        Pos
}

// Kind is a dataset's shape.
type Kind string

// The dataset kinds.
const (
	KindTable      Kind = "table"
	KindComparison Kind = "comparison"
	KindSeries     Kind = "series"
	KindList       Kind = "list"
	// KindLost is a dataset whose figures did not survive: only the
	// titles, labels and stamps of its charts are known, and the pack
	// says that each chart is not available rather than draw one.
	KindLost Kind = "lost"
)

// Kinds are the dataset kinds, in the order messages name them.
var Kinds = []Kind{KindTable, KindComparison, KindSeries, KindList, KindLost}

// Rounding is how a figure is rounded to the decimals it is shown with.
type Rounding string

// The rounding rules. HalfAwayFromZero is the default, as spreadsheets
// round: 2.675 → 2.68, 12.5 → 13, −12.5 → −13.
const (
	HalfAwayFromZero Rounding = "half-away-from-zero"
	HalfEven         Rounding = "half-even"
	Ceiling          Rounding = "ceiling"
	Floor            Rounding = "floor"
	TowardsZero      Rounding = "towards-zero"
	AwayFromZero     Rounding = "away-from-zero"
)

// Direction says whether a rise is good news.
type Direction string

// The directions.
const (
	UpIsGood   Direction = "up"
	DownIsGood Direction = "down"
)

// Column is a column of typed values.
type Column struct {
	ID       string
	Label    string
	Unit     string
	Percent  bool // values are percentages
	Decimals int  // shown with this many decimals; -1: as many as typed
	// Span is the stretch of time the column covers (a comparison's
	// period, such as March 2016 to February 2017), or nil.
	Span *Span
}

// Span is the stretch of time a period covers: its first and its last
// year, month or day, inclusive.
type Span struct {
	From, To time.Time // starts of the first and the last year, month or day, UTC
	Unit     SpanUnit
}

// SpanUnit is what a span counts in: years, months or days.
type SpanUnit string

// The span units.
const (
	SpanYears  SpanUnit = "year"
	SpanMonths SpanUnit = "month"
	SpanDays   SpanUnit = "day"
)

// String is the span as a column heading or a subtitle shows it:
// "2016 – 2017", "Mar 2016 – Feb 2017" or "1 Mar 2016 – 28 Feb 2017"; a
// span of one year, month or day is shown alone. A date's parts, and the
// first date and the dash, are joined by no-break spaces, so that a line
// breaks only after the dash ("Mar 2016 –" above "Feb 2017").
func (s Span) String() string {
	layout := map[SpanUnit]string{SpanYears: "2006", SpanMonths: "Jan\u00a02006", SpanDays: "2\u00a0Jan\u00a02006"}[s.Unit]
	if s.From.Equal(s.To) {
		return s.From.Format(layout)
	}
	return s.From.Format(layout) + "\u00a0– " + s.To.Format(layout)
}

// Row is a row of typed values, one per column.
type Row struct {
	Label  string
	Group  string // rows with the same group are shown under its heading
	Values []Value
	// Parts break the row down (an area into its sub-areas). The row is an
	// independent figure: the pack shows what no part accounts for.
	Parts []Row
	// Printed are measure values typed in the YAML, by measure id: each is
	// checked against the computed figure.
	Printed map[string]Value
	Period  time.Time // series rows: the period's start, UTC
	// OutsideTotal rows are shown after the total and not counted in it.
	OutsideTotal bool
	At           Pos
}

// Value is one typed figure: a number, or a reason it is missing.
type Value struct {
	Num      *big.Rat // nil when Missing is set
	Missing  Missing
	Decimals int // decimals as typed
	At       Pos
}

// Missing is the GSS shorthand for a value that is not given.
type Missing string

// The GSS shorthand codes.
const (
	NotAvailable  Missing = "x" // [x] not available
	Confidential  Missing = "c" // [c] confidential
	NotApplicable Missing = "z" // [z] not applicable
)

// Measure is a figure derived from two columns of each row.
type Measure struct {
	ID       string
	Label    string
	Kind     MeasureKind
	A, B     string // the columns it reads; see MeasureKind
	Decimals int
	Rounding Rounding // "" means the dataset's rule
	At       Pos
}

// MeasureKind is how a measure is computed from columns A and B.
type MeasureKind string

// The measure kinds.
const (
	Difference    MeasureKind = "difference"     // B − A
	PercentChange MeasureKind = "percent_change" // (B − A) ÷ A × 100
	Shortfall     MeasureKind = "shortfall"      // (1 − A ÷ B) × 100: A short of B
	Share         MeasureKind = "share"          // A ÷ total of A × 100
	Ratio         MeasureKind = "ratio"          // A ÷ B × 100
)

// ListGroup is a heading and its items, for kind list.
type ListGroup struct {
	Label string
	Items []ListItem
}

// ListItem is one entry of a list.
type ListItem struct {
	Label, Detail string
}

// Pos is a position in a site file, as diag.Pos has it; the model keeps
// positions so that later stages can point at the YAML, or the
// spreadsheet's cell, behind a figure. With Sheet set, Line and Col are a
// cell's row and column in that worksheet.
type Pos struct {
	Path      string
	Line, Col int
	Sheet     string
}
