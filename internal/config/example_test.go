package config

import (
	"testing"
)

func TestExampleSite(t *testing.T) {
	site, diags := Load("../..", nil)
	for _, d := range diags {
		t.Errorf("%v", d)
	}
	if site == nil {
		t.Fatal("no site")
	}
	var ids []string
	for _, r := range site.Regions {
		ids = append(ids, r.ID)
	}
	want := []string{"us", "latam", "br", "eu", "de", "fr", "pl", "it", "in", "tr", "cn", "tw", "id", "my", "th", "vn", "jp", "ae"}
	if len(ids) != len(want) {
		t.Fatalf("regions %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("regions %v, want %v", ids, want)
		}
	}
	t.Logf("%+v", *site.Regions[3])
	t.Logf("%+v", *site.Forms["implementation-request"])
}
