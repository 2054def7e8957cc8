// Command briefing builds committee briefing packs from a site folder of
// YAML data and markdown commentary.
//
// Usage:
//
//	briefing build [--source DIR] [--out DIR] [--drafts] [--no-cache] [--only COMMITTEE/DATE] [--quiet | --verbose]
//	briefing check [--source DIR] [--drafts] [--strict]
//	briefing help [COMMAND]     (every command, and each one's flags)
//
// Exit codes: 0 success, 1 the site has mistakes (each printed as
// path:line:col: message) or the build failed, 2 usage error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	// The first Ctrl-C lets a build finish what it is doing and leave the
	// output as it was; a second one stops the program at once, which
	// leaves the output whole too (see package write).
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}

// usageError is a mistake in the command line rather than in the site.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `Usage:
  briefing build [--source DIR] [--out DIR] [--drafts] [--no-cache] [--only COMMITTEE/DATE] [--quiet | --verbose]
  briefing check [--source DIR] [--drafts] [--strict]
  briefing versions [--source DIR]
  briefing freeze [--source DIR]
  briefing new site DIR
  briefing new meeting COMMITTEE DATE [--source DIR]
  briefing new item COMMITTEE/DATE TITLE [--source DIR]
  briefing new dataset KIND ID [--source DIR]
  briefing new supplement COMMITTEE/DATE [--date yyyy-mm-dd] [--source DIR]
  briefing new minutes COMMITTEE/DATE [--date yyyy-mm-dd] [--source DIR]
  briefing version
  briefing help [COMMAND]
  briefing import FILE --kind comparison|series|table [--sheet NAME] [--range A1:F20] [--header N] [--out FILE]
  briefing serve [--source DIR] [--port 1313] [--bind 127.0.0.1]

Builds one self-contained HTML pack per meeting, a page per committee and an
archive index from the site in --source (default: the current folder) into
--out (default: public inside the source folder). Each meeting's rendered
files are kept in .briefing-cache inside the source folder, safe to delete,
so that the next build renders only what changed; --no-cache renders all.

Commands:
  build      build the site
  check      check the site as build does, writing nothing; --strict
             makes warnings errors
  versions   list every published version of every meeting, with the
             fingerprint to record in meeting.md once it is published
  freeze     keep the page of each version whose fingerprint is recorded
             in published/, served unchanged by every build after
  new        start a site, a meeting, an agenda item or a dataset from a
             commented template
  import     write a dataset's YAML from a spreadsheet (.xlsx or .csv)
  serve      preview the site with its drafts at http://127.0.0.1:1313/,
             built again and reloaded each time a file is saved
  version    print Briefing's version and the commit it was built from
  help       show this help, or a command's: its flags and examples
             (as "briefing COMMAND --help" does)
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "build":
		return build(ctx, args[1:], stdout, stderr)
	case "check":
		return check(ctx, args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "versions":
		return versions(args[1:], stdout, stderr)
	case "freeze":
		return freeze(args[1:], stdout, stderr)
	case "import":
		return importSheet(args[1:], stdout, stderr)
	case "new":
		return newFile(args[1:], stdout, stderr)
	case "version":
		return version(args[1:], stdout, stderr)
	case "help":
		return help(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "briefing: unknown command %q\n\n%s", args[0], usage)
	return usageError{"unknown command " + args[0]}
}
