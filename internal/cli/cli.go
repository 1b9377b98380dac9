// Package cli is charter's command line: flags, wiring and exit codes.
// The work is done by the other internal packages.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/check"
	"github.com/charter-ssg/charter/internal/ci"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/output"
	"github.com/charter-ssg/charter/internal/scaffold"
	"github.com/charter-ssg/charter/internal/server"
	"github.com/charter-ssg/charter/internal/site"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitSite  = 1 // the site has errors
	ExitUsage = 2 // bad command line
	// ExitInterrupted: SIGINT or SIGTERM stopped the build (128 + SIGINT,
	// as shells report it).
	ExitInterrupted = 130
)

const usage = `charter builds multilingual, multi-regional legal sites.

Usage:
  charter build   [--site DIR] [--out DIR] [--region ID]... [--set KEY=VALUE]...
                  [--changed-since OLD_MANIFEST [--json]]
  charter serve   [--site DIR] [--addr 127.0.0.1:1313] [--set KEY=VALUE]...
  charter check   [--site DIR] [--format text|json|github|sarif] [--strict] [--set KEY=VALUE]...
  charter check   [--site DIR] --stamp FILE...
  charter regions [--site DIR] [--json | --gitlab TEMPLATE] [--set KEY=VALUE]...
  charter init    DIR
  charter version

Run "charter <command> -h" for a command's flags.
`

// Run runs charter with args (without the program name) and returns the
// exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "regions":
		return runRegions(rest, stdout, stderr)
	case "init":
		return runInit(rest, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "charter", version())
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "charter: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("charter "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags; it returns the exit code to use when parsing ended
// the command (-h, or a bad flag).
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ExitUsage, false
	}
	return 0, true
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	var regions, sets list
	siteDir := fs.String("site", ".", "the site `DIR` (holds site.toml)")
	out := fs.String("out", "", "output `DIR` (default <site>/public)")
	drafts := fs.Bool("drafts", false, "include draft pages")
	fs.Var(&regions, "region", "build only region `ID` (repeatable)")
	fs.Var(&sets, "set", "override a site.toml value: `KEY=VALUE` (repeatable)")
	changedSince := fs.String("changed-since", "", "print on stdout the files that differ from the old manifest.json `FILE`: \"+ path\" added, \"~ path\" changed, \"- path\" removed")
	asJSON := fs.Bool("json", false, "with --changed-since: print the changes as one line of JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if code := checkSets(sets, stderr); code != ExitOK {
		return code
	}
	compare := isSet(fs, "changed-since")
	switch {
	case compare && *changedSince == "":
		fmt.Fprintln(stderr, "charter build: --changed-since needs the old manifest.json FILE (an empty value is often an unset CI variable)")
		return ExitUsage
	case *asJSON && !compare:
		fmt.Fprintln(stderr, "charter build: --json prints the changes, so it needs --changed-since FILE")
		return ExitUsage
	}
	// The old manifest is read first: a bad one stops the build before
	// it replaces the output the old manifest might have been taken from.
	var old output.Manifest
	if compare {
		m, diags := output.ReadManifest(*changedSince)
		printDiags(stderr, diags)
		if diags.HasErrors() {
			fmt.Fprintf(stderr, "build not started: --changed-since %s is not a manifest.json to compare against; the previous output was left as it was\n", *changedSince)
			return ExitSite
		}
		old = m
	}
	// SIGINT and SIGTERM stop the build, which removes what it wrote; a
	// second signal kills it (the next build removes what it left).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got os.Signal
	go func() {
		if s, ok := <-sigs; ok {
			got = s
			signal.Stop(sigs)
			cancel()
		}
	}()
	res, diags := site.Build(site.BuildOptions{
		Options: site.Options{Dir: *siteDir, Regions: regions, Sets: sets, Defaults: charter.Defaults, Drafts: *drafts},
		OutDir:  *out, Context: ctx,
	})
	signal.Stop(sigs)
	close(sigs)
	if res == nil && ctx.Err() != nil { // a signal after the swap changes nothing
		fmt.Fprintf(stderr, "build stopped by %v; the previous output was left as it was\n", got)
		return ExitInterrupted
	}
	printDiags(stderr, diags)
	if diags.HasErrors() {
		fmt.Fprintf(stderr, "build failed: %s; the previous output was left as it was\n", countErrors(diags))
		return ExitSite
	}
	// With --changed-since, stdout is the list of changes alone, for a
	// deploy script to read; the summary goes to stderr.
	summary := stdout
	if compare {
		summary = stderr
	}
	fmt.Fprintln(summary, res)
	if compare {
		var domains []string // a full build compares the whole output: removed regions too
		if len(regions) > 0 {
			domains = res.Domains
		}
		changes := output.Compare(old, res.Manifest, domains)
		write := changes.WriteText
		if *asJSON {
			write = changes.WriteJSON
		}
		if err := write(stdout); err != nil {
			fmt.Fprintln(stderr, "charter build: writing the changes:", err)
			return ExitSite
		}
		fmt.Fprintf(stderr, "since %s: %d added, %d changed, %d removed\n", *changedSince, len(changes.Added), len(changes.Changed), len(changes.Removed))
	}
	// Opened from disk (file://), pages load no CSS: browsers check
	// Subresource Integrity only on CORS-capable origins.
	serve := "charter serve"
	if *siteDir != "." {
		serve += " --site " + *siteDir
	}
	fmt.Fprintf(summary, "to look at it: %s (pages opened from disk cannot load their integrity-checked CSS)\n", serve)
	return ExitOK
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	var sets list
	site := fs.String("site", ".", "the site `DIR` (holds site.toml)")
	addr := fs.String("addr", "127.0.0.1:1313", "listen on `HOST:PORT` (loopback only)")
	fs.Var(&sets, "set", "override a site.toml value: `KEY=VALUE` (repeatable)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if code := checkSets(sets, stderr); code != ExitOK {
		return code
	}
	if err := server.CheckAddr(*addr); err != nil {
		fmt.Fprintln(stderr, "charter serve:", err)
		return ExitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "charter serve:", err)
		return ExitSite
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = server.Serve(ctx, ln, server.Options{Dir: *site, Sets: sets, Defaults: charter.Defaults, Log: stdout})
	if err != nil {
		fmt.Fprintln(stderr, "charter serve:", err)
		return ExitSite
	}
	return ExitOK
}

func checkSets(sets []string, stderr io.Writer) int {
	for _, s := range sets {
		if k, _, ok := strings.Cut(s, "="); !ok || k == "" {
			fmt.Fprintf(stderr, "charter: --set %q: want KEY=VALUE\n", s)
			return ExitUsage
		}
	}
	return ExitOK
}

// runCheck loads the site into a model in memory, as build does, runs
// every check on it and prints the findings; it writes no file.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	siteDir := fs.String("site", ".", "the site `DIR` (holds site.toml)")
	format := fs.String("format", "text", "output `FORMAT`: "+strings.Join(check.Formats, ", "))
	strict := fs.Bool("strict", false, "treat warnings as errors")
	var sets, stamps list
	fs.Var(&sets, "set", "override a site.toml value: `KEY=VALUE` (repeatable)")
	fs.Var(&stamps, "stamp", "record in translation `FILE` the source text it follows, and check nothing (repeatable)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var stampFiles []string
	for _, f := range stamps {
		rel, err := stampPath(*siteDir, f)
		if err != nil {
			fmt.Fprintf(stderr, "charter check: --stamp %s: %v\n", f, err)
			return ExitUsage
		}
		stampFiles = append(stampFiles, rel)
	}
	if !slices.Contains(check.Formats, *format) {
		fmt.Fprintf(stderr, "charter check: unknown format %q (use %s)\n", *format, strings.Join(check.Formats, ", "))
		return ExitUsage
	}
	if code := checkSets(sets, stderr); code != ExitOK {
		return code
	}
	m := site.New(site.Options{Dir: *siteDir, Sets: sets, Defaults: charter.Defaults})
	defer m.Close()
	snap := m.Update(context.Background(), nil)
	findings := snap.Diags
	if len(stampFiles) > 0 && !snap.Failed() {
		return stampTranslations(snap, *siteDir, stampFiles, stdout, stderr)
	}
	if !snap.Failed() && len(stampFiles) == 0 {
		findings = append(findings, check.Run(snap)...)
		findings.Sort()
	}
	if *strict {
		findings = check.Strict(findings)
	}
	if err := check.Write(stdout, *format, check.Report{Findings: findings, Tool: version(), SiteDir: *siteDir, FileBase: check.FileBase(*siteDir)}); err != nil {
		fmt.Fprintf(stderr, "charter check: %v\n", err)
		return ExitSite
	}
	if findings.HasErrors() {
		return ExitSite
	}
	return ExitOK
}

// stampTranslations runs charter check --stamp: it writes translationOf
// into each file and says what it did.
func stampTranslations(snap *site.Snapshot, siteDir string, files []string, stdout, stderr io.Writer) int {
	code := ExitOK
	for _, f := range files {
		msg, err := check.Stamp(snap, siteDir, f)
		if err != nil {
			fmt.Fprintf(stderr, "charter check: --stamp %v\n", err)
			if errors.Is(err, check.ErrNotStampable) {
				code = max(code, ExitUsage)
			} else {
				code = max(code, ExitSite)
			}
			continue
		}
		fmt.Fprintln(stdout, msg)
	}
	return code
}

// stampPath names a --stamp FILE as the site does ("content/privacy.de.md"):
// FILE is a path from the current folder, as check prints it, or from the
// site folder; either way it must be in the site's content/, and be there.
func stampPath(siteDir, file string) (string, error) {
	absSite, err := filepath.Abs(siteDir)
	if err != nil {
		return "", err
	}
	var candidates []string
	if abs, err := filepath.Abs(file); err == nil {
		candidates = append(candidates, abs)
	}
	if !filepath.IsAbs(file) {
		candidates = append(candidates, filepath.Join(absSite, file))
	}
	var missing []string // as check prints them
	for _, c := range candidates {
		rel, err := filepath.Rel(absSite, c)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "content/") {
			_, err := os.Lstat(c)
			switch {
			case err == nil:
				return rel, nil
			case !errors.Is(err, os.ErrNotExist):
				return "", err
			}
			if shown := check.FileBase(siteDir) + rel; !slices.Contains(missing, shown) {
				missing = append(missing, shown)
			}
		}
	}
	switch len(missing) {
	case 1:
		return "", fmt.Errorf("%s does not exist", missing[0])
	case 2:
		return "", fmt.Errorf("neither %s nor %s exists", missing[0], missing[1])
	}
	return "", fmt.Errorf("not a file in %s: only the site's pages can be stamped", filepath.Join(siteDir, "content")+string(filepath.Separator))
}

func runRegions(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("regions", stderr)
	site := fs.String("site", ".", "the site `DIR`")
	asJSON := fs.Bool("json", false, `print a GitHub Actions matrix, one line: {"include":[{"region":ID,"domain":DOMAIN,"baseURL":URL},...]}`)
	gitlab := fs.String("gitlab", "", "print a GitLab child pipeline, one job a region extending "+ci.TemplateJob+" of the `TEMPLATE` file")
	var sets list
	fs.Var(&sets, "set", "override a site.toml value: `KEY=VALUE` (repeatable)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *asJSON && isSet(fs, "gitlab") {
		fmt.Fprintln(stderr, "charter regions: --json and --gitlab print two different things; choose one")
		return ExitUsage
	}
	cfg, diags := config.Load(*site, sets)
	printDiags(stderr, diags)
	if diags.HasErrors() {
		return ExitSite
	}
	switch {
	case *asJSON:
		stdout.Write(ci.GitHubMatrix(cfg.Regions))
		return ExitOK
	case isSet(fs, "gitlab"):
		b, diags := ci.GitLabPipeline(*gitlab, cfg.Regions)
		printDiags(stderr, diags)
		if diags.HasErrors() {
			return ExitSite
		}
		stdout.Write(b)
		return ExitOK
	}
	for _, r := range cfg.Regions {
		fmt.Fprintf(stdout, "%-8s %-16s %-10s %s\n", r.ID, r.Domain, r.Consent, strings.Join(r.Languages, ","))
	}
	return ExitOK
}

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: charter init DIR")
		return ExitUsage
	}
	dir := fs.Arg(0)
	if err := scaffold.Write(dir); err != nil {
		fmt.Fprintln(stderr, "charter init:", err)
		return ExitSite
	}
	fmt.Fprintf(stdout, "created a new site in %s\nnext: charter build --site %s\n", dir, dir)
	return ExitOK
}

// printDiags prints each diagnostic on a line, followed by the source
// line it points at and a caret under the problem when that is known:
//
//	content/a.md:7:1: unknown directive :::regoin (did you mean :::region?)
//	    :::regoin{only="eu"}
//	    ^~~~~~~~~
func printDiags(w io.Writer, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(w, d.FormatLong())
	}
}

func countErrors(diags diag.List) string {
	n := 0
	for _, d := range diags {
		if d.Severity == diag.Error {
			n++
		}
	}
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
