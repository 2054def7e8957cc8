package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

var versionHelp = helpText{
	usage: "briefing version",
	about: `Prints the version of Briefing: the module's version ("(devel)" for a build
from a checkout), the commit it was built from, that commit's time, and
whether the checkout had changes not committed ("unknown" where the build
did not record them, as with "go run"), and the Go version.`,
	examples: `
		briefing version`,
}

func version(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("version", versionHelp, stdout, stderr)
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want(); err != nil {
		return err
	}
	info, ok := debug.ReadBuildInfo()
	v := buildVersion(info, ok)
	fmt.Fprintf(stdout, "briefing %s\n  revision  %s\n  time      %s\n  modified  %s\n  go        %s\n",
		v.module, v.revision, v.time, v.modified, runtime.Version())
	return nil
}

// builtFrom is what the build info says of the program, "unknown" for
// what it does not say.
type builtFrom struct{ module, revision, time, modified string }

func buildVersion(info *debug.BuildInfo, ok bool) builtFrom {
	v := builtFrom{module: "(devel)", revision: "unknown", time: "unknown", modified: "unknown"}
	if !ok {
		return v
	}
	if info.Main.Version != "" {
		v.module = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.revision = s.Value
		case "vcs.time":
			v.time = s.Value
		case "vcs.modified":
			v.modified = s.Value
			if s.Value == "true" {
				v.modified = "true: the checkout had changes not committed"
			}
		}
	}
	return v
}
