package check

// outputPages are the rendered pages of a snapshot, parsed.
type outputPages struct{}
