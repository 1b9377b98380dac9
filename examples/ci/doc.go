// Package ci holds example CI configurations that publish a charter site
// one regional domain a job, for a site's own repository (this
// repository's CI is .ci/run):
//
//   - github-actions.yml: a GitHub Actions workflow, checked once, then a
//     matrix job a region from charter regions --json;
//   - gitlab-ci.yml and gitlab-region.yml: a GitLab pipeline whose child
//     pipeline, written by charter regions --gitlab, has a job a region.
//
// Each region's job builds with charter build --region ID --changed-since
// and uploads only what changed. The package has no code: its tests lint
// the files and run their scripts against the example site.
package ci
