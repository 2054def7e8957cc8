package benchsite

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// datasets are what a meeting's report needs of its four datasets: their
// ids and the figures it quotes.
type datasets struct {
	monthly, areas, workforce, yearly string
	north, total                      [2]int // North's and the total's last year and this year
	strength                          int    // the workforce's total strength
}

var areaNames = []string{"North", "South", "East", "West", "Central", "Riverside", "Hillside"}

// datasets writes the meeting's four datasets, under a folder of its own.
func (m *meeting) datasets(a *Archive, t topic) datasets {
	dir := m.folder() + "/"
	d := datasets{monthly: dir + "monthly", areas: dir + "areas", workforce: dir + "workforce", yearly: dir + "yearly"}
	updated := m.date.AddDate(0, 0, -10).Format(time.DateOnly)
	head := func(b *strings.Builder, kind, title, unit string) {
		fmt.Fprintf(b, "kind: %s\ntitle: %s\nsource: %s\nupdated: %s\n", kind, quote(title), quote(t.source), updated)
		if unit != "" {
			fmt.Fprintf(b, "unit: %s\n", unit)
		}
	}
	put := func(id string, b *strings.Builder) { a.Briefing["data/datasets/"+id+".yaml"] = []byte(b.String()) }

	// A monthly series over two years, its lines for two areas, each
	// year of which adds up to the area's figures in the comparison.
	var periods []string
	start := time.Date(m.date.Year(), m.date.Month()-24, 1, 0, 0, 0, 0, time.UTC)
	for i := range 24 {
		periods = append(periods, quote(start.AddDate(0, i, 0).Format("2006-01")))
	}
	var b strings.Builder
	head(&b, "series", fmt.Sprintf("%s each month, %s to %s", t.measure, start.Format("January 2006"), start.AddDate(0, 23, 0).Format("January 2006")), t.unit)
	fmt.Fprintf(&b, "better: down\nrow_header: Month\nperiods: [%s]\nlines:\n", strings.Join(periods, ", "))
	sums := map[string][2]int{}
	for _, area := range areaNames[:2] {
		values := m.monthly()
		var sum [2]int
		for i, v := range values {
			sum[i/12] += v
		}
		sums[area] = sum
		fmt.Fprintf(&b, "  - id: %s\n    label: %s\n    values: [%s]\n", slug(area), area, join(values))
	}
	b.WriteString("agrees_with:\n")
	for _, area := range areaNames[:2] {
		fmt.Fprintf(&b, "  - dataset: %s\n    row: %s\n    line: %s\n    previous: [%s, %s]\n    current: [%s, %s]\n",
			d.areas, area, slug(area), periods[0], periods[11], periods[12], periods[23])
	}
	b.WriteString("charts:\n")
	for _, area := range areaNames[:2] {
		fmt.Fprintf(&b, "  - id: %s\n    kind: line\n    title: %s\n    subtitle: %s\n    lines: [%s]\n    mark: {from: %s, to: %s, label: This year}\n",
			slug(area), quote(fmt.Sprintf("%s in %s over two years", t.measure, area)),
			quote(fmt.Sprintf("%s each month, %s area", t.measure, area)), slug(area), periods[12], periods[23])
	}
	put(d.monthly, &b)

	// The comparison: this year against last, by area, with its total.
	b.Reset()
	head(&b, "comparison", t.measure+": this year against last, by area", t.unit)
	b.WriteString("better: down\nrow_header: Area\nperiods: [Last year, This year]\nrows:\n")
	for _, area := range areaNames {
		v, ok := sums[area]
		if !ok {
			v = [2]int{300 + m.rnd.IntN(2700), 300 + m.rnd.IntN(2700)}
		}
		d.total[0] += v[0]
		d.total[1] += v[1]
		fmt.Fprintf(&b, "  - label: %s\n    values: [%d, %d]\n", area, v[0], v[1])
	}
	d.north = sums["North"]
	fmt.Fprintf(&b, "total:\n  label: All areas\n  values: [%d, %d]\n", d.total[0], d.total[1])
	b.WriteString("change: {label: Difference, decimals: 0}\npercent_change: {label: Change, decimals: 1}\n")
	fmt.Fprintf(&b, "charts:\n  - id: areas\n    kind: bars\n    horizontal: true\n    title: %s\n    subtitle: %s\n",
		quote(t.measure+" by area, this year and last"), quote(t.measure+", last year and this year, by area"))
	put(d.areas, &b)

	// The workforce by team, with the share below establishment.
	b.Reset()
	head(&b, "table", t.service+" staff by team", "staff, full-time equivalent")
	b.WriteString("row_header: Team\ncolumns:\n  - {id: establishment, label: Establishment, decimals: 0}\n  - {id: strength, label: Strength, decimals: 0}\n  - {id: deployable, label: Deployable, decimals: 0}\nrows:\n")
	var total [3]int
	for _, team := range areaNames[:6] {
		est := 5 + m.rnd.IntN(40)
		str := est - m.rnd.IntN(est/4+1)
		dep := str - m.rnd.IntN(str/5+1)
		for i, v := range []int{est, str, dep} {
			total[i] += v
		}
		fmt.Fprintf(&b, "  - {label: %s, values: [%d, %d, %d]}\n", team, est, str, dep)
	}
	d.strength = total[1]
	fmt.Fprintf(&b, "total:\n  label: Total\n  values: [%d, %d, %d]\n", total[0], total[1], total[2])
	b.WriteString("measures:\n  - {id: below, label: Below establishment, shortfall: [deployable, establishment], decimals: 0}\n")
	fmt.Fprintf(&b, "charts:\n  - id: teams\n    kind: bars\n    title: %s\n    subtitle: %s\n",
		quote("Every team works below its establishment"), quote(t.service+" staff by team, full-time equivalent"))
	put(d.workforce, &b)

	// Six years of establishment and strength.
	b.Reset()
	head(&b, "series", t.service+" establishment and strength over six years", "staff, full-time equivalent")
	var years []string
	for y := m.date.Year() - 6; y < m.date.Year(); y++ {
		years = append(years, quote(fmt.Sprint(y)))
	}
	fmt.Fprintf(&b, "row_header: Year\nperiods: [%s]\nlines:\n", strings.Join(years, ", "))
	est := 80 + m.rnd.Float64()*60
	var ests, strs []string
	for range years {
		est -= m.rnd.Float64() * 4
		ests = append(ests, fmt.Sprintf("%.1f", est))
		strs = append(strs, fmt.Sprintf("%.1f", est*(0.85+m.rnd.Float64()*0.12)))
	}
	fmt.Fprintf(&b, "  - {id: establishment, label: Establishment, decimals: 1, values: [%s]}\n", strings.Join(ests, ", "))
	fmt.Fprintf(&b, "  - {id: strength, label: Strength, decimals: 1, values: [%s]}\n", strings.Join(strs, ", "))
	b.WriteString("measures:\n  - {id: vacancy, label: Vacancy factor, shortfall: [strength, establishment], decimals: 0}\n")
	fmt.Fprintf(&b, "charts:\n  - id: both\n    kind: line\n    title: %s\n    subtitle: %s\n  - id: strength\n    kind: line\n    title: %s\n    subtitle: %s\n    lines: [strength]\n",
		quote("Strength has followed establishment down"), quote(t.service+" establishment and strength, full-time equivalent, each year"),
		quote("Strength has fallen every year"), quote(t.service+" strength, full-time equivalent, each year"))
	put(d.yearly, &b)
	return d
}

// monthly makes 24 months of a count: a seasonal swing, and a change
// between the two years.
func (m *meeting) monthly() []int {
	base := 80 + m.rnd.Float64()*170
	growth := 0.85 + m.rnd.Float64()*0.5
	values := make([]int, 24)
	for i := range values {
		v := base * (1 + 0.15*math.Sin(2*math.Pi*float64(i)/12))
		if i >= 12 {
			v *= growth
		}
		values[i] = max(0, int(v)+m.rnd.IntN(21)-10)
	}
	return values
}

func join(values []int) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ", ")
}
