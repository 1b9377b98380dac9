package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
)

// benchLanguages are the ten languages of the benchmark site.
var benchLanguages = []string{"en", "de", "fr", "es", "pt-BR", "ja", "it", "pl", "tr", "zh-Hans"}

// writeBenchSite writes a site of 17 regions over 10 languages with pages
// pages per language, each about 30 KB of Markdown: 17 × pages pages.
func writeBenchSite(tb testing.TB, dir string, pages int) {
	tb.Helper()
	var cfg strings.Builder
	cfg.WriteString("title = \"Bench\"\ndefaultLanguage = \"en\"\n[params]\ncompany = \"Acme24\"\nemail = \"privacy@acme24.example\"\n")
	for i := 0; i < 17; i++ {
		lang := benchLanguages[i%len(benchLanguages)]
		fmt.Fprintf(&cfg, "\n[regions.r%02d]\ndomain = \"r%02d.example\"\nbaseURL = \"https://r%02d.example/\"\nlanguages = [%q]\ncountry = \"%s\"\ngroup = \"G%d\"\nconsent = \"opt-in\"\n[regions.r%02d.params]\nentity = \"Acme24 Region %d\"\nstorage = \"Frankfurt\"\n",
			i, i, i, lang, []string{"US", "DE", "FR", "MX", "BR", "JP", "IT", "PL", "TR", "CN", "IN", "AT", "CH", "BE", "CA", "AR", "TW"}[i], i%3, i, i)
	}
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("site.toml", cfg.String())
	body := benchBody()
	for _, lang := range benchLanguages {
		suffix := "." + lang
		if lang == "en" {
			suffix = ""
		}
		for p := 0; p < pages; p++ {
			write(fmt.Sprintf("content/page%03d%s.md", p, suffix),
				fmt.Sprintf("---\ntitle: Page %d %s\ndescription: Benchmark page\neffective: 2026-11-01\nversion: \"1.%d\"\nweight: %d\n---\n\n%s", p, lang, p, p, body))
		}
	}
}

// benchBody is about 30 KB of policy-shaped Markdown with directives.
func benchBody() string {
	var b strings.Builder
	for s := 0; b.Len() < 30<<10; s++ {
		fmt.Fprintf(&b, "## Section %d: information we collect\n\n", s)
		b.WriteString("We collect the information you give us when you create an account, such as your name, email address and company, and the information our services record when you use them, such as log data and device information. We use it to provide, secure and improve the services.\n\n")
		fmt.Fprintf(&b, "### Details %d\n\n- account data\n- technical data\n- *browsing* data and **usage** data\n\n", s)
		b.WriteString("| Purpose | Legal basis |\n| --- | --- |\n| Contract | Art. 6(1)(b) |\n| Security | Art. 6(1)(f) |\n\n")
		b.WriteString(":::region{only=\"r01 r04 r07\"}\nData of :param[company] is stored in :param[storage] by :param[entity].\n:::\n\n")
		b.WriteString("Contact us at :param[email] if you have \"questions\" -- we answer within 30 days.\n\n")
	}
	return b.String()
}

func BenchmarkBuild1700(b *testing.B) {
	site := b.TempDir()
	writeBenchSite(b, site, 100)
	out := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for i := 0; i < b.N; i++ {
		res, diags := Build(Options{SiteDir: site, OutDir: out, Defaults: charter.Defaults})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		if res.Pages != 1700 {
			b.Fatalf("built %d pages, want 1700", res.Pages)
		}
	}
	// CPU time (user+system, all threads, GC included) is the measure that
	// does not depend on what else the machine runs.
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
