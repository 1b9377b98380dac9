package content

import (
	"path"
	"strings"
	"testing"
	"unicode"
)

func TestCheckAlias(t *testing.T) {
	ok := []struct{ in, want string }{
		{"/privacy-policy", "/privacy-policy/"},
		{"/privacy-policy/", "/privacy-policy/"},
		{"/", "/"},
		{"/old/privacy.html", "/old/privacy.html"},
		{"/old/Privacy.HTM", "/old/Privacy.HTM"},
		{"/v1.2/", "/v1.2/"},
		{"/datenschutzerklärung/", "/datenschutzerklärung/"},
		{"/datenschutzerkl%C3%A4rung/", "/datenschutzerklärung/"},
		{"/隐私政策/", "/隐私政策/"},
		{"/cafe\u0301/", "/café/"}, // NFD in, NFC out: one URL
		{"/a-b_c~d/(e)+f,g;h=i@j!k$l&m'n/", "/a-b_c~d/(e)+f,g;h=i@j!k$l&m'n/"},
		{"/a%20b/", ""}, // decodes to a space
	}
	for _, tt := range ok {
		got, problem, _ := checkAlias(tt.in)
		if tt.want == "" {
			if problem == "" {
				t.Errorf("checkAlias(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if problem != "" || got != tt.want {
			t.Errorf("checkAlias(%q) = %q, %q; want %q", tt.in, got, problem, tt.want)
		}
	}
	bad := []string{
		"privacy", "/../../../../tmp/x/", "/../acme24.de/privacy/", "/a/./b/", "/a/../b/", "/a//b/",
		"/a\nhttps://evil.example/ 302", "/a b/", "/a\tb/", "/old?x=1", "/old#frag", "/old?x=1#frag",
		"/old.pdf", "/feed.xml", "/assets/", "/assets/old/", "/a\\b/", "/a%2Fb/", "/%2e%2e/x/", "/%zz/", "/a%", "/:splat/", "/*",
		"/a<b>/", `/a"b/`, "/a|b/", "/a^b/", "/a`b/", "/a{b}/", "/a\x00b/", "/a\u200bb/", "/a\u00a0b/", "/\xff/",
		// Escapes that decode to placeholders, format or unprintable characters.
		"/%3Aid/", "/%3aall", "/a%3A/", "/%2A", "/%2a/x/", "/%E2%80%8B/", "/%E2%80%AEgpj.html", "/\u202egpj.html",
		"/a%EF%BB%BFb/", "/%E2%81%A6x/", "/%C2%AD/", "/%F3%A0%80%81/", "/%EE%80%80/",
	}
	for _, in := range bad {
		if got, problem, hint := checkAlias(in); problem == "" || hint == "" {
			t.Errorf("checkAlias(%q) = %q, accepted (or no hint)", in, got)
		}
	}
	// A placeholder is removed, not escaped: an escape decodes back to it.
	for _, in := range []string{"/:id/", "/*", "/%3Aid/"} {
		if _, _, hint := checkAlias(in); strings.Contains(hint, "%") {
			t.Errorf("checkAlias(%q): hint %q suggests an escape", in, hint)
		}
	}
}

func FuzzCheckAlias(f *testing.F) {
	for _, s := range []string{"/a/", "/../x/", "/a%2e%2e/", "/ä.html", "/a?b", "/%C3%A4/", "/a/b.htm/",
		"/%3Aid/", "/%3aall", "/%2A/", "/%E2%80%8B/", "/%E2%80%AEgpj.html", "/a%EF%BB%BF/", "/%C2%AD/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		alias, problem, _ := checkAlias(in)
		if problem != "" {
			return
		}
		if !strings.HasPrefix(alias, "/") || path.Clean(alias) != strings.TrimSuffix(alias, "/") && alias != "/" {
			t.Fatalf("checkAlias(%q) = %q: not a clean path", in, alias)
		}
		for _, seg := range strings.Split(strings.Trim(alias, "/"), "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("checkAlias(%q) = %q: a dot segment", in, alias)
			}
		}
		if strings.ContainsFunc(alias, func(r rune) bool {
			return r == ':' || r == '*' || unicode.Is(unicode.Cf, r) || !unicode.IsPrint(r)
		}) {
			t.Fatalf("checkAlias(%q) = %q: a placeholder, format or unprintable character", in, alias)
		}
		if e := EscapedAlias(alias); strings.ContainsAny(e, " \t\r\n?#*:") {
			t.Fatalf("EscapedAlias(%q) = %q: breaks a _redirects rule", alias, e)
		}
	})
}
