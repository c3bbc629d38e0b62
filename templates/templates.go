// Package templates embeds the default theme's html/template files, so the
// binary renders a portal with no files beside it. A portal operator
// overrides any of them by placing a file of the same name in the site's
// templates/ directory (see internal/render).
package templates

import "embed"

// FS holds layout.html, one file per page type and partials/*.html.
//
//go:embed *.html partials/*.html
var FS embed.FS
