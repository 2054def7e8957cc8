package compute

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/google/go-cmp/cmp"
)

func num(s string) model.Value {
	r := rat(s)
	d := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		d = len(frac)
	}
	return model.Value{Num: r, Decimals: d, At: model.Pos{Path: "d.yaml", Line: 9, Col: 9}}
}

func miss(code model.Missing) model.Value { return model.Value{Missing: code} }

func texts(r Row) []string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, c.Text)
	}
	return out
}

func errLines(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var l diag.List
	if !errors.As(err, &l) {
		t.Fatalf("error %T %v, want a diag.List", err, err)
	}
	return l.Lines()
}

// TestMeasures checks every measure kind on one row, with the rounding
// and signs a reader sees.
func TestMeasures(t *testing.T) {
	ds := &model.Dataset{
		ID: "m", Kind: model.KindTable, Rounding: model.HalfAwayFromZero, Better: model.DownIsGood,
		Columns: []model.Column{{ID: "a", Decimals: -1}, {ID: "b", Decimals: -1}},
		Rows:    []model.Row{{Label: "r1", Values: []model.Value{num("1260"), num("2150")}}, {Label: "r2", Values: []model.Value{num("740"), num("850")}}},
		Measures: []model.Measure{
			{ID: "diff", Kind: model.Difference, A: "a", B: "b", Decimals: 0},
			{ID: "pct", Kind: model.PercentChange, A: "a", B: "b", Decimals: 1},
			{ID: "short", Kind: model.Shortfall, A: "a", B: "b", Decimals: 2},
			{ID: "share", Kind: model.Share, A: "a", Decimals: 1},
			{ID: "ratio", Kind: model.Ratio, A: "a", B: "b", Decimals: 0},
			{ID: "pct-ceil", Kind: model.PercentChange, A: "a", B: "b", Decimals: 1, Rounding: model.Ceiling},
		},
	}
	tb, err := Dataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	// 1260 → 2150: +890; 70.634…%; 1 − 1260/2150 = 41.395…%; 1260/2000 = 63%;
	// 1260/2150 = 58.6…%.
	want := []string{"1,260", "2,150", "+890", "+70.6", "41.40", "63.0", "59", "+70.7"}
	if diff := cmp.Diff(want, texts(tb.Rows[0])); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}
	c := tb.Rows[0].Cells[2]
	if c.Dir != 1 || !c.Bad || c.Good {
		t.Errorf("a rise where down is good: Dir %d Good %v Bad %v", c.Dir, c.Good, c.Bad)
	}
	if !tb.Columns[3].Percent || tb.Columns[2].Percent || !tb.Columns[2].Change {
		t.Errorf("column flags wrong: %+v", tb.Columns)
	}
}

// TestMissingAndZero: missing values are never zero, and a zero base is
// n/a, never NaN or infinity.
func TestMissingAndZero(t *testing.T) {
	ds := &model.Dataset{
		ID: "z", Kind: model.KindTable, Rounding: model.HalfAwayFromZero,
		Columns: []model.Column{{ID: "a", Decimals: -1}, {ID: "b", Decimals: -1}},
		Rows: []model.Row{
			{Label: "zero base", Values: []model.Value{num("0"), num("5")}},
			{Label: "confidential", Values: []model.Value{miss(model.Confidential), num("5")}},
			{Label: "not applicable", Values: []model.Value{num("3"), miss(model.NotApplicable)}},
		},
		Total:    &model.Row{Label: "Total"},
		Measures: []model.Measure{{ID: "pct", Kind: model.PercentChange, A: "a", B: "b", Decimals: 1}},
	}
	tb, err := Dataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	got := [][]string{texts(tb.Rows[0]), texts(tb.Rows[1]), texts(tb.Rows[2]), texts(*tb.Total)}
	want := [][]string{{"0", "5", "n/a"}, {"[c]", "5", "[c]"}, {"3", "[z]", "[z]"}, {"[x]", "[x]", "[x]"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	for _, n := range []string{"[x] not available.", "[c] confidential", "[z] not applicable.", "n/a: the base"} {
		if !strings.Contains(strings.Join(tb.Notes, "\n"), n) {
			t.Errorf("notes lack %q: %v", n, tb.Notes)
		}
	}
	for _, r := range tb.Rows {
		for _, c := range r.Cells {
			if strings.Contains(c.Text, "NaN") || strings.Contains(c.Text, "Inf") {
				t.Errorf("%s shows %q", r.Label, c.Text)
			}
		}
	}
}

func table(total []model.Value, tol string, independent bool, printed map[string]model.Value) *model.Dataset {
	ds := &model.Dataset{
		ID: "w", Path: "d.yaml", Kind: model.KindTable, Rounding: model.HalfAwayFromZero,
		Columns: []model.Column{{ID: "est", Label: "Establishment", Decimals: -1}, {ID: "dep", Label: "Deployable", Decimals: -1}},
		Rows: []model.Row{
			{Label: "NE", Values: []model.Value{num("14"), num("10.89")}},
			{Label: "SNW", Values: []model.Value{num("28"), num("22.41")}},
			{Label: "ST M", Values: []model.Value{num("16"), num("10.41")}},
		},
		Total:            &model.Row{Label: "Total", Values: total, Printed: printed, At: model.Pos{Path: "d.yaml", Line: 20, Col: 3}},
		TotalIndependent: independent,
		Measures:         []model.Measure{{ID: "below", Label: "Below establishment", Kind: model.Shortfall, A: "dep", B: "est", Decimals: 0}},
	}
	if tol != "" {
		ds.Tolerance = rat(tol)
	}
	return ds
}

func TestTotals(t *testing.T) {
	tests := []struct {
		name    string
		ds      *model.Dataset
		errs    string
		total   []string
		notes   string
		extraRo string
	}{
		{"typed total that adds up", table([]model.Value{num("58"), num("43.71")}, "", false, nil), "", []string{"58", "43.71", "25"}, "", ""},
		{"computed total", table(nil, "", false, nil), "", []string{"58", "43.71", "25"}, "", ""},
		{"wrong total", table([]model.Value{num("57"), num("43.71")}, "", false, nil),
			"d.yaml:9:9: the total of Establishment is typed as 57 but the rows add up to 58; correct the total or the rows, or say sum: independent if it is a figure in its own right\n", nil, "", ""},
		{"rounded inputs within tolerance", table([]model.Value{num("58"), num("43.7")}, "0.05", false, nil), "", []string{"58", "43.70", "25"}, "may not sum", ""},
		{"independent total leaves a remainder", table([]model.Value{num("60"), num("43.71")}, "", true, nil), "", []string{"60", "43.71", "27"}, "", "Not allocated to any row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := Dataset(tt.ds)
			if diff := cmp.Diff(tt.errs, errLines(t, err)); diff != "" {
				t.Fatalf("errors (-want +got):\n%s", diff)
			}
			if tt.total != nil {
				if diff := cmp.Diff(tt.total, texts(*tb.Total)); diff != "" {
					t.Errorf("total (-want +got):\n%s", diff)
				}
			}
			if tt.notes != "" && !strings.Contains(strings.Join(tb.Notes, " "), tt.notes) {
				t.Errorf("notes %v lack %q", tb.Notes, tt.notes)
			}
			if tt.extraRo != "" && tb.Rows[len(tb.Rows)-1].Label != tt.extraRo {
				t.Errorf("last row %q, want the remainder %q", tb.Rows[len(tb.Rows)-1].Label, tt.extraRo)
			}
		})
	}
}

// TestPrintedFigures: a percentage typed in the YAML is checked against
// the computed one under the dataset's rule. The reference prints PCSOs as
// 24% below establishment; the data give 24.64%.
func TestPrintedFigures(t *testing.T) {
	at := model.Pos{Path: "d.yaml", Line: 22, Col: 14}
	p := func(s string) map[string]model.Value {
		v := num(s)
		v.At = at
		return map[string]model.Value{"below": v}
	}
	if _, err := Dataset(table(nil, "", false, p("25"))); err != nil {
		t.Errorf("25 agrees with 24.64 rounded: %v", err)
	}
	if _, err := Dataset(table(nil, "", false, p("24.6"))); err != nil {
		t.Errorf("24.6 agrees with 24.64: %v", err)
	}
	want := "d.yaml:22:14: Below establishment for Total is printed as 24 but the data give 24.64 (25 to 0 decimals under half-away-from-zero)\n"
	_, err := Dataset(table(nil, "", false, p("24")))
	if diff := cmp.Diff(want, errLines(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	bad := map[string]model.Value{"belw": num("25")}
	_, err = Dataset(table(nil, "", false, bad))
	if got := errLines(t, err); !strings.Contains(got, `printed: no measure "belw" (did you mean "below"?)`) {
		t.Errorf("unknown printed measure: %q", got)
	}
}

// TestWrongRuleIsCaught: Sandwell's burglary rise, 890 on 1,260, is
// 70.63%. The source printed 70.7 because it rounds up; a dataset that
// types 70.7 under the default rule is caught, and under ceiling agrees.
func TestWrongRuleIsCaught(t *testing.T) {
	sandwell := func(rule model.Rounding) *model.Dataset {
		v := num("70.7")
		v.At = model.Pos{Path: "burglary.yaml", Line: 30, Col: 25}
		return &model.Dataset{
			ID: "b", Kind: model.KindComparison, Rounding: rule,
			Columns: []model.Column{{ID: "previous", Decimals: -1}, {ID: "current", Decimals: -1}},
			Rows: []model.Row{{Label: "Sandwell", Values: []model.Value{num("1260"), num("2150")},
				Printed: map[string]model.Value{"percent_change": v}}},
			Measures: []model.Measure{{ID: "percent_change", Label: "Change", Kind: model.PercentChange, A: "previous", B: "current", Decimals: 1}},
		}
	}
	if _, err := Dataset(sandwell(model.Ceiling)); err != nil {
		t.Errorf("under ceiling: %v", err)
	}
	_, err := Dataset(sandwell(model.HalfAwayFromZero))
	want := "burglary.yaml:30:25: Change for Sandwell is printed as 70.7 but the data give 70.635 (70.6 to 1 decimals under half-away-from-zero)\n"
	if diff := cmp.Diff(want, errLines(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestLookup(t *testing.T) {
	ds := table([]model.Value{num("58"), num("43.71")}, "", false, nil)
	ds.Total.Label = "Force" // "total" names the total row whatever its label
	tb, err := Dataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ row, col, want, err string }{
		{"SNW", "below", "20", ""},
		{"snw", "Below  establishment", "20", ""},
		{"total", "Deployable", "43.71", ""},
		{"Total", "Deployable", "43.71", ""},
		{"force", "Deployable", "43.71", ""},
		{"SWN", "dep", "", `dataset "w" has no row "SWN" (did you mean "SNW"?)`},
		{"NE", "deployed", "", `dataset "w" has no column "deployed" (did you mean "Deployable"?)`},
	} {
		c, err := tb.Lookup(tt.row, tt.col, &Suggestions{})
		got := c.Text
		if err != nil {
			got = err.Error()
		}
		if want := tt.want + tt.err; got != want {
			t.Errorf("Lookup(%q, %q) = %q, want %q", tt.row, tt.col, got, want)
		}
	}
}

// TestSuggestionsPerReader: each reader's budget of "did you mean" is its
// own, so that one pack's mistakes do not use up another's.
func TestSuggestionsPerReader(t *testing.T) {
	tb, err := Dataset(table([]model.Value{num("58"), num("43.71")}, "", false, nil))
	if err != nil {
		t.Fatal(err)
	}
	const want = `dataset "w" has no row "SWN" (did you mean "SNW"?)`
	var first Suggestions
	for i := range 60 {
		_, err := tb.Lookup("SWN", "below", &first)
		if got := err.Error(); (got == want) != (i < 50) {
			t.Fatalf("lookup %d with one reader's suggestions: %q", i+1, got)
		}
	}
	if _, err := tb.Lookup("SWN", "below", &Suggestions{}); err.Error() != want {
		t.Errorf("another reader's first lookup: %q, want %q", err, want)
	}
}

// TestFoldIsSame: the key Lookup's maps are made of agrees with same,
// which a search in order used.
func TestFoldIsSame(t *testing.T) {
	words := []string{"Coventry", "COVENTRY", " coventry ", "Cov  entry", "Cov entry", "Kelvin", "\u212aelvin",
		"ſ", "s", "S", "ǆ", "ǅ", "Ǆ", "ß", "ẞ", "ss", "Σ", "ς", "σ", "\xff", "\xfe", "", " "}
	for _, a := range words {
		for _, b := range words {
			if got, want := fold(a) == fold(b), same(a, b); got != want {
				t.Errorf("fold(%q) == fold(%q) is %v, same is %v", a, b, got, want)
			}
		}
	}
}

// TestExact: figures come from the typed decimal text, never from float64.
func TestExact(t *testing.T) {
	ds := &model.Dataset{
		ID: "e", Kind: model.KindTable, Rounding: model.HalfAwayFromZero,
		Columns: []model.Column{{ID: "a", Decimals: -1}, {ID: "b", Decimals: -1}},
		Rows: []model.Row{
			{Label: "r1", Values: []model.Value{num("0.1"), num("0.7")}},
			{Label: "r2", Values: []model.Value{num("0.2"), num("0.1")}},
		},
		Total: &model.Row{Label: "Total", Values: []model.Value{num("0.3"), num("0.8")}},
	}
	// In float64, 0.1 + 0.2 is 0.30000000000000004 and 0.7 + 0.1 is
	// 0.7999999999999999: a checked total would fail.
	if _, err := Dataset(ds); err != nil {
		t.Errorf("typed totals 0.3 and 0.8 are exact sums: %v", err)
	}
}

// same is what fold must agree with: equal labels, spacing made single and
// case folded by strings.EqualFold.
func same(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// TestLookupPeriod: a series row is named as the table shows its period;
// one named as the period is typed is told the label to write.
func TestLookupPeriod(t *testing.T) {
	dec, _ := time.Parse("2006-01", "2017-12")
	day, _ := time.Parse("2006-01-02", "2018-03-12")
	tb, err := Dataset(&model.Dataset{
		ID: "s", Path: "s.yaml", Kind: model.KindSeries, Rounding: model.HalfAwayFromZero,
		Columns: []model.Column{{ID: "cov", Label: "Coventry", Decimals: -1}},
		Rows: []model.Row{
			{Label: "December 2017", Period: dec, Values: []model.Value{num("98")}},
			{Label: "12 March 2018", Period: day, Values: []model.Value{num("7")}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ row, want string }{
		{"December 2017", "98"},
		{"2017-12", `dataset "s" names its periods as the table shows them: write "December 2017", not "2017-12"`},
		{"2018-03-12", `dataset "s" names its periods as the table shows them: write "12 March 2018", not "2018-03-12"`},
		{"2017-11", `dataset "s" has no row "2017-11"`},
	} {
		c, err := tb.Lookup(tt.row, "Coventry", &Suggestions{})
		got := c.Text
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.row, got, tt.want)
		}
	}
}

// comparison is a comparison of the shape load makes, with the two
// measures under their default headings.
func comparison(rows []model.Row, total *model.Row, independent bool) *model.Dataset {
	return &model.Dataset{
		ID: "k", Path: "k.yaml", Kind: model.KindComparison, Rounding: model.HalfAwayFromZero, RowHeader: "Area",
		Columns: []model.Column{{ID: "previous", Label: "Last year", Decimals: -1}, {ID: "current", Label: "This year", Decimals: -1}},
		Rows:    rows, Total: total, TotalIndependent: independent,
		Measures: []model.Measure{
			{ID: "change", Label: "Difference", Kind: model.Difference, A: "previous", B: "current", Decimals: 0},
			{ID: "percent_change", Label: "Change", Kind: model.PercentChange, A: "previous", B: "current", Decimals: 1},
		},
	}
}

func vals(s ...string) []model.Value {
	var out []model.Value
	for _, x := range s {
		if strings.HasPrefix(x, "[") {
			out = append(out, miss(model.Missing(x[1:2])))
		} else {
			out = append(out, num(x))
		}
	}
	return out
}

// TestGapNeverReadsAsSum: where a part is missing, what the parts leave
// of an independent whole is shown with the part's code, and a note says
// why they do not add up, so that 412 + 198 + [c] + 37 never reads as if
// it made 700. [c] wins over [x]: what the parts leave would reveal a
// figure withheld.
func TestGapNeverReadsAsSum(t *testing.T) {
	tests := []struct {
		name      string
		ds        *model.Dataset
		remainder []string // the remainder row's figures, nil for none
		label     string
		note      string
	}{
		{"withheld row, independent total",
			comparison([]model.Row{
				{Label: "A", Values: vals("412", "400")}, {Label: "B", Values: vals("198", "210")},
				{Label: "C", Values: vals("[c]", "30")}, {Label: "D", Values: vals("37", "40")},
			}, &model.Row{Label: "Force", Values: vals("700", "690")}, true),
			[]string{"[c]", "10", "[c]", "[c]"}, "Not allocated to any area",
			"The rows do not add up to the total, because a figure among them is withheld ([c]), so what they leave of it (“Not allocated to any area”) is [c] too."},
		{"withheld and unavailable rows: [c] wins",
			comparison([]model.Row{
				{Label: "A", Values: vals("[x]", "400")}, {Label: "B", Values: vals("[c]", "210")},
			}, &model.Row{Label: "Force", Values: vals("700", "610")}, true),
			[]string{"[c]", "0", "[c]", "[c]"}, "Not allocated to any area", "is withheld ([c])"},
		{"unavailable part of a row",
			comparison([]model.Row{
				{Label: "City", Values: vals("120", "100"), Parts: []model.Row{
					{Label: "City North", Values: vals("70", "[x]")}, {Label: "City South", Values: vals("48", "45")},
				}},
			}, nil, false),
			[]string{"2", "[x]", "[x]", "[x]"}, "City, not allocated to a part",
			"The parts of City do not add up to City, because a figure among them is not available ([x]), so what they leave of it (“City, not allocated to a part”) is [x] too."},
		{"a withheld total leaves nothing to explain",
			comparison([]model.Row{{Label: "A", Values: vals("[c]", "400")}},
				&model.Row{Label: "Force", Values: vals("[c]", "400")}, true),
			nil, "", ""},
		{"a checked total is the sum, withheld row and all",
			comparison([]model.Row{{Label: "A", Values: vals("[c]", "400")}, {Label: "B", Values: vals("5", "6")}},
				&model.Row{Label: "Force", Values: vals("10", "406")}, false),
			nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := Dataset(tt.ds)
			if err != nil {
				t.Fatal(err)
			}
			var rem *Row
			for i, r := range tb.Rows {
				if r.Kind == RemainderRow {
					rem = &tb.Rows[i]
				}
			}
			if tt.remainder == nil {
				if rem != nil {
					t.Errorf("remainder row %q %v, want none", rem.Label, texts(*rem))
				}
				if notes := strings.Join(tb.Notes, "\n"); strings.Contains(notes, "add up") {
					t.Errorf("notes %q, want no gap", notes)
				}
				return
			}
			if rem == nil {
				t.Fatalf("no remainder row; rows %+v", tb.Rows)
			}
			if rem.Label != tt.label {
				t.Errorf("remainder row %q, want %q", rem.Label, tt.label)
			}
			if diff := cmp.Diff(tt.remainder, texts(*rem)); diff != "" {
				t.Errorf("remainder (-want +got):\n%s", diff)
			}
			if notes := strings.Join(tb.Notes, "\n"); !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q lack %q", notes, tt.note)
			}
		})
	}
}

// TestRemainderMeasures: a remainder row's measures are computed from its
// figures like any row's: 2 → 0 is a fall of 2, −100%, not [z].
func TestRemainderMeasures(t *testing.T) {
	tb, err := Dataset(comparison([]model.Row{
		{Label: "City", Values: vals("120", "100"), Parts: []model.Row{
			{Label: "City North", Values: vals("70", "55")}, {Label: "City South", Values: vals("48", "45")},
		}},
		{Label: "Rural", Values: vals("0", "4")},
	}, &model.Row{Label: "Force", Values: vals("120", "105")}, true))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range tb.Rows {
		if r.Kind == RemainderRow {
			got = append(got, append([]string{r.Label}, texts(r)...))
		}
	}
	want := [][]string{
		{"City, not allocated to a part", "2", "0", "−2", "−100.0"},
		{"Not allocated to any area", "0", "1", "+1", "n/a"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("remainder rows (-want +got):\n%s", diff)
	}
	if notes := strings.Join(tb.Notes, "\n"); strings.Contains(notes, "[z]") {
		t.Errorf("notes %q explain a [z] that is not shown", notes)
	}
}

// TestShortfallAbove: a shortfall below zero is an excess, and reads as
// one in words ("193% above"), with a note that says what it is measured
// against; the figure keeps its sign for charts and checks. One that
// rounds to zero is 0, not "0% above".
func TestShortfallAbove(t *testing.T) {
	ds := table(nil, "", false, nil)
	ds.Rows = append(ds.Rows,
		model.Row{Label: "PSHIPS", Values: vals("2", "5.85")},
		model.Row{Label: "Just over", Values: vals("10", "10.04")})
	tb, err := Dataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range append(tb.Rows, *tb.Total) {
		got = append(got, r.Cells[2].Text)
	}
	if diff := cmp.Diff([]string{"22", "20", "35", "193% above", "0", "15"}, got); diff != "" {
		t.Errorf("shortfalls (-want +got):\n%s", diff)
	}
	c := tb.Rows[3].Cells[2]
	if !c.Above || c.Exact.Sign() >= 0 || c.Shown.Cmp(rat("-193")) != 0 {
		t.Errorf("PSHIPS: Above %v, Exact %v, Shown %v; want the signed figure kept", c.Above, c.Exact, c.Shown)
	}
	if tb.Rows[4].Cells[2].Above {
		t.Errorf("a shortfall that rounds to zero is marked above")
	}
	const note = "Below establishment: a figure marked “above” is how far Deployable is above Establishment, as a percentage of Establishment."
	if !slices.Contains(tb.Notes, note) {
		t.Errorf("notes %q lack %q", tb.Notes, note)
	}
	tb, err = Dataset(table(nil, "", false, nil))
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(tb.Notes, func(n string) bool { return strings.Contains(n, "above") }) {
		t.Errorf("no shortfall is below zero, yet the notes say %q", tb.Notes)
	}
}

// TestPrintedByHeading: printed names a measure by its id. A heading
// suggests the id of the measure it heads — "Change" is percent_change,
// not change, the difference — and the message says what each measure is.
func TestPrintedByHeading(t *testing.T) {
	printed := func(key string) *model.Dataset {
		v := num("6.3")
		v.At = model.Pos{Path: "k.yaml", Line: 8, Col: 14}
		return comparison([]model.Row{{Label: "Coventry", Values: vals("442", "470"), Printed: map[string]model.Value{key: v}}}, nil, false)
	}
	const list = `; the measures are change (headed "Difference": the difference, This year − Last year), percent_change (headed "Change": the percentage change from Last year to This year)` + "\n"
	for _, tt := range []struct{ key, want string }{
		{"Change", `k.yaml:8:14: printed: no measure "Change"; a printed figure is named by its measure's id, not its heading: write percent_change` + list},
		{"difference", `k.yaml:8:14: printed: no measure "difference"; a printed figure is named by its measure's id, not its heading: write change` + list},
		{"percent_chnage", `k.yaml:8:14: printed: no measure "percent_chnage" (did you mean "percent_change"?)` + list},
		{"percent_change", ""},
	} {
		_, err := Dataset(printed(tt.key))
		if diff := cmp.Diff(tt.want, errLines(t, err)); diff != "" {
			t.Errorf("printed: {%s: 6.3} (-want +got):\n%s", tt.key, diff)
		}
	}
}

// TestAmbiguousColumn: a name that is one column's id and another's
// heading is an error that says what each is and how to name it alone;
// in a comparison "change" is the difference's id and, letter case
// aside, the percentage change's heading.
func TestAmbiguousColumn(t *testing.T) {
	tb, err := Dataset(comparison([]model.Row{{Label: "Coventry", Values: vals("442", "822")}}, nil, false))
	if err != nil {
		t.Fatal(err)
	}
	const ambiguous = `dataset "k" has two columns that %q could name: change, headed "Difference" (the difference, This year − Last year), and percent_change, headed "Change" (the percentage change from Last year to This year); write Difference for the first or percent_change for the second`
	for _, tt := range []struct{ col, want string }{
		{"change", fmt.Sprintf(ambiguous, "change")},
		{"Change", fmt.Sprintf(ambiguous, "Change")},
		{"percent_change", "+86.0"},
		{"Difference", "+380"},
		{"This year", "822"},
		{"current", "822"},
	} {
		c, err := tb.Lookup("Coventry", tt.col, &Suggestions{})
		got := c.Text
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Lookup(Coventry, %q) = %q, want %q", tt.col, got, tt.want)
		}
	}
	// Two headings the same: each column is named by its id.
	ds := table(nil, "", false, nil)
	ds.Columns[1].Label = "Establishment"
	tb, err = Dataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tb.Lookup("NE", "establishment", &Suggestions{})
	if want := `write est for the first or dep for the second`; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("two columns headed Establishment: %v, want an error ending %q", err, want)
	}
}

// TestChartTitleQuotes: a chart's title and subtitle quote figures of
// their dataset as [[row / column]], computed as a sentence quotes them;
// a name the table lacks, a missing figure or a reference of another form
// is a mistake at the chart, which is then not drawn.
func TestChartTitleQuotes(t *testing.T) {
	ds := comparison([]model.Row{
		{Label: "Coventry", Values: vals("200", "250")},
		{Label: "Dudley", Values: vals("100", "[x]")},
	}, nil, false)
	ds.Charts = []model.Chart{
		{ID: "good", Kind: model.BarChart, Title: "Coventry rose by [[Coventry / percent_change]], to [[ coventry / This year ]]", Subtitle: "A difference of [[Coventry / Difference]]", At: model.Pos{Path: "k.yaml", Line: 5, Col: 5}},
		{ID: "bad", Kind: model.BarChart, Title: "[[Coventy / percent_change]] and [[Dudley / This year]] and [[k / Coventry / Change]]", At: model.Pos{Path: "k.yaml", Line: 9, Col: 5}},
	}
	tab, err := Dataset(ds)
	if got, want := tab.Charts[0].Title+" | "+tab.Charts[0].Subtitle, "Coventry rose by 25.0%, to 250 | A difference of 50"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if !tab.Charts[0].Valid || tab.Charts[1].Valid {
		t.Errorf("valid: %v, %v; want the good chart only", tab.Charts[0].Valid, tab.Charts[1].Valid)
	}
	got := errLines(t, err)
	for _, want := range []string{
		`k.yaml:9:5: chart "bad": [[Coventy / percent_change]]: dataset "k" has no row "Coventy"`,
		`k.yaml:9:5: chart "bad": [[Dudley / This year]]: the figure for Dudley, This year in "k" is [x], so a sentence cannot quote it`,
		`k.yaml:9:5: chart "bad": [[k / Coventry / Change]]: a chart's title quotes a figure of its own dataset as [[row / column]], such as [[Coventry / Change]]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("mistakes lack %q:\n%s", want, got)
		}
	}
}
