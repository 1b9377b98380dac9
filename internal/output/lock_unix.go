//go:build unix

package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFile is a file held with an exclusive flock while a build runs; the
// kernel lets go of it when the process dies, however it dies.
type lockFile struct{ f *os.File }

func createLock(name string) (*lockFile, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		os.Remove(name)
		return nil, err
	}
	return &lockFile{f}, nil
}

// tryLock takes the lock of a build that may have died; ok is false while
// that build still runs.
func tryLock(name string) (*lockFile, bool) {
	f, err := os.OpenFile(name, os.O_RDWR|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil, false
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return &lockFile{f}, true
}

// release removes the lock file, then lets go of the lock.
func (l *lockFile) release() {
	os.Remove(l.f.Name())
	l.f.Close()
}
