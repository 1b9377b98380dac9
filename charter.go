// Package charter holds the defaults embedded in the charter binary: the
// layouts, assets and locales that every site gets and may override file
// by file. The code lives in cmd/charter and internal/.
package charter

import "embed"

// Defaults is the embedded layouts/, assets/ and locales/ folders.
//
//go:embed all:layouts all:assets all:locales
var Defaults embed.FS
