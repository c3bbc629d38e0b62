// Package assets embeds the default theme's stylesheets and scripts. The
// build minifies and fingerprints them; a site's own assets/ directory
// overrides files of the same name.
package assets

import "embed"

// FS holds css/*.css and js/*.js.
//
//go:embed css js
var FS embed.FS
