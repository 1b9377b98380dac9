package formsink

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"time"
)

// RecordDir is where submissions are kept, relative to the site folder:
// one <form id>.jsonl file per form. It is in .gitignore: it holds the
// personal data testers type in.
const RecordDir = ".charter/forms"

// Record is one line of a form's .jsonl file: one submission.
type Record struct {
	Time     time.Time         `json:"time"`     // when it arrived (UTC)
	Region   string            `json:"region"`   // the region whose origin it was posted to
	Language string            `json:"language"` // the page's language (the region's default if it sent none it has)
	Form     string            `json:"form"`     // the form id
	Mode     string            `json:"mode"`     // the response mode it was answered in
	Status   int               `json:"status"`   // the HTTP status answered; 0 when the connection was dropped
	Spam     bool              `json:"spam,omitempty"`
	Encoding string            `json:"encoding"` // "json" or "urlencoded"
	Fields   map[string]string `json:"fields"`   // the form's fields by field name, as sent
	Other    map[string]string `json:"other,omitempty"`
	Errors   map[string]string `json:"errors,omitempty"` // the validation problems: field name -> kind
}

// errSymlink is returned for a symlink on the way to a record file.
var errSymlink = errors.New("is a symbolic link; the sink does not follow links")

// appendRecord appends rec as one JSON line to <dir>/.charter/forms/<form>.jsonl,
// creating the folders (0755) and the file (0644). Everything is opened
// inside an os.Root of dir, and a symbolic link at .charter, .charter/forms
// or the file itself is refused rather than followed, so a link can make
// the sink write neither outside the site folder nor elsewhere inside it.
func appendRecord(dir string, rec *Record) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	p := ""
	for _, d := range []string{".charter", "forms"} {
		p = path.Join(p, d)
		switch st, err := root.Lstat(p); {
		case errors.Is(err, fs.ErrNotExist):
			if err := root.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
		case err != nil:
			return err
		case st.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s %w", p, errSymlink)
		case !st.IsDir():
			return fmt.Errorf("%s is not a folder", p)
		}
	}
	name := path.Join(p, rec.Form+".jsonl")
	if st, err := root.Lstat(name); err == nil && !st.Mode().IsRegular() {
		if st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s %w", name, errSymlink)
		}
		return fmt.Errorf("%s is not a regular file", name)
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
