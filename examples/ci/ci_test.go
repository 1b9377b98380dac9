package ci

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/charter-ssg/charter/internal/cli"
	"github.com/charter-ssg/charter/internal/sitetest"
	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// root is the repository: the example site.
const root = "../.."

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// charter runs the command line in this process.
func charter(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cli.Run(args, &out, &errb); code != 0 {
		t.Fatalf("charter %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// lint runs actionlint on a workflow. It checks the run: scripts with
// shellcheck and pyflakes when they are installed, and skips those two
// checks when they are not.
func lint(t *testing.T, name string, src []byte) []*actionlint.Error {
	t.Helper()
	opts := &actionlint.LinterOptions{LogWriter: io.Discard}
	if p, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = p
	}
	if p, err := exec.LookPath("pyflakes"); err == nil {
		opts.Pyflakes = p
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(name, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

func TestGitHubWorkflowLints(t *testing.T) {
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Log("shellcheck is not installed: the run: scripts are not checked")
	}
	for _, e := range lint(t, "github-actions.yml", read(t, "github-actions.yml")) {
		t.Errorf("%s", e)
	}
}

// The lint above is worth something only if actionlint finds the
// mistakes one makes in a workflow.
func TestActionlintRejectsBrokenWorkflows(t *testing.T) {
	src := string(read(t, "github-actions.yml"))
	cases := []struct{ name, old, new, want string }{
		{"not YAML", "jobs:\n", "jobs:\n\t", "could not parse"},
		{"a misspelt key", "    runs-on: ubuntu-latest\n    timeout-minutes: 30", "    runs_on: ubuntu-latest\n    timeout-minutes: 30", `unexpected key "runs_on"`},
		{"a job's output it does not need", "fromJSON(needs.plan.outputs.regions)", "fromJSON(needs.check.outputs.regions)", `property "check" is not defined`},
		{"an output the job does not have", "fromJSON(needs.plan.outputs.regions)", "fromJSON(needs.plan.outputs.region)", `property "region" is not defined`},
		{"an input the action does not have", "include-hidden-files: true", "include-hidden-file: true", `input "include-hidden-file" is not defined`},
		{"an unknown context", "REGION: ${{ matrix.region }}", "REGION: ${{ matrx.region }}", `undefined variable "matrx"`},
		{"an event that does not exist", "  workflow_dispatch:\n", "  workflow_dispatched:\n", `unknown Webhook event "workflow_dispatched"`},
		{"a job that needs no job", "    needs: plan\n", "    needs: plans\n", `job "publish" needs job "plans" which does not exist`},
	}
	if _, err := exec.LookPath("shellcheck"); err == nil {
		cases = append(cases, struct{ name, old, new, want string }{
			"a shell mistake", `cp public/manifest.json .charter-deployed/manifest.json`, `cp public/manifest.json $DEPLOYED/manifest.json`, "SC2086"})
	}
	for _, tc := range cases {
		if strings.Count(src, tc.old) != 1 {
			t.Fatalf("%s: the workflow no longer holds %q once", tc.name, tc.old)
		}
		errs := lint(t, "broken.yml", []byte(strings.Replace(src, tc.old, tc.new, 1)))
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e.Message, tc.want)
		}
		if !found {
			t.Errorf("%s: actionlint did not say %q; it said %v", tc.name, tc.want, errs)
		}
	}
}

// workflow is what the tests read of a GitHub Actions workflow.
type workflow struct {
	Env  map[string]string
	Jobs map[string]struct {
		Outputs  map[string]string
		Env      map[string]string
		Strategy struct{ Matrix string }
		Steps    []step
	}
}

type step struct {
	ID, Name, Uses, If, Run string
	Env                     map[string]string
	With                    map[string]string
}

func readWorkflow(t *testing.T) workflow {
	t.Helper()
	var w workflow
	if err := yaml.Unmarshal(read(t, "github-actions.yml"), &w); err != nil {
		t.Fatal(err)
	}
	return w
}

// matrixOf is the matrix charter regions --json prints for the example
// site.
func matrixOf(t *testing.T) []map[string]string {
	t.Helper()
	out := charter(t, "regions", "--site", root, "--json")
	var m struct{ Include []map[string]string }
	if err := json.Unmarshal([]byte(out), &m); err != nil || len(m.Include) == 0 {
		t.Fatalf("regions --json: %v\n%s", err, out)
	}
	return m.Include
}

// The matrix is what charter regions --json prints, whole, and every
// matrix value the workflow reads is a key of it.
func TestGitHubWorkflowReadsTheMatrixCharterPrints(t *testing.T) {
	w := readWorkflow(t)
	entries := matrixOf(t)
	if got := w.Jobs["publish"].Strategy.Matrix; got != "${{ fromJSON(needs.plan.outputs.regions) }}" {
		t.Errorf("publish's matrix is %q", got)
	}
	i := slices.IndexFunc(w.Jobs["plan"].Steps, func(s step) bool { return s.ID == "regions" })
	if i < 0 || !strings.Contains(w.Jobs["plan"].Steps[i].Run, "regions=$(charter regions --json)") {
		t.Errorf("the plan job does not set regions from charter regions --json")
	}
	src := string(read(t, "github-actions.yml"))
	refs := regexp.MustCompile(`matrix\.([A-Za-z_][A-Za-z0-9_]*)`).FindAllStringSubmatch(src, -1)
	if len(refs) == 0 {
		t.Fatal("the workflow reads no matrix value")
	}
	for _, ref := range refs {
		if _, ok := entries[0][ref[1]]; !ok {
			t.Errorf("the workflow reads matrix.%s, which charter regions --json does not print", ref[1])
		}
	}
}

var charterOnce struct {
	sync.Once
	dir string
	err error
	out []byte
}

// charterBinary builds the charter command once, for the scripts.
func charterBinary(t *testing.T) string {
	t.Helper()
	charterOnce.Do(func() {
		charterOnce.dir, charterOnce.err = os.MkdirTemp("", "charter-ci-")
		if charterOnce.err == nil {
			cmd := exec.Command("go", "build", "-o", filepath.Join(charterOnce.dir, "charter"), "../../cmd/charter")
			charterOnce.out, charterOnce.err = cmd.CombinedOutput()
		}
	})
	if charterOnce.err != nil {
		t.Fatalf("go build: %v\n%s", charterOnce.err, charterOnce.out)
	}
	return filepath.Join(charterOnce.dir, "charter")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if charterOnce.dir != "" {
		os.RemoveAll(charterOnce.dir)
	}
	os.Exit(code)
}

// needScripts skips a test that runs the workflows' scripts where their
// tools are missing.
func needScripts(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the charter binary and runs the scripts")
	}
	for _, tool := range []string{"bash", "awk", "rsync"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install %s)", tool, tool)
		}
	}
}

// bash runs script as GitHub's shell: bash and GitLab's runner do: the
// commands fail the script, pipelines included.
func bash(t *testing.T, dir, script string, env []string) {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("script failed: %v\n%s\n--- the script:\n%s", err, out, script)
	}
}

// treeHashes maps each file under dir to its sha256.
func treeHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		sums[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// publisher runs one region's deploy job of a workflow in the checkout
// work, deploying into target when it is not "" and keeping the changed
// files as an artifact when it is. Between two runs, cache holds the
// manifest the last successful run saved.
type publisher func(t *testing.T, work, target string)

// threePushes runs a region's job three times over edits of the site,
// as three pushes would, and checks that each deploy uploads only what
// changed, deletes only what is gone, and leaves the host's folder equal
// to the build.
func threePushes(t *testing.T, publish publisher) {
	t.Helper()
	site := sitetest.Copy(t)
	target := t.TempDir()
	host := filepath.Join(target, "acme24.de")
	if err := os.MkdirAll(host, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(host, "host-only.txt"), []byte("the host's own"), 0o644)
	os.MkdirAll(filepath.Join(site, "assets/static"), 0o755)
	os.WriteFile(filepath.Join(site, "assets/static/old.txt"), []byte("removed by the second push"), 0o644)

	// A fresh checkout each time: no public/, no files of the last run.
	checkout := func() {
		for _, name := range []string{"public", "changes.txt", "upload.txt", "delete.txt", "deploy"} {
			os.RemoveAll(filepath.Join(site, name))
		}
	}
	deployed := func(step string) map[string]string {
		t.Helper()
		built, live := treeHashes(t, filepath.Join(site, "public/acme24.de")), treeHashes(t, host)
		if live["host-only.txt"] == "" {
			t.Errorf("%s: the deploy deleted a file charter never wrote", step)
		}
		delete(live, "host-only.txt")
		for name, sum := range built {
			if live[name] != sum {
				t.Errorf("%s: %s is not deployed as built", step, name)
			}
		}
		for name := range live {
			if built[name] == "" {
				t.Errorf("%s: %s is still deployed, though the build no longer has it", step, name)
			}
		}
		return built
	}

	// The first deploy uploads everything.
	checkout()
	publish(t, site, target)
	first := deployed("first deploy")
	if n := strings.Count(string(read(t, filepath.Join(site, "upload.txt"))), "\n"); n != len(first) {
		t.Errorf("first deploy uploaded %d files of %d", n, len(first))
	}
	if _, ok := first["old.txt"]; !ok {
		t.Fatal("assets/static/old.txt was not deployed")
	}

	// The second, after an edit and a removal, only those.
	checkout()
	b := read(t, filepath.Join(site, "content/privacy.de.md"))
	os.WriteFile(filepath.Join(site, "content/privacy.de.md"), bytes.Replace(b, []byte("## Einleitung"), []byte("## Einleitung und Zweck"), 1), 0o644)
	os.Remove(filepath.Join(site, "assets/static/old.txt"))
	publish(t, site, target)
	second := deployed("second deploy")
	changes := string(read(t, filepath.Join(site, "changes.txt")))
	for _, want := range []string{"~ acme24.de/privacy/index.html\n", "- acme24.de/old.txt\n"} {
		if !strings.Contains(changes, want) {
			t.Errorf("second deploy: the changes lack %q:\n%s", want, changes)
		}
	}
	upload := strings.Split(string(read(t, filepath.Join(site, "upload.txt"))), "\n")
	for name, sum := range second {
		if sum == first[name] && slices.Contains(upload, "acme24.de/"+name) {
			t.Errorf("second deploy uploaded %s, which did not change", name)
		}
	}

	// Without a deploy target the changed files are kept, and only they.
	checkout()
	os.WriteFile(filepath.Join(site, "content/privacy.de.md"), b, 0o644)
	publish(t, site, "")
	kept := treeHashes(t, filepath.Join(site, "deploy"))
	if kept["changes.txt"] == "" {
		t.Error("no deploy target: changes.txt is not kept")
	}
	delete(kept, "changes.txt")
	built := treeHashes(t, filepath.Join(site, "public"))
	if len(kept) == 0 || len(kept) >= len(second) {
		t.Errorf("no deploy target: kept %d files of %d", len(kept), len(second))
	}
	for name, sum := range kept {
		if built[name] != sum {
			t.Errorf("no deploy target: kept %s, which is not the build's", name)
		}
	}
}

// expand replaces the ${{ ... }} expressions of a workflow with their
// values; an expression it does not know fails the test, so that the
// scripts below run as GitHub would run them.
func expand(t *testing.T, s string, values map[string]string) string {
	t.Helper()
	return regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`).ReplaceAllStringFunc(s, func(m string) string {
		expr := strings.TrimSpace(m[3 : len(m)-2])
		v, ok := values[expr]
		if !ok {
			t.Fatalf("the test does not know the value of ${{ %s }}", expr)
		}
		return v
	})
}

// The publish job's steps, run as GitHub runs them (the actions it uses
// emulated: the artifact with charter, the cache), deploy only what
// changed.
func TestGitHubWorkflowDeploysOnlyWhatChanged(t *testing.T) {
	needScripts(t)
	bin := charterBinary(t)
	w := readWorkflow(t)
	job := w.Jobs["publish"]
	var region map[string]string
	for _, e := range matrixOf(t) {
		if e["region"] == "de" {
			region = e
		}
	}
	cache := t.TempDir()
	threePushes(t, func(t *testing.T, work, target string) {
		temp := t.TempDir()
		home := t.TempDir()
		values := map[string]string{
			"matrix.region": region["region"], "matrix.domain": region["domain"], "matrix.baseURL": region["baseURL"],
			"secrets.CHARTER_DEPLOY_TARGET": target, "secrets.CHARTER_DEPLOY_SSH_KEY": "not a key", "secrets.CHARTER_DEPLOY_KNOWN_HOSTS": "example.org ssh-ed25519 AAAA",
			"runner.temp": temp, "github.run_id": "1", "github.run_attempt": "1",
		}
		githubPath := filepath.Join(temp, "github_path")
		os.WriteFile(githubPath, nil, 0o644)
		env := map[string]string{}
		for k, v := range w.Env {
			env[k] = expand(t, v, values)
		}
		for k, v := range job.Env {
			env[k] = expand(t, v, values)
		}
		artifact := false
		for _, s := range job.Steps {
			switch {
			case s.If == "env.DEPLOY_TARGET != ''" && env["DEPLOY_TARGET"] == "",
				s.If == "env.DEPLOY_TARGET == ''" && env["DEPLOY_TARGET"] != "":
				continue
			case s.If != "" && s.If != "env.DEPLOY_TARGET != ''" && s.If != "env.DEPLOY_TARGET == ''":
				t.Fatalf("step %q: the test does not know the condition %q", s.Name, s.If)
			}
			with := map[string]string{}
			for k, v := range s.With {
				with[k] = expand(t, v, values)
			}
			switch {
			case strings.HasPrefix(s.Uses, "actions/checkout@"):
				// work is the checkout
			case strings.HasPrefix(s.Uses, "actions/download-artifact@"):
				// Artifacts keep no file modes: the job must chmod.
				os.MkdirAll(with["path"], 0o755)
				os.WriteFile(filepath.Join(with["path"], "charter"), read(t, bin), 0o644)
			case strings.HasPrefix(s.Uses, "actions/cache/restore@"):
				if b, err := os.ReadFile(filepath.Join(cache, "manifest.json")); err == nil {
					os.MkdirAll(filepath.Join(work, filepath.Dir(with["path"])), 0o755)
					os.WriteFile(filepath.Join(work, with["path"]), b, 0o644)
				}
			case strings.HasPrefix(s.Uses, "actions/cache/save@"):
				os.WriteFile(filepath.Join(cache, "manifest.json"), read(t, filepath.Join(work, with["path"])), 0o644)
			case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
				if _, err := os.Stat(filepath.Join(work, with["path"])); err != nil {
					t.Errorf("step %q uploads %s: %v", s.Name, with["path"], err)
				}
				artifact = true
			case s.Uses != "":
				t.Fatalf("step %q: the test does not know %s", s.Name, s.Uses)
			default:
				stepEnv := maps(env)
				for k, v := range s.Env {
					stepEnv[k] = expand(t, v, values)
				}
				path := strings.Fields(string(read(t, githubPath)))
				stepEnv["PATH"] = strings.Join(append(path, os.Getenv("PATH")), ":")
				stepEnv["RUNNER_TEMP"], stepEnv["GITHUB_PATH"], stepEnv["HOME"] = temp, githubPath, home
				bash(t, work, expand(t, s.Run, values), environ(stepEnv))
			}
		}
		if artifact != (target == "") {
			t.Errorf("the changed files were kept as an artifact: %v, with the deploy target %q", artifact, target)
		}
	})
}

func maps(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// environ is env as exec.Cmd.Env, over what the scripts need of this
// process's environment.
func environ(env map[string]string) []string {
	var out []string
	for _, k := range []string{"LANG", "TMPDIR", "GOCACHE", "GOPATH", "GOFLAGS"} {
		if v, ok := os.LookupEnv(k); ok {
			out = append(out, k+"="+v)
		}
	}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// gitlabKeywords are the keys a GitLab job may have.
var gitlabKeywords = []string{"after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage",
	"dast_configuration", "dependencies", "environment", "extends", "hooks", "identity", "id_tokens", "image",
	"inherit", "interruptible", "manual_confirmation", "needs", "pages", "parallel", "release", "resource_group",
	"retry", "rules", "run", "script", "secrets", "services", "stage", "tags", "timeout", "trigger", "variables", "when"}

// checkJob reports a key of a GitLab job that GitLab does not know.
func checkJob(t *testing.T, file, name string, job map[string]any) {
	t.Helper()
	for k := range job {
		if !slices.Contains(gitlabKeywords, k) {
			t.Errorf("%s: job %s has the key %q, which GitLab does not know", file, name, k)
		}
	}
}

func readYAML(t *testing.T, name string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(read(t, name), &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// The GitLab pipeline is YAML with the jobs it says: plan writes the
// child pipeline with charter regions --gitlab, publish starts it from
// plan's artifact.
func TestGitLabPipelineHasItsJobs(t *testing.T) {
	doc := readYAML(t, "gitlab-ci.yml")
	stages, _ := doc["stages"].([]any)
	if !slices.Equal(stages, []any{"plan", "publish"}) {
		t.Errorf("stages: %v", stages)
	}
	vars, _ := doc["variables"].(map[string]any)
	template, _ := vars["CHARTER_TEMPLATE"].(string)
	if _, err := os.Stat(filepath.Join(root, template)); err != nil {
		t.Errorf("CHARTER_TEMPLATE: %v", err)
	}
	for _, name := range []string{"plan", "publish"} {
		job, ok := doc[name].(map[string]any)
		if !ok {
			t.Fatalf("no job %s", name)
		}
		checkJob(t, "gitlab-ci.yml", name, job)
		if job["stage"] != name {
			t.Errorf("job %s is in stage %v", name, job["stage"])
		}
	}
	plan := doc["plan"].(map[string]any)
	var script []string
	for _, line := range plan["script"].([]any) {
		script = append(script, line.(string))
	}
	for _, want := range []string{`charter check --strict`, `charter regions --gitlab "$CHARTER_TEMPLATE" > regions.yml`} {
		if !slices.Contains(script, want) {
			t.Errorf("plan's script does not run %s: %s", want, script)
		}
	}
	artifacts, _ := json.Marshal(plan["artifacts"])
	if !strings.Contains(string(artifacts), `"paths":["regions.yml"]`) {
		t.Errorf("plan keeps no regions.yml: %s", artifacts)
	}
	trigger, _ := json.Marshal(doc["publish"].(map[string]any)["trigger"])
	if string(trigger) != `{"include":[{"artifact":"regions.yml","job":"plan"}],"strategy":"depend"}` {
		t.Errorf("publish's trigger: %s", trigger)
	}
}

// childPipeline is what charter regions --gitlab writes for the example
// site with the example template, run from the repository's root as the
// plan job runs it.
func childPipeline(t *testing.T) map[string]any {
	t.Helper()
	here, _ := os.Getwd()
	t.Chdir(root)
	out := charter(t, "regions", "--gitlab", "examples/ci/gitlab-region.yml")
	t.Chdir(here)
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("regions --gitlab: %v\n%s", err, out)
	}
	return doc
}

// The child pipeline includes the template, and each region's job extends
// its hidden job, which builds that region and deploys it.
func TestGitLabChildPipelineExtendsTheTemplate(t *testing.T) {
	child := childPipeline(t)
	include, _ := json.Marshal(child["include"])
	if string(include) != `[{"local":"examples/ci/gitlab-region.yml"}]` {
		t.Errorf("include: %s", include)
	}
	entries := matrixOf(t)
	if len(child) != len(entries)+1 {
		t.Errorf("%d keys for %d regions", len(child), len(entries))
	}
	for _, e := range entries {
		job, ok := child["region:"+e["region"]].(map[string]any)
		if !ok {
			t.Errorf("no job region:%s", e["region"])
			continue
		}
		vars, _ := json.Marshal(job["variables"])
		want, _ := json.Marshal(map[string]string{"CHARTER_REGION": e["region"], "CHARTER_DOMAIN": e["domain"], "CHARTER_BASE_URL": e["baseURL"]})
		if job["extends"] != ".charter-region" || string(vars) != string(want) {
			t.Errorf("region:%s: %v", e["region"], job)
		}
	}
	template := readYAML(t, "gitlab-region.yml")
	job, ok := template[".charter-region"].(map[string]any)
	if !ok {
		t.Fatal("gitlab-region.yml defines no .charter-region")
	}
	checkJob(t, "gitlab-region.yml", ".charter-region", job)
	if job["stage"] != "deploy" {
		t.Errorf(".charter-region is in stage %v, not one of a child pipeline's default stages", job["stage"])
	}
}

// The template's script, run as GitLab's runner runs it (its caches kept
// from one run to the next), deploys only what changed.
func TestGitLabTemplateDeploysOnlyWhatChanged(t *testing.T) {
	needScripts(t)
	bin := charterBinary(t)
	var template struct {
		Job struct {
			Variables map[string]string
			Script    []string
		} `yaml:".charter-region"`
	}
	if err := yaml.Unmarshal(read(t, "gitlab-region.yml"), &template); err != nil {
		t.Fatal(err)
	}
	child := childPipeline(t)
	job := child["region:de"].(map[string]any)
	script := template.Job.Script
	if len(script) < 2 || !strings.Contains(script[0], "go install") {
		t.Fatalf("the script does not start by installing charter: %q", script)
	}
	threePushes(t, func(t *testing.T, work, target string) {
		home := t.TempDir()
		key := filepath.Join(home, "deploy_key") // a variable of type File is a path
		os.WriteFile(key, []byte("not a key"), 0o600)
		env := map[string]string{"CI_PROJECT_DIR": work, "HOME": home, "CHARTER_VERSION": "latest",
			"CHARTER_DEPLOY_TARGET": target, "CHARTER_DEPLOY_SSH_KEY": key, "CHARTER_DEPLOY_KNOWN_HOSTS": "example.org ssh-ed25519 AAAA"}
		for k, v := range job["variables"].(map[string]any) {
			env[k] = v.(string)
		}
		for k, v := range template.Job.Variables {
			env[k] = os.Expand(v, func(name string) string { return env[name] })
		}
		// The install is the one step the test does for it: charter is
		// on PATH.
		env["PATH"] = filepath.Dir(bin) + ":" + os.Getenv("PATH")
		bash(t, work, strings.Join(script[1:], "\n"), environ(env))
	})
}
