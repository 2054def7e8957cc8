package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
)

const importUsage = `Usage:
  briefing import FILE --kind comparison|series|table [--sheet NAME] [--range A1:F20] [--header N] [--out FILE]

Reads the figures of a spreadsheet (an Excel workbook, .xlsx, or a CSV
file) and writes a dataset's YAML with them inline, to standard output or
to --out, which must not exist yet. The figures are read by the rules a
dataset that names the spreadsheet follows (README, "Figures from a
spreadsheet"): the range's first row heads the columns, its first column
holds the labels. The title, source and "data updated" date are left as
lines to fill in.

Flags:
  --kind KIND     comparison (labels, then two periods), series (periods
                  down the first column, a line per column) or table
  --sheet NAME    the workbook's sheet (required for .xlsx; none for .csv)
  --range A1:F20  the cells of the table, headings and labels included
                  (default: every used cell)
  --header N      rows of headings at the top of the range, 1 to 3 (default 1)
  --out FILE      write the YAML to FILE instead of standard output

Examples:
  briefing import robbery.xlsx --kind comparison --sheet Sheet1 --range A3:C12
  briefing import staff.csv --kind table --out data/datasets/2018/staff.yaml
`

// importSheet is the import command: a dataset's YAML from a spreadsheet.
func importSheet(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("import", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	kind := fl.String("kind", "", "")
	sheet := fl.String("sheet", "", "")
	rng := fl.String("range", "", "")
	header := fl.Int("header", 1, "")
	out := fl.String("out", "", "")
	usage := func(format string, a ...any) error {
		msg := fmt.Sprintf(format, a...)
		say(stderr, "briefing import: %s", msg)
		fmt.Fprint(stderr, "\n"+importUsage)
		return usageError{msg}
	}
	// The file may come before the flags or after them.
	var files []string
	for {
		if err := fl.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, importUsage)
				return nil
			}
			return usage("%v", err)
		}
		if fl.NArg() == 0 {
			break
		}
		files = append(files, fl.Arg(0))
		args = fl.Args()[1:]
	}
	switch {
	case len(files) != 1:
		return usage("name one spreadsheet to import")
	case !load.IsImportKind(*kind):
		return usage("--kind %q: give the kind of dataset, %s", *kind, load.ImportKindNames())
	case *header < 1 || *header > 3:
		return usage("--header %d: a range has 1, 2 or 3 rows of headings", *header)
	}
	if *rng != "" {
		if err := load.CheckRange(*rng); err != nil {
			return usage("--range: %v", err)
		}
	}
	file := files[0]
	root, err := os.OpenRoot(filepath.Dir(file))
	if err != nil {
		say(stderr, "briefing import: %s", err)
		return err
	}
	defer root.Close()
	data, err := load.Import(root.FS(), filepath.Base(file), load.ImportOptions{
		Kind: model.Kind(*kind), Sheet: *sheet, Range: *rng, Header: *header, Shown: filepath.ToSlash(file),
	})
	var list diag.List
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(stderr, e.Error())
		}
		say(stderr, "briefing import: %s; nothing was written", number.Count(len(list), "error", "errors"))
		return err
	}
	if err != nil {
		say(stderr, "briefing import: %s", err)
		return err
	}
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		say(stderr, "briefing import: %s exists; Briefing does not overwrite a file, so name another or remove it", *out)
		return err
	}
	if err != nil {
		say(stderr, "briefing import: %s", err)
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(*out)
		say(stderr, "briefing import: %s", err)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(*out)
		say(stderr, "briefing import: %s", err)
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s: fill in its title, source and updated date.\n", diag.Printable(*out))
	return nil
}
