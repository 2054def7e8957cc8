// Package briefing holds the default layouts and static files, embedded so
// that the binary can build a site that has no layouts/ or static/ of its
// own. The repository root is also the example site, so these are the very
// files the example uses.
package briefing

import "embed"

// Defaults holds layouts/ and static/.
//
//go:embed layouts static
var Defaults embed.FS
