package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/write"
)

// keptMeeting is what a build records of each meeting, for a later
// build --only to keep it as it was: its versions, its files in the
// order they were made, and what its packs told.
type keptMeeting struct {
	Versions []render.Version
	Paths    []string
	Notes    render.Notes
}

// keeper keeps, for build --only, every meeting but the one named as the
// previous build left it: each file is linked from the output, as the
// previous build's record gives its sum, or else read from there and
// checked against that sum. A meeting the previous build did not have is
// rendered, there being nothing to keep.
type keeper struct {
	out   string
	prev  *record
	stage func() (*write.Staging, error)

	n    atomic.Int64 // meetings kept
	once sync.Once
	err  error // the first file that could not be kept
}

func (k *keeper) keep(name string) (*render.Kept, error) {
	m, ok := k.prev.ByMeeting[name]
	if !ok {
		return nil, nil
	}
	kept := &render.Kept{Versions: m.Versions, Notes: m.Notes}
	for _, path := range m.Paths {
		f, err := k.file(path)
		if err != nil {
			k.once.Do(func() { k.err = err })
			return nil, err
		}
		kept.Files = append(kept.Files, f)
	}
	k.n.Add(1)
	return kept, nil
}

// file keeps one file of the previous output.
func (k *keeper) file(path string) (render.KeptFile, error) {
	changed := fmt.Errorf("%s is not as the previous build left it; run a full build (briefing build)", filepath.Join(k.out, filepath.FromSlash(path)))
	rec, ok := k.prev.Output.Files[path]
	sum, err := hex.DecodeString(rec.Sum)
	if !ok || err != nil || len(sum) != sha256.Size {
		return render.KeptFile{}, changed
	}
	f := render.KeptFile{Path: path, Sum: render.Sum{Len: int(rec.ID.Size)}}
	copy(f.Sum.SHA256[:], sum)
	stage, err := k.stage()
	if err != nil {
		return render.KeptFile{}, err
	}
	if linked, _ := stage.Link(path, rec.Sum, rec.ID.Size); linked {
		return f, nil
	}
	// A file system without hard links, or a file touched since: the
	// bytes, if they are still the ones recorded.
	data, err := os.ReadFile(filepath.Join(k.out, filepath.FromSlash(path)))
	if err != nil || sha256.Sum256(data) != f.Sum.SHA256 {
		return render.KeptFile{}, changed
	}
	f.Data = data
	return f, nil
}
