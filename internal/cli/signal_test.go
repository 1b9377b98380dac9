package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/benchsite"
)

// charterBinary builds the charter command once, for tests that must send
// it signals.
func charterBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "charter")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/charter")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startAndWaitForStaging starts a build and returns once it writes into
// its staging folder.
func startAndWaitForStaging(t *testing.T, bin, site string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "build", "--site", site)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(site, ".public.staging-*", "*")); len(m) > 0 {
			return cmd
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("no staging folder appeared within 30 s")
	return nil
}

func stagingLeft(site string) []string {
	m, _ := filepath.Glob(filepath.Join(site, ".public.staging-*"))
	return m
}

// SIGINT and SIGTERM stop a build and remove its staging folder; a
// SIGKILLed build's staging folder is removed by the next build. The
// previous output stays as it was throughout.
func TestSignalsLeaveNothingBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the charter binary")
	}
	bin := charterBinary(t)
	site := t.TempDir()
	if err := benchsite.Write(site, 40); err != nil { // 680 pages: a build of about a second
		t.Fatal(err)
	}
	if code, _, errs := run(t, "build", "--site", site); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	out := filepath.Join(site, "public")
	before := hashTree(t, out)

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := startAndWaitForStaging(t, bin, site)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != ExitInterrupted {
			t.Errorf("%v: %v, want exit %d", sig, err, ExitInterrupted)
		}
		if left := stagingLeft(site); len(left) > 0 {
			t.Errorf("%v left %v", sig, left)
		}
		assertUnchanged(t, "after "+sig.String(), before, hashTree(t, out))
	}

	decoy := filepath.Join(site, ".public.staging-mine") // no lock file: not charter's
	os.Mkdir(decoy, 0o755)
	for range 2 {
		cmd := startAndWaitForStaging(t, bin, site)
		cmd.Process.Kill()
		cmd.Wait()
	}
	// The second build removed the first one's staging folder as it
	// started; its own, with its lock file, and the decoy are left.
	if left := stagingLeft(site); len(left) != 3 {
		t.Fatalf("after two SIGKILLs: %v, want one staging folder, its lock file and the decoy", left)
	}
	assertUnchanged(t, "after SIGKILL", before, hashTree(t, out))
	if code, _, errs := run(t, "build", "--site", site); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if left := stagingLeft(site); len(left) != 1 || left[0] != decoy {
		t.Errorf("after the next build: %v, want only %s", left, decoy)
	}
}
