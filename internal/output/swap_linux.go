package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange puts staging in outDir's place in one step: renameat2 with
// RENAME_EXCHANGE swaps the two names atomically, so a reader sees the
// old site or the new one, never no site. The previous output is then at
// staging. It reports whether there was a previous output; where the file
// system cannot exchange, it falls back to two renames.
func exchange(staging, outDir string) (replaced bool, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, outDir, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.ENOENT):
		if _, serr := os.Lstat(outDir); errors.Is(serr, os.ErrNotExist) {
			return false, renameIn(staging, outDir)
		}
		return false, &os.LinkError{Op: "exchange", Old: staging, New: outDir, Err: err}
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
		return twoRenames(staging, outDir)
	}
	return false, &os.LinkError{Op: "exchange", Old: staging, New: outDir, Err: err}
}
