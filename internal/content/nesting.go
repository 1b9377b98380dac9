package content

import "bytes"

// maxNesting is how deep lists, block quotes and container directives
// may nest. Real documents
// stay below 10 levels; goldmark's parse time grows faster than the input
// with depth (a list 3,000 levels deep took 24 s, 10,000 levels more than
// 300 s; 10,000 nested :::region blocks ran out of memory), so a body
// nested deeper is refused before goldmark parses it.
const maxNesting = 100

// checkNesting is a linear pre-scan of body for lines that may open lists,
// block quotes and container directives more than maxNesting levels deep.
// A line's depth is bounded by the list markers and ">" at its start plus
// half the columns of indentation between them (a nested list item is
// indented at least two columns more than its parent); lines without a
// marker open nothing. Container directives add the directives open at
// the line (see directiveNesting). It returns the depth and the body
// offset of the marker (or ":::" opener) that goes past maxNesting on the
// first such line, what nests there ("lists and quotes", "directives",
// "lists, quotes and directives"), or ok.
func checkNesting(body []byte) (depth, offset int, what string, ok bool) {
	var open []int // colons of the container directives open, outermost first
	for start := 0; start < len(body); {
		end := start
		for end < len(body) && body[end] != '\n' {
			end++
		}
		line := body[start:end]
		d, at := lineNesting(line)
		if colons, opener, at2 := directiveFence(line); opener {
			open = append(open, colons)
			if d+len(open) > maxNesting {
				return d + len(open), start + at2, "directives", false
			}
		} else if colons > 0 {
			// A closing line closes the innermost directives with at
			// most as many colons. (goldmark closes the outermost such
			// one and all inside it; popping only from the top may keep
			// some open here that goldmark closes, never the reverse,
			// so the count stays a bound even where a ":::" line in
			// code was counted as an opener.)
			for len(open) > 0 && open[len(open)-1] <= colons {
				open = open[:len(open)-1]
			}
		}
		if d > 0 && d+len(open) > maxNesting {
			if len(open) > 0 {
				return d + len(open), start + at, "lists, quotes and directives", false
			}
			return d, start + at, "lists and quotes", false
		}
		start = end + 1
	}
	return 0, 0, "", true
}

// directiveFence reads a line as a container directive fence. An opener
// (":::name...", at least three colons, then a letter) is counted after
// any indentation, ">" and list markers, even where goldmark would read
// it as code: the count must not be below goldmark's. A closer (a line of
// at least three colons and nothing else) is counted only as goldmark
// surely reads it, indented less than 4 columns and without markers. It
// returns the number of colons (0 if the line is neither), whether it is
// an opener, and the opener's offset in line.
func directiveFence(line []byte) (colons int, opener bool, at int) {
	col, i := 0, 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		if line[i] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		i++
	}
	plain := col < 4
	for i < len(line) {
		if line[i] == ' ' || line[i] == '\t' || line[i] == '>' {
			i++
			plain = false
			continue
		}
		if n := listMarker(line[i:]); n > 0 {
			i += n
			plain = false
			continue
		}
		break
	}
	at = i
	for i < len(line) && line[i] == ':' {
		i++
	}
	n := i - at
	if n < 3 {
		return 0, false, 0
	}
	if i < len(line) && isASCIILetter(line[i]) {
		return n, true, at
	}
	for ; i < len(line); i++ {
		if c := line[i]; c != ' ' && c != '\t' && c != '\r' {
			return 0, false, 0
		}
	}
	if !plain {
		return 0, false, 0
	}
	return n, false, 0
}

// lineNesting returns the nesting bound of one line and the offset of its
// marker that first goes past maxNesting (or of its last marker).
func lineNesting(line []byte) (depth, at int) {
	col, indent, markers := 0, 0, 0
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			col++
			indent++
			i++
			continue
		case c == '\t':
			w := 4 - col%4
			col += w
			indent += w
			i++
			continue
		case c == '>':
			at = i
			i++
			col++
		default:
			n := listMarker(line[i:])
			if n == 0 {
				if markers == 0 {
					return 0, 0 // text, or code, however indented
				}
				return markers + indent/2, at
			}
			at = i
			i += n
			col += n
		}
		markers++
		if markers+indent/2 > maxNesting {
			return markers + indent/2, at
		}
		// One space or tab after the marker belongs to it.
		if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
	}
	return markers + indent/2, at
}

// listMarker returns the length of the list marker at the start of b
// ("-", "+", "*", or 1-9 digits and "." or ")"), which must be followed by
// a space, a tab or the end of the line; 0 if there is none.
func listMarker(b []byte) int {
	n := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '+' || b[0] == '*'):
		n = 1
	default:
		for n < len(b) && n < 9 && isDigit(b[n]) {
			n++
		}
		if n == 0 || n >= len(b) || (b[n] != '.' && b[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' && b[n] != '\r' {
		return 0
	}
	return n
}

// maxBrackets is how many "[" one paragraph, list item or other line
// group may hold. goldmark keeps every open bracket of a paragraph and
// tries each against the text after it: 4 million "[" (a 4 MB file) ran
// out of memory, and "[a](" repeated 100,000 times took 33 s. Real pages
// stay far below: a paragraph with 5,000 links is not prose.
const maxBrackets = 5000

// checkBrackets is a linear pre-scan of body for a group of lines that
// holds more than maxBrackets "[": a paragraph, or a line that starts a
// list item, quote, heading or table row, up to the next such line or
// blank line. Fenced code blocks are skipped. It returns the body offset
// of the first "[" past the limit, or ok.
func checkBrackets(body []byte) (offset int, ok bool) {
	count := 0
	var fence byte // '`' or '~' inside a fenced code block
	for start := 0; start < len(body); {
		end := start
		for end < len(body) && body[end] != '\n' {
			end++
		}
		line := body[start:end]
		trimmed := bytes.TrimLeft(line, " \t")
		switch {
		case fence != 0:
			if bytes.HasPrefix(trimmed, []byte{fence, fence, fence}) {
				fence = 0
			}
		case bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")):
			fence, count = trimmed[0], 0
		default:
			if len(trimmed) == 0 || startsBlock(trimmed) {
				count = 0
			}
			for i, c := range line {
				if c == '[' {
					if count++; count > maxBrackets {
						return start + i, false
					}
				}
			}
		}
		start = end + 1
	}
	return 0, true
}

// startsBlock reports whether a line (without its indentation) starts a
// block of its own inline text: a list item, quote, heading or table row.
func startsBlock(line []byte) bool {
	switch line[0] {
	case '-', '*', '+', '>', '#', '|':
		return true
	}
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')')
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
