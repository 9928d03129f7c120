package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInputKindByContent: what a file holds is decided by its content
// and the one rule (classify), the same for every command and whether
// the file is named or found in a directory: a JSON Lines file that
// starts with a byte-order mark is JSON Lines, not a raw article.
func TestInputKindByContent(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data string
		want       inputKind
	}{
		{"recs.jsonl", "{\"id\":\"a\"}\n", kindJSONL},
		{"bom.jsonl", "\ufeff{\"id\":\"a\"}\n", kindJSONL},
		{"bom-space.txt", "\ufeff \n{\"id\":\"a\"}\n", kindJSONL},
		{"article.txt", "\ufeffA headline\n\nSome text.\n", kindRaw},
		{"b.tar.zst", "not zstd at all", kindBundle},
		{"zstd.bin", "\x28\xb5\x2f\xfdrest", kindBundle},
		{"empty.txt", "", kindRaw},
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := sniff(p); err != nil || got != tc.want {
			t.Errorf("sniff(%s) = %v, %v; want %v", tc.name, got, err, tc.want)
		}
		in, err := openInput(p)
		if err != nil {
			t.Fatal(err)
		}
		if in.kind != tc.want {
			t.Errorf("openInput(%s).kind = %v, want %v", tc.name, in.kind, tc.want)
		}
		in.Close()
	}
	in, err := openInput(dir)
	if err != nil || in.kind != kindSeeds {
		t.Fatalf("openInput(dir) = %v, %v", in, err)
	}
	in.Close()
}
