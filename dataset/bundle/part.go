package bundle

import (
	"fmt"
)

// MaxShardPartBytes bounds the JSON text of one ShardPart. A part holds
// a path, two ids of at most 128 characters, two hex digests and three
// numbers: under 1 KiB however it is spaced or escaped by a sane
// encoder.
const MaxShardPartBytes = 4 << 10

// shardPartJSON is ShardPart as it travels, with every field a pointer
// so that a missing (or null) field can be told from a zero one.
type shardPartJSON struct {
	Shard *struct {
		Path    *string `json:"path"`
		Records *int64  `json:"records"`
		Bytes   *int64  `json:"bytes"`
		SHA256  *string `json:"sha256"`
		FirstID *string `json:"first_id"`
		LastID  *string `json:"last_id"`
	} `json:"shard"`
	ListBytes  *int64  `json:"list_bytes"`
	ListSHA256 *string `json:"list_sha256"`
}

// UnmarshalJSON decodes a ShardPart strictly, because a part usually
// arrives from another machine (docs/SCALING.md) and Assemble believes
// what it says about sizes: the text must be valid UTF-8 of at most
// MaxShardPartBytes, with no duplicate keys, no unknown fields, every
// field present and not null, and no negative number. Errors name the
// field by its JSON pointer. Whether the values fit the shard (its path,
// the limits, the digests) is checked by VerifyShard and Assemble, which
// know the shard's number.
func (p *ShardPart) UnmarshalJSON(b []byte) error {
	if len(b) > MaxShardPartBytes {
		return fmt.Errorf("shard part: %d bytes of JSON, more than %d", len(b), MaxShardPartBytes)
	}
	var j shardPartJSON
	if err := strictUnmarshal(b, &j); err != nil {
		return fmt.Errorf("shard part: %w", err)
	}
	if j.Shard == nil {
		return fmt.Errorf("shard part: /shard: missing or null")
	}
	s := j.Shard
	for _, f := range []struct {
		ptr string
		ok  bool
	}{
		{"/shard/path", s.Path != nil}, {"/shard/records", s.Records != nil}, {"/shard/bytes", s.Bytes != nil},
		{"/shard/sha256", s.SHA256 != nil}, {"/shard/first_id", s.FirstID != nil}, {"/shard/last_id", s.LastID != nil},
		{"/list_bytes", j.ListBytes != nil}, {"/list_sha256", j.ListSHA256 != nil},
	} {
		if !f.ok {
			return fmt.Errorf("shard part: %s: missing or null", f.ptr)
		}
	}
	for _, f := range []struct {
		ptr string
		n   int64
	}{{"/shard/records", *s.Records}, {"/shard/bytes", *s.Bytes}, {"/list_bytes", *j.ListBytes}} {
		if f.n < 0 {
			return fmt.Errorf("shard part: %s: %d is negative", f.ptr, f.n)
		}
	}
	*p = ShardPart{
		Shard: Shard{
			Path: *s.Path, Records: *s.Records, Bytes: *s.Bytes, SHA256: *s.SHA256,
			FirstID: *s.FirstID, LastID: *s.LastID,
		},
		ListBytes: *j.ListBytes, ListSHA256: *j.ListSHA256,
	}
	return nil
}
