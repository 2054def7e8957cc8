package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/render"
)

var checkHelp = helpText{
	usage: "briefing check [--source DIR] [--drafts] [--strict]",
	about: `Checks the site as build does, every file loaded, every figure computed,
every page made and held to the page checks, and writes nothing: no output
folder, nothing into the cache (meetings the cache holds are taken from it,
checked when they were made). Prints the site's errors and warnings and a
line saying how it went. Exit status 0 when there are no errors (warnings
or not), 1 when there are, or with --strict when there are warnings.`,
	examples: `
		briefing check
		briefing check --drafts
		briefing check --strict      # before publishing: warnings count as errors`,
}

func check(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("check", checkHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	drafts := fl.Bool("drafts", false, "check meetings whose status is draft too")
	strict := fl.Bool("strict", false, "count warnings as errors (exit status 1)")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want(); err != nil {
		return err
	}
	if info, err := os.Stat(*source); err != nil || !info.IsDir() {
		say(stderr, "briefing check: source folder %s not found", *source)
		return usageError{"source folder not found"}
	}
	b, err := buildSite(ctx, buildConfig{Source: *source, Drafts: *drafts, Check: true}, stderr)
	var list diag.List
	switch {
	case errors.Is(err, render.ErrStopped):
		say(stderr, "briefing check: interrupted")
		return err
	case errors.As(err, &list):
		printMistakes(stderr, *source, list)
		say(stderr, "briefing check: %s", number.Count(len(list), "error", "errors"))
		return err
	case err != nil:
		say(stderr, "briefing check: %s", err)
		return err
	}
	printMistakes(stderr, *source, b.Warnings)
	n := len(b.Warnings)
	result := fmt.Sprintf("%s, %s and %s checked, in %s", number.Count(b.Meetings, "meeting", "meetings"),
		number.Count(b.Packs, "pack", "packs"), number.Count(b.Files-b.Packs-b.Meetings, "archive file", "archive files"), b.Took.Round(time.Millisecond))
	switch {
	case n == 0:
		fmt.Fprintf(stdout, "No errors: %s.\n", result)
		return nil
	case *strict:
		say(stderr, "briefing check: %s, which --strict counts as errors: %s", number.Count(n, "warning", "warnings"), result)
		return errStrict
	}
	fmt.Fprintf(stdout, "No errors, %s: %s.\n", number.Count(n, "warning", "warnings"), result)
	return nil
}

// errStrict is check --strict or build --strict failing over warnings,
// which it has printed.
var errStrict = errors.New("warnings with --strict")
