package content

import (
	"hash/fnv"
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
)

// ConfigKey hashes what of site reading a source depends on: the default
// language (the language of files without a suffix), the region ids
// (regions: front matter, :::region blocks, heading ids), the param
// names, the form ids and the raw HTML setting. Two sites with the same
// key read every file alike, so a model keeps its parsed sources across
// an edit of site.toml that changes none of these.
func ConfigKey(site *config.Site) uint64 {
	h := fnv.New64a()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	if site == nil {
		return 0
	}
	w(site.DefaultLanguage)
	if site.Build.UnsafeHTML {
		w("unsafe")
	}
	w(strings.Join(regionIDs(site), " "))
	names := allParamNames(site)
	slices.Sort(names)
	w(strings.Join(names, " "))
	var forms []string
	for id := range site.Forms {
		forms = append(forms, id)
	}
	slices.Sort(forms)
	w(strings.Join(forms, " "))
	return h.Sum64()
}
