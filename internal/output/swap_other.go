//go:build !linux

package output

// exchange puts staging in outDir's place with two renames (this system
// has no atomic exchange): for a moment there is no output folder. The
// previous output is then at staging.
func exchange(staging, outDir string) (replaced bool, err error) {
	return twoRenames(staging, outDir)
}
