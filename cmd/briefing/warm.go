package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/briefing/briefing/internal/cache"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/jsonstream"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/sources"
	"github.com/briefing/briefing/internal/write"
)

// record is what a build leaves in the cache about itself, for the next
// build into the same folder with the same program and options: the
// site's files it read (sources.Index), the output it swapped in
// (write.Manifest), its datasets, and the figures it printed. With it, a
// build whose sources are unchanged and whose output is as it left it has
// nothing to do; and a build that has work to do reads and checks only
// the datasets that changed, and links every file that it would write
// with the same bytes from the output in place.
type record struct {
	Meetings, Files int
	Bytes           int64
	Sources         *sources.Index
	Output          *write.Manifest
	// Datasets are the site's datasets as the build found them, without
	// a mistake, and Docs its documents' SHA-256: the next build keeps
	// those whose files are unchanged rather than read and check them
	// again (site.Options.Checked).
	Datasets map[string]*model.DatasetFile
	Docs     map[string]string
	// What the build's packs told (site.Result), for a build that has
	// nothing to do to tell again; and each meeting's, for build --only.
	Packs, Figures, Tables int
	Warnings               diag.List
	ByMeeting              map[string]*keptMeeting
	// Partial says that build --only kept some meetings as an earlier
	// build made them, whatever their sources say now: the output is not
	// what a full build of the same sources makes.
	Partial bool
}

// recordKey is the cache key of the record of builds into out (an
// absolute path) by the program version with the option drafts.
func recordKey(version string, drafts bool, out string) string {
	return fmt.Sprintf("%x", sha256.Sum256(fmt.Appendf(nil, "briefing build record\n%q\n%t\n%q\n", version, drafts, out)))
}

// readRecord returns the record stored under key, or nil. Like every
// entry, it is signed: one planted in the site cannot vouch for a
// tampered output.
func readRecord(c *cache.Cache, key string) *record {
	blobs, ok := c.Get(key)
	if !ok || len(blobs) != 1 {
		return nil
	}
	var r record
	if json.Unmarshal(blobs[0], &r) != nil || r.Sources == nil || r.Output == nil {
		return nil
	}
	return &r
}

// storeRecord stores r under key, written into the cache a piece at a
// time (writeRecord): at 5,000 meetings the record is 20 MB of JSON,
// which marshalled whole, and then copied into the entry, was most of the
// build's peak memory.
func storeRecord(c *cache.Cache, key string, r *record) {
	c.PutFunc(key, func(w io.Writer) error { return writeRecord(w, r) })
}

// writeRecord writes r as json.Marshal writes it (TestWriteRecord holds
// the two together), its maps an entry at a time.
func writeRecord(out io.Writer, r *record) error {
	w := jsonstream.New(out, "")
	w.Open('{')
	w.Field("Meetings", r.Meetings)
	w.Field("Files", r.Files)
	w.Field("Bytes", r.Bytes)
	w.Key("Sources")
	if ix := r.Sources; ix == nil {
		w.Value(nil)
	} else {
		w.Open('{')
		w.Field("Stamp", ix.Stamp)
		w.Key("Files")
		jsonstream.Map(w, ix.Files)
		w.Key("Lists")
		jsonstream.Map(w, ix.Lists)
		w.Close('}')
	}
	w.Key("Output")
	if m := r.Output; m == nil {
		w.Value(nil)
	} else {
		w.Open('{')
		w.Field("Stamp", m.Stamp)
		w.Field("Top", m.Top)
		w.Key("Files")
		jsonstream.Map(w, m.Files)
		w.Key("Folders")
		jsonstream.Map(w, m.Folders)
		w.Close('}')
	}
	w.Key("Datasets")
	jsonstream.Map(w, r.Datasets)
	w.Key("Docs")
	jsonstream.Map(w, r.Docs)
	w.Field("Packs", r.Packs)
	w.Field("Figures", r.Figures)
	w.Field("Tables", r.Tables)
	w.Field("Warnings", r.Warnings)
	w.Key("ByMeeting")
	jsonstream.Map(w, r.ByMeeting)
	w.Field("Partial", r.Partial)
	w.Close('}')
	return w.Flush()
}

// unchanged reports whether the build recorded in r would be made again,
// byte for byte, and is still in out, whole: every source it read has
// the same ID and every output file too (see packages sources and write).
func (r *record) unchanged(root *os.Root, out string) bool {
	return r != nil && !r.Partial && r.Sources.Unchanged(root) && write.Verify(out, r.Output)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
