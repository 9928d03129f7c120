package bundle

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestShardPartJSON: a part travels as JSON between machines; what
// encoding/json writes decodes to the same part, and anything a strict
// reader would not take is refused with the field named.
func TestShardPartJSON(t *testing.T) {
	p := ShardPart{
		Shard:     Shard{Path: shardEntryPath(3), Records: 2, Bytes: 100, SHA256: strings.Repeat("a", 64), FirstID: "a", LastID: "b"},
		ListBytes: 50, ListSHA256: strings.Repeat("b", 64),
	}
	j, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var q ShardPart
	if err := json.Unmarshal(j, &q); err != nil || q != p {
		t.Fatalf("%s decodes to %+v, %v; want %+v", j, q, err, p)
	}
	var qs []ShardPart
	if err := json.Unmarshal([]byte("["+string(j)+","+string(j)+"]"), &qs); err != nil || len(qs) != 2 || qs[1] != p {
		t.Fatalf("a list of parts decodes to %+v, %v", qs, err)
	}
	good := string(j)
	for _, tc := range []struct{ name, json, want string }{
		{"unknown field", strings.Replace(good, `"list_bytes"`, `"list_size":1,"list_bytes"`, 1), `shard part: json: unknown field "list_size"`},
		{"unknown field in shard", strings.Replace(good, `"path"`, `"mtime":1,"path"`, 1), `shard part: json: unknown field "mtime"`},
		{"duplicate key", strings.Replace(good, `"list_bytes":50`, `"list_bytes":50,"list_bytes":7`, 1), `shard part: byte 186: duplicate key "list_bytes"`},
		{"duplicate key in shard", strings.Replace(good, `"bytes":100`, `"bytes":100,"bytes":100`, 1), `duplicate key "bytes"`},
		{"negative bytes", strings.Replace(good, `"bytes":100`, `"bytes":-100`, 1), `shard part: /shard/bytes: -100 is negative`},
		{"negative records", strings.Replace(good, `"records":2`, `"records":-2`, 1), `shard part: /shard/records: -2 is negative`},
		{"negative list bytes", strings.Replace(good, `"list_bytes":50`, `"list_bytes":-1`, 1), `shard part: /list_bytes: -1 is negative`},
		{"missing field", strings.Replace(good, `"first_id":"a",`, ``, 1), `shard part: /shard/first_id: missing or null`},
		{"null field", strings.Replace(good, `"`+p.ListSHA256+`"`, `null`, 1), `shard part: /list_sha256: missing or null`},
		{"null", `null`, `shard part: /shard: missing or null`},
		{"empty object", `{}`, `shard part: /shard: missing or null`},
		{"not a number", strings.Replace(good, `"records":2`, `"records":2.5`, 1), `shard part: json: cannot unmarshal number 2.5 into Go struct field .shard.records of type int64`},
		{"invalid UTF-8", strings.Replace(good, `"a","last_id"`, "\"a\xff\",\"last_id\"", 1), `shard part: byte`},
		{"too long", strings.Replace(good, `{`, `{`+strings.Repeat(" ", MaxShardPartBytes), 1), `shard part: 4` /* …bytes of JSON, more than 4096 */},
	} {
		var q ShardPart
		err := json.Unmarshal([]byte(tc.json), &q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %s: got %v, want an error with %q", tc.name, tc.json, err, tc.want)
		}
	}
}
