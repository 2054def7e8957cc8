package compute

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/briefing/briefing/internal/model"
)

// ErrBroken is Quote's error for a figure whose own mistake is reported
// already: nothing more is said of it.
var ErrBroken = errors.New("the figure has a mistake of its own")

// Quote is the figure at a row and a column as a sentence quotes it: the
// table's text without a rise's "+" (the sentence says the direction in
// words), with "%" or " percentage points" after it. A missing figure
// cannot be quoted, nor a shortfall below zero, which a sentence would
// read the wrong way round.
func (t *Table) Quote(row, column string, s *Suggestions) (string, error) {
	id := t.Dataset.ID
	cell, col, err := t.LookupColumn(row, column, s)
	if err != nil {
		return "", err
	}
	if cell.Missing == Broken {
		return "", ErrBroken
	}
	if cell.Missing != "" {
		return "", fmt.Errorf("the figure for %s, %s in %q is %s, so a sentence cannot quote it", row, col.Label, id, cell.Text)
	}
	if cell.Above {
		return "", fmt.Errorf("the figure for %s, %s in %q is below zero, shown as %q (%s is %s), so a sentence that quotes it as a shortfall would say the opposite; say it in words, or quote the figures it is computed from",
			row, col.Label, id, cell.Text, col.Label, col.About)
	}
	text := strings.TrimPrefix(cell.Text, "+")
	switch {
	case col.Points:
		text += " percentage points"
	case col.Percent:
		text += "%"
	}
	return text, nil
}

// titleRef is a figure quoted in a chart's title or subtitle: [[row /
// column]] of the chart's own dataset.
var titleRef = regexp.MustCompile(`\[\[([^\[\]]*)\]\]`)

// titles puts the figures a chart's title and subtitle quote in them, so
// that a headline's figures are computed, never typed: "Total recorded
// crime rose most in Walsall, by [[Walsall / Change]]" reads "… by 19.4%".
func (c *computer) titles() {
	for i := range c.t.Charts {
		ch := &c.t.Charts[i]
		for _, text := range []*string{&ch.Title, &ch.Subtitle} {
			*text = c.quoteIn(ch, *text)
		}
	}
}

// quoteIn is text with each [[row / column]] replaced by its figure, or
// reported at the chart.
func (c *computer) quoteIn(ch *Chart, text string) string {
	if !strings.Contains(text, "[[") {
		return text
	}
	return titleRef.ReplaceAllStringFunc(text, func(ref string) string {
		fail := func(format string, args ...any) string {
			c.fail(ch.At, "chart %q: %s: "+format, append([]any{ch.ID, strings.TrimSpace(ref)}, args...)...)
			ch.Valid = false
			return ref
		}
		if c.ds.Kind == model.KindList || c.ds.Kind == model.KindLost {
			return fail("a %s dataset has no figures to quote; write the title in words", c.ds.Kind)
		}
		parts := strings.Split(ref[2:len(ref)-2], "/")
		if len(parts) != 2 {
			return fail("a chart's title quotes a figure of its own dataset as [[row / column]], such as [[Coventry / Change]]")
		}
		q, err := c.t.Quote(strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), &Suggestions{})
		switch {
		case errors.Is(err, ErrBroken):
			ch.Valid = false
			return ref
		case err != nil:
			return fail("%v", err)
		}
		return q
	})
}
