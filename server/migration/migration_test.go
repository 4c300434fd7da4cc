package migration

import (
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	file := func(sql string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(sql)} }
	ms, err := Load(fstest.MapFS{
		"migrations/0010_later.sql":  file("B"),
		"migrations/0002_second.sql": file("A"),
		"migrations/README":          file("not a migration"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{{2, "0002_second.sql", "A"}, {10, "0010_later.sql", "B"}}
	if len(ms) != len(want) {
		t.Fatalf("Load = %v; want %v", ms, want)
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("step %d = %+v; want %+v", i, ms[i], want[i])
		}
	}

	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no number", fstest.MapFS{"migrations/init.sql": file("")},
			"migrations/init.sql: name must be NNNN_description.sql"},
		{"version 0", fstest.MapFS{"migrations/0000_init.sql": file("")},
			"migrations/0000_init.sql: name must be NNNN_description.sql"},
		{"duplicate version", fstest.MapFS{"migrations/0001_a.sql": file(""), "migrations/01_b.sql": file("")},
			"migrations/01_b.sql: version 1 already used by 0001_a.sql"},
	} {
		if _, err := Load(tc.fsys); err == nil || err.Error() != tc.want {
			t.Errorf("%s: Load error = %v; want %q", tc.name, err, tc.want)
		}
	}
}
