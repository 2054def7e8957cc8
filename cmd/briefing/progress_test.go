package main

import (
	"bytes"
	"testing"
	"time"
)

// TestPlainProgress: not on a terminal, a line at a new tenth of the
// meetings once the build has run two seconds, never two within a
// second; none at all with BRIEFING_PROGRESS=off.
func TestPlainProgress(t *testing.T) {
	t.Setenv("BRIEFING_PROGRESS", "")
	var out bytes.Buffer
	tell := newTeller(&out, false, false)
	tell.progress(1, 10) // within the first two seconds
	if out.Len() != 0 {
		t.Fatalf("said %q in a build's first two seconds", out.String())
	}
	tell.start = time.Now().Add(-3 * time.Second)
	tell.progress(3, 10)
	tell.progress(4, 10) // within a second of the last line
	if got, want := out.String(), "briefing: 3 of 10 meetings (30%), 3s\n"; got != want {
		t.Fatalf("said %q, want %q", got, want)
	}
	tell.last = time.Now().Add(-2 * time.Second)
	tell.progress(5, 10)
	if got, want := out.String(), "briefing: 3 of 10 meetings (30%), 3s\nbriefing: 5 of 10 meetings (50%), 3s\n"; got != want {
		t.Fatalf("said %q, want %q", got, want)
	}

	t.Setenv("BRIEFING_PROGRESS", "off")
	out.Reset()
	tell = newTeller(&out, false, false)
	tell.start = time.Now().Add(-3 * time.Second)
	tell.progress(5, 10)
	if out.Len() != 0 {
		t.Fatalf("said %q with BRIEFING_PROGRESS=off", out.String())
	}
}
