// Command charter builds multilingual, multi-regional legal sites.
//
//	charter build   [--site DIR] [--out DIR] [--region ID]... [--set KEY=VALUE]...
//	charter serve   [--site DIR] [--addr 127.0.0.1:1313] [--set KEY=VALUE]...
//	charter regions [--site DIR] [--json]
//	charter init    DIR
//	charter version
package main

import (
	"os"

	"github.com/charter-ssg/charter/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
