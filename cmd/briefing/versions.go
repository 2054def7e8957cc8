package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/site"
)

var versionsHelp = helpText{
	usage: "briefing versions [--source DIR]",
	about: `Lists every published version of every meeting (the original pack and each
supplement) with its fingerprint: once a version is published, record its
fingerprint in meeting.md, and the build refuses any later change to what
that version was made from. Writes nothing.`,
	examples: `
		briefing versions
		briefing versions --source ../council-papers`,
}

// versions lists every version of every meeting and its fingerprint: what
// an officer copies into meeting.md once a version is published. It builds
// in memory and writes nothing.
func versions(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("versions", versionsHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want(); err != nil {
		return err
	}
	root, err := openSite("versions", *source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	// The files are made, to hash them, and dropped.
	res, err := buildVersions("versions", root, *source, func(string, []byte) error { return nil }, "", stderr)
	if err != nil {
		return err
	}
	for _, p := range res.Meetings {
		for _, v := range p.Versions {
			state := "not recorded"
			switch {
			case v.Frozen:
				state = "recorded, frozen"
			case v.Recorded:
				state = "recorded, not frozen: run briefing freeze"
			}
			fmt.Fprintf(stdout, "%s %s v%d  %-16s published %s  fingerprint %s  (%s)\n",
				p.Meeting.Committee.Slug, p.Meeting.Slug(), v.Number, v.Label, v.Date.Format(time.DateOnly), v.Fingerprint, state)
		}
	}
	return nil
}

// buildVersions builds the site in root in memory, for a command that reads
// its meetings' versions, handing each file made to emit. The site's
// mistakes are printed, and what the command did not do because of them
// (undone, such as ", nothing was frozen").
func buildVersions(cmd string, root *os.Root, source string, emit func(string, []byte) error, undone string, stderr io.Writer) (*site.Result, error) {
	res, err := site.Build(root.FS(), site.Options{Defaults: briefing.Defaults, Emit: emit})
	var list diag.List
	if errors.As(err, &list) {
		printMistakes(stderr, source, list)
		say(stderr, "briefing %s: the site has %s; correct %s first%s", cmd, number.Count(len(list), "error", "errors"), itOrThem(len(list)), undone)
		return nil, err
	}
	if err != nil {
		say(stderr, "briefing %s: %s", cmd, err)
		return nil, err
	}
	return res, nil
}
