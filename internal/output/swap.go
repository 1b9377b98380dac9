package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// renameIn moves staging to outDir, which does not exist.
func renameIn(staging, outDir string) error {
	if err := os.Rename(staging, outDir); err != nil {
		return fmt.Errorf("moving the new output in: %w", err)
	}
	return nil
}

// twoRenames moves the previous output aside (to staging.old), the new
// one in, and the previous one to staging, where exchange leaves it.
func twoRenames(staging, outDir string) (replaced bool, err error) {
	if _, err := os.Lstat(outDir); errors.Is(err, fs.ErrNotExist) {
		return false, renameIn(staging, outDir)
	}
	aside := staging + ".old"
	if err := os.Rename(outDir, aside); err != nil {
		return false, fmt.Errorf("moving the previous output aside: %w", err)
	}
	if err := os.Rename(staging, outDir); err != nil {
		os.Rename(aside, outDir)
		return false, fmt.Errorf("moving the new output in: %w", err)
	}
	if err := os.Rename(aside, staging); err != nil {
		return false, fmt.Errorf("moving the previous output to %s: %w", staging, err)
	}
	return true, nil
}
