package check

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

var (
	containerOpen  = regexp.MustCompile(`^[ \t]*:::([A-Za-z][\w-]*)[ \t]*(\{.*\})?[ \t]*$`)
	containerClose = regexp.MustCompile(`^[ \t]*:::[ \t]*$`)
	regionAttr     = regexp.MustCompile(`\b(only|except)[ \t]*=[ \t]*"([^"]*)"`)
	codeFence      = regexp.MustCompile("^[ \t]*(```|~~~)")
)

// hiddenRanges are the byte ranges of a Markdown source that a region
// does not show: the :::region blocks whose only= leaves it out or whose
// except= names it. The finding positions skip text there, so that the
// k-th link of a page is the k-th link its region shows.
func hiddenRanges(text []byte, region string) [][2]int {
	type open struct {
		start  int
		hidden bool
	}
	var stack []open
	var out [][2]int
	fence := ""
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off + 1
		}
		line := strings.TrimRight(string(text[off:end]), "\r\n")
		switch m := codeFence.FindStringSubmatch(line); {
		case fence != "":
			if m != nil && m[1] == fence {
				fence = ""
			}
		case m != nil:
			fence = m[1]
		case containerClose.MatchString(line):
			if n := len(stack); n > 0 {
				top := stack[n-1]
				stack = stack[:n-1]
				if top.hidden {
					out = append(out, [2]int{top.start, end})
				}
			}
		default:
			if m := containerOpen.FindStringSubmatch(line); m != nil {
				hidden := false
				if m[1] == "region" {
					for _, a := range regionAttr.FindAllStringSubmatch(m[2], -1) {
						ids := strings.FieldsFunc(a[2], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
						if (a[1] == "only") != slices.Contains(ids, region) {
							hidden = true
						}
					}
				}
				stack = append(stack, open{off, hidden})
			}
		}
		off = end
	}
	return out
}

func inRanges(off int, ranges [][2]int) bool {
	for _, r := range ranges {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}
