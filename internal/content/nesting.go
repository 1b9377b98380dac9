package content

// maxNesting is how deep lists and block quotes may nest. Real documents
// stay below 10 levels; goldmark's parse time grows faster than the input
// with depth (a list 3,000 levels deep took 24 s, 10,000 levels more than
// 300 s), so a body nested deeper is refused before goldmark parses it.
const maxNesting = 100

// checkNesting is a linear pre-scan of body for lines that may open lists
// and block quotes more than maxNesting levels deep. A line's depth is
// bounded by the list markers and ">" at its start plus half the columns
// of indentation between them (a nested list item is indented at least
// two columns more than its parent); lines without a marker open nothing.
// It returns the depth and the body offset of the marker that goes past
// maxNesting on the first such line, or ok.
func checkNesting(body []byte) (depth, offset int, ok bool) {
	for start := 0; start < len(body); {
		end := start
		for end < len(body) && body[end] != '\n' {
			end++
		}
		if d, at := lineNesting(body[start:end]); d > maxNesting {
			return d, start + at, false
		}
		start = end + 1
	}
	return 0, 0, true
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
