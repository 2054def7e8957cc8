package main

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
)

var freezeHelp = helpText{
	usage: "briefing freeze [--source DIR]",
	about: `Keeps the page of every version whose fingerprint is recorded, as the build
makes it now, in the site's published/ folder (published/COMMITTEE/DATE/vN/
index.html), once: from then on every build serves that file in place of
the page it makes, so that a later change of layout or stylesheet does not
change what members received. It prints each page's SHA-256, to record in
meeting.md under the fingerprint (sha256: …). A page already frozen is left
as it is. Run it straight after recording a fingerprint, before the layouts
or the stylesheet change, and commit published/ with the content.`,
	examples: `
		briefing freeze
		briefing freeze --source ../council-papers`,
}

// freeze writes into the site's published/ folder the page of each
// version whose fingerprint is recorded and which has none there yet.
func freeze(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("freeze", freezeHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want(); err != nil {
		return err
	}
	root, err := openSite("freeze", *source, stderr)
	if err != nil {
		return err
	}
	defer root.Close()
	// Only the versions' own pages are kept, to freeze those not yet.
	pages := map[string][]byte{}
	keep := func(name string, data []byte) error {
		if strings.HasSuffix(name, "/index.html") && strings.HasPrefix(path.Base(path.Dir(name)), "v") {
			pages[name] = data
		}
		return nil
	}
	res, err := buildVersions("freeze", root, *source, keep, ", nothing was frozen", stderr)
	if err != nil {
		return err
	}
	froze, unrecorded := 0, 0
	for _, p := range res.Meetings {
		for _, v := range p.Versions {
			switch {
			case v.Frozen:
				continue
			case !v.Recorded:
				unrecorded++
				continue
			}
			name := model.FrozenPath(p.Meeting, v.Number)
			if err := create(root, name, pages[v.Path]); err != nil {
				say(stderr, "briefing freeze: %s", err)
				return err
			}
			froze++
			// The line as it goes in meeting.md: at the left edge for
			// the original pack, indented as a supplement's keys are.
			indent := ""
			if v.Number > 1 {
				indent = "    "
			}
			fmt.Fprintf(stdout, "Froze %s %s v%d (%s) in %s; record its SHA-256 in content/%s/%s/meeting.md, on the line after the version's fingerprint, at the same indent:\n%ssha256: %s\n",
				p.Meeting.Committee.Slug, p.Meeting.Slug(), v.Number, strings.ToLower(v.Label), name, p.Meeting.Committee.Slug, p.Meeting.Slug(), indent, v.SHA256)
		}
	}
	if froze == 0 {
		fmt.Fprintf(stdout, "Nothing to freeze: every version whose fingerprint is recorded is frozen already")
		if unrecorded > 0 {
			fmt.Fprintf(stdout, " (%s not recorded yet: see briefing versions)", number.Count(unrecorded, "version", "versions"))
		}
		fmt.Fprintln(stdout, ".")
	}
	return nil
}
