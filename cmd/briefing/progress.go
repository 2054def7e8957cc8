package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
)

// teller tells, on stderr, how a build is going. On a terminal it draws a
// progress bar of the meetings done, cleared when the build ends. Not on
// a terminal (a log, CI) it writes a plain line at each tenth of the
// meetings, but none in a build's first plainAfter, and never two
// within plainEvery: a build of a few seconds says nothing, one of
// minutes says at most ten lines. With --verbose it writes instead a
// line for each meeting, and how it was had; with --quiet nothing.
type teller struct {
	w              io.Writer
	quiet, verbose bool
	terminal       bool
	bar            *progressbar.ProgressBar
	start, last    time.Time
	tenth          int // the last tenth written, plain
}

// The plain lines' pace (see teller).
const (
	plainAfter = 2 * time.Second
	plainEvery = time.Second
)

func newTeller(w io.Writer, quiet, verbose bool) *teller {
	t := &teller{w: w, quiet: quiet, verbose: verbose, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		t.terminal = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	// A script that compares what a build says (the tests do) turns the
	// progress off: plain lines come only when a build is slow, so they
	// would make its output depend on the machine's speed.
	if os.Getenv("BRIEFING_PROGRESS") == "off" && !verbose {
		t.quiet = true
	}
	return t
}

// progress is buildConfig.Progress.
func (t *teller) progress(done, total int) {
	switch {
	case t.quiet || t.verbose:
	case t.terminal:
		if t.bar == nil {
			t.bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(t.w),
				progressbar.OptionSetDescription("Building"),
				progressbar.OptionSetItsString("meetings"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		_ = t.bar.Set(done) // a terminal that cannot be written to is no failure
	default:
		now := time.Now()
		tenth := done * 10 / max(total, 1)
		if tenth > t.tenth && now.Sub(t.start) >= plainAfter && now.Sub(t.last) >= plainEvery {
			t.tenth, t.last = tenth, now
			fmt.Fprintf(t.w, "briefing: %d of %d meetings (%d%%), %s\n", done, total, done*100/max(total, 1), now.Sub(t.start).Round(time.Second))
		}
	}
}

// each is buildConfig.Each.
func (t *teller) each(m *model.Meeting, how render.How) {
	if t.verbose {
		say(t.w, "%s: %s", site.Name(m), how)
	}
}

// done ends the telling: the bar is cleared.
func (t *teller) done() {
	if t.bar != nil {
		_ = t.bar.Clear()
		t.bar = nil
	}
}
