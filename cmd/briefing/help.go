package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// helpText is a command's help, which "briefing help NAME" and "briefing
// NAME --help" print to stdout with its flags. A command makes its flags
// with newFlags and reads its arguments with parse:
//
//	fl := newFlags("build", buildHelp, stdout, stderr)
//	source := fl.String("source", ".", "the site `folder`")
//	if ok, err := fl.parse(args); !ok {
//		return err // nil after --help
//	}
type helpText struct {
	usage    string // the usage line, such as "briefing version"
	about    string // what the command does, a few lines
	examples string // command lines, one a line, each with a # comment
}

// flagSet is a command's flags with its help.
type flagSet struct {
	*flag.FlagSet
	help   helpText
	stdout io.Writer
	rest   []string // the arguments that are not flags, in order
}

func newFlags(name string, h helpText, stdout, stderr io.Writer) *flagSet {
	fl := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), help: h, stdout: stdout}
	fl.SetOutput(stderr)
	// The flag package calls Usage for -help as for a mistake: parse
	// tells the two apart.
	fl.Usage = func() {}
	return fl
}

// usage says, after a mistake, how the command is used.
func (f *flagSet) usage() {
	fmt.Fprintf(f.Output(), "usage: %s\nRun 'briefing help %s' for its flags and examples.\n", f.help.usage, f.Name())
}

// parse reads args: flags wherever they are (until "--"), and the other
// arguments, in order, into rest. ok is false when the command is to
// stop: its help was printed (err is nil), or args hold a mistake (err
// is a usageError, and the flag package has said what it is).
func (f *flagSet) parse(args []string) (ok bool, err error) {
	for {
		err := f.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			f.printHelp()
			return false, nil
		}
		if err != nil {
			f.usage()
			return false, usageError{err.Error()}
		}
		left := f.Args()
		if len(left) == 0 {
			return true, nil
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			f.rest = append(f.rest, left...)
			return true, nil
		}
		f.rest, args = append(f.rest, left[0]), left[1:]
	}
}

// want checks that the command was given n arguments besides its flags,
// named by names for the message.
func (f *flagSet) want(names ...string) error {
	switch {
	case len(f.rest) < len(names):
		f.usage()
		return usageError{"missing " + names[len(f.rest)]}
	case len(f.rest) > len(names):
		fmt.Fprintf(f.Output(), "briefing %s: unexpected argument %q\n", f.Name(), f.rest[len(names)])
		f.usage()
		return usageError{"unexpected argument"}
	}
	return nil
}

func (f *flagSet) printHelp() {
	w := f.stdout
	fmt.Fprintf(w, "Usage:\n  %s\n\n%s\n", f.help.usage, strings.TrimSpace(f.help.about))
	first := true
	f.VisitAll(func(fl *flag.Flag) {
		if first {
			fmt.Fprint(w, "\nFlags:\n")
			first = false
		}
		name, usage := flag.UnquoteUsage(fl)
		fmt.Fprintf(w, "  --%s", fl.Name)
		if name != "" {
			fmt.Fprintf(w, " %s", name)
		}
		fmt.Fprintf(w, "\n      %s", usage)
		if fl.DefValue != "" && fl.DefValue != "false" {
			fmt.Fprintf(w, " (default %s)", fl.DefValue)
		}
		fmt.Fprintln(w)
	})
	if f.help.examples != "" {
		fmt.Fprint(w, "\nExamples:\n")
		for line := range strings.SplitSeq(strings.TrimSpace(f.help.examples), "\n") {
			fmt.Fprintf(w, "  %s\n", strings.TrimSpace(line))
		}
	}
}

var helpHelp = helpText{
	usage: "briefing help [COMMAND]",
	about: `Prints what a command does, its flags and examples; "briefing COMMAND --help"
prints the same. Without a command, lists the commands.`,
	examples: `
		briefing help build
		briefing help new meeting
		briefing new dataset --help`,
}

// help prints the help of the command args name, as "briefing COMMAND
// --help" does, or the list of commands.
func help(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("help", helpHelp, stdout, stderr)
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if len(fl.rest) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if fl.rest[0] == "help" {
		fl.printHelp()
		return nil
	}
	return run(ctx, append(fl.rest, "--help"), stdout, stderr)
}
