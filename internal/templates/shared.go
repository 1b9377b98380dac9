package templates

import (
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/content"
)

// Shared renders the partials of what many pages show: the navigation of
// a region language, the versions of a page id, a table of contents.
// {{ .Nav.Each "footer-nav-item" }} executes the partial once for each
// link (once current, once not), and every page that shows the list joins
// that HTML: executing a long range for every page is most of what a
// layout costs. The HTML is html/template's own output for whole
// elements, so joining it stays safe.
//
// A key names the data it comes with: the same key must mean the same
// links (but for Current) or the same entries. A renderer makes one
// Shared per plan. It is safe for concurrent use.
type Shared struct {
	set *Set

	mu    sync.RWMutex
	lists map[sharedKey]*linkItems
	named map[sharedKey]template.HTML
}

type sharedKey struct{ partial, key string }

// linkItems is a partial executed for each link of a list, once with the
// link not current and once current.
type linkItems struct {
	plain, current []template.HTML
	size           int // of the plain items together
}

// Shared is a new cache of the partials of s.
func (s *Set) Shared() *Shared {
	return &Shared{set: s, lists: map[sharedKey]*linkItems{}, named: map[sharedKey]template.HTML{}}
}

// LinkList is a list of links that many pages show; Links has the link
// to the page itself marked Current.
type LinkList struct {
	Links  []Link
	shared *Shared
	key    string
}

// Links is links as a list that pages share; key names them.
func (sh *Shared) Links(key string, links []Link) LinkList {
	return LinkList{Links: links, shared: sh, key: key}
}

// TOC is entries as a table of contents that pages share; nil when there
// are none.
func (sh *Shared) TOC(entries []*content.TOCEntry) *TOC {
	if len(entries) == 0 {
		return nil
	}
	return &TOC{Entries: entries, shared: sh, key: tocKey(entries)}
}

// Each is partial executed with each link as dot, joined; "" for no
// links.
func (l LinkList) Each(partial string) (template.HTML, error) {
	if len(l.Links) == 0 {
		return "", nil
	}
	if l.shared == nil {
		return "", fmt.Errorf("Each %q: the list was not made by the build", partial)
	}
	items, err := l.shared.items(partial, l.key, l.Links)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(items.size + 32)
	for i, h := range items.plain {
		if l.Links[i].Current {
			h = items.current[i]
		}
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

// Render is partial executed with t.Entries as dot.
func (t *TOC) Render(partial string) (template.HTML, error) {
	if t.shared == nil {
		return "", fmt.Errorf("Render %q: the table of contents was not made by the build", partial)
	}
	k := sharedKey{partial, t.key}
	t.shared.mu.RLock()
	h, ok := t.shared.named[k]
	t.shared.mu.RUnlock()
	if ok {
		return h, nil
	}
	h, err := t.shared.execute(partial, t.Entries)
	if err != nil {
		return "", err
	}
	t.shared.mu.Lock()
	t.shared.named[k] = h
	t.shared.mu.Unlock()
	return h, nil
}

func (sh *Shared) items(partial, key string, links []Link) (*linkItems, error) {
	k := sharedKey{partial, key}
	sh.mu.RLock()
	items := sh.lists[k]
	sh.mu.RUnlock()
	if items != nil && len(items.plain) == len(links) {
		return items, nil
	}
	items = &linkItems{plain: make([]template.HTML, len(links)), current: make([]template.HTML, len(links))}
	for i, l := range links {
		var err error
		l.Current = false
		if items.plain[i], err = sh.execute(partial, l); err != nil {
			return nil, err
		}
		items.size += len(items.plain[i])
		l.Current = true
		if items.current[i], err = sh.execute(partial, l); err != nil {
			return nil, err
		}
	}
	sh.mu.Lock()
	sh.lists[k] = items
	sh.mu.Unlock()
	return items, nil
}

func (sh *Shared) execute(partial string, data any) (template.HTML, error) {
	h, ok, err := sh.set.ExecutePartial(partial, data)
	if !ok {
		return "", fmt.Errorf("no partial %q: define it in a file of layouts/partials/ ({{ define %q }}...{{ end }})", partial, partial)
	}
	return h, err
}

// tocKey identifies a table of contents by everything in it.
func tocKey(toc []*content.TOCEntry) string {
	var b strings.Builder
	var write func([]*content.TOCEntry)
	write = func(entries []*content.TOCEntry) {
		for _, e := range entries {
			b.WriteByte(byte('0' + e.Level))
			b.WriteString(e.ID)
			b.WriteByte(0)
			b.WriteString(e.Text)
			b.WriteByte(0)
			if len(e.Children) > 0 {
				b.WriteByte(1)
				write(e.Children)
				b.WriteByte(2)
			}
		}
	}
	write(toc)
	return b.String()
}
