// Package charter holds the defaults embedded in the charter binary: the
// layouts, assets and locales that every site gets and may override file
// by file. The code lives in cmd/charter and internal/.
package charter

import "embed"

// Defaults is the embedded layouts/, assets/ and locales/ folders, less
// the example site's own static files: assets/static/demo-analytics.js is
// the Acme24 demo's gated script, which a new site must not publish.
//
//go:embed all:layouts assets/*.ts assets/*.css all:assets/form assets/static/favicon.svg all:locales
var Defaults embed.FS
