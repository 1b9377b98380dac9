// Command benchsite writes the benchmark site for charter and for Hugo:
//
//	go run ./internal/benchsite/cmd/benchsite -charter DIR -hugo DIR [-pages 100]
//
// scripts/bench-hugo uses it to time both tools on the same pages.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/charter-ssg/charter/internal/benchsite"
)

func main() {
	charterDir := flag.String("charter", "", "write the charter site into this folder")
	hugoDir := flag.String("hugo", "", "write the same site for Hugo into this folder")
	pages := flag.Int("pages", 100, "pages per language (the site has 17 × pages pages)")
	flag.Parse()
	if *charterDir == "" && *hugoDir == "" {
		fmt.Fprintln(os.Stderr, "usage: benchsite -charter DIR -hugo DIR [-pages N]")
		os.Exit(2)
	}
	if *charterDir != "" {
		if err := benchsite.Write(*charterDir, *pages); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if *hugoDir != "" {
		if err := benchsite.WriteHugo(*hugoDir, *pages); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
