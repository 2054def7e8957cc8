package main

import (
	"encoding/hex"

	"github.com/briefing/briefing/internal/cache"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/write"
)

// outputCache is the cache of rendered meetings joined to the output the
// build replaces (render.Linker): a meeting found in the cache whose
// every file the output holds unchanged, as the previous build recorded
// it, has those files linked from there, and its entry's files are not
// read, only its signed sums. A file not there to link is read from the
// entry, every byte checked, as without the output.
type outputCache struct {
	*cache.Cache
	out   string
	prev  *write.Manifest
	stage func() (*write.Staging, error) // the build's staging folder, begun at the first file
}

func (c *outputCache) Sums(key string) ([]byte, []render.Sum, bool) {
	first, sums, ok := c.Cache.Sums(key)
	files := make([]render.Sum, len(sums))
	for i, s := range sums {
		files[i] = render.Sum(s)
	}
	return first, files, ok
}

func (c *outputCache) Has(path string, s render.Sum) bool {
	return c.prev.Has(c.out, path, hex.EncodeToString(s.SHA256[:]), int64(s.Len))
}

// Link's failure to begin the staging folder or to make a folder is
// Emit's to report: Emit is given the file's bytes next, and fails the
// same way.
func (c *outputCache) Link(path string, s render.Sum) bool {
	stage, err := c.stage()
	if err != nil {
		return false
	}
	linked, _ := stage.Link(path, hex.EncodeToString(s.SHA256[:]), int64(s.Len))
	return linked
}
