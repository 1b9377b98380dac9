//go:build unix

package output

import (
	"context"
	"errors"
	"os"
	"time"

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

// turn is a folder held with an exclusive flock: the output folder's
// parent while a build swaps its output in.
type turn struct{ f *os.File }

// waitForTurn waits until no other build is committing into dir (an
// output's parent), or until ctx is done.
func waitForTurn(ctx context.Context, dir string) (*turn, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return &turn{f}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (t *turn) unlock() { t.f.Close() }
