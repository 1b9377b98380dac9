//go:build !unix

package output

import (
	"context"
	"os"
)

// lockFile marks a live build's staging folder. Without flock there is no
// telling a dead build's folder from a live one, so none is removed.
type lockFile struct{ f *os.File }

func createLock(name string) (*lockFile, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return &lockFile{f}, nil
}

func tryLock(name string) (*lockFile, bool) { return nil, false }

func (l *lockFile) release() {
	l.f.Close()
	os.Remove(l.f.Name())
}

type turn struct{}

// waitForTurn cannot lock here: commits of one output do not take turns.
func waitForTurn(ctx context.Context, dir string) (*turn, error) { return &turn{}, ctx.Err() }

func (t *turn) unlock() {}
