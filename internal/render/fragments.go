package render

import (
	"html/template"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/templates"
)

// Partials the build executes once and shares the HTML of between pages
// (see templates.Page): executing a long range for every page is most of
// what a layout costs.
const (
	alternateLinksPartial = "alternate-links"
	footerNavItemPartial  = "footer-nav-item"
	regionItemPartial     = "region-switcher-item"
	tocListPartial        = "toc-list"
)

// fragments renders partials of the site's layouts and caches the HTML.
// The HTML is html/template's own output; joining the HTML of whole
// elements keeps it safe. It is safe for concurrent use.
type fragments struct {
	layouts *templates.Set

	mu    sync.RWMutex
	lists map[namedFragment]*linkItems
	named map[namedFragment]template.HTML
}

// namedFragment is a partial with a dot that key identifies.
type namedFragment struct {
	partial string
	key     string
}

// linkItems is a partial executed for each link of a list, once with the
// link not current and once current.
type linkItems struct {
	plain, current []template.HTML
	size           int // of the plain items together
}

func newFragments(layouts *templates.Set) *fragments {
	return &fragments{
		layouts: layouts,
		lists:   map[namedFragment]*linkItems{},
		named:   map[namedFragment]template.HTML{},
	}
}

// joinLinks is partial executed for each of links, joined, with
// links[cur] current (none if cur is out of range). key must identify
// links, whose Current fields are ignored. ok is false when no layout
// defines partial.
func (f *fragments) joinLinks(partial, key string, links []templates.Link, cur int) (html template.HTML, ok bool, err error) {
	k := namedFragment{partial, key}
	f.mu.RLock()
	items := f.lists[k]
	f.mu.RUnlock()
	if items == nil {
		items = &linkItems{plain: make([]template.HTML, len(links)), current: make([]template.HTML, len(links))}
		for i, l := range links {
			for _, current := range []bool{false, true} {
				l.Current = current
				h, ok, err := f.layouts.ExecutePartial(partial, l)
				if !ok || err != nil {
					return "", ok, err
				}
				if current {
					items.current[i] = h
				} else {
					items.plain[i] = h
					items.size += len(h)
				}
			}
		}
		f.mu.Lock()
		f.lists[k] = items
		f.mu.Unlock()
	}
	var b strings.Builder
	b.Grow(items.size + 32)
	for i, h := range items.plain {
		if i == cur {
			h = items.current[i]
		}
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), true, nil
}

// execute is partial executed with data, cached under key: the same key
// must mean the same data.
func (f *fragments) execute(partial, key string, data any) (template.HTML, bool, error) {
	k := namedFragment{partial, key}
	f.mu.RLock()
	h, cached := f.named[k]
	f.mu.RUnlock()
	if cached {
		return h, true, nil
	}
	h, ok, err := f.layouts.ExecutePartial(partial, data)
	if !ok || err != nil {
		return "", ok, err
	}
	f.mu.Lock()
	f.named[k] = h
	f.mu.Unlock()
	return h, true, nil
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
