package bundle

// The shard rule of docs/FORMAT.md §3.1, in one place: Writer cuts its
// shards with it, Check (checkLayout) refuses a shard that ends early by
// it, and ShardCutter/CutShards offer it to a job that cuts shards
// elsewhere (docs/SCALING.md), so the three cannot drift apart.

// fitsShard reports whether a line of lineLen bytes (without its "\n")
// may be appended to a shard that already holds bytes bytes in records
// records. A shard is never empty, so the first line of a shard always
// goes in whatever its length; callers decide that case.
func fitsShard(bytes, records int64, lineLen int) bool {
	return bytes+int64(lineLen)+1 <= MaxShardBytes && records < MaxShardRecords
}

// ShardCutter places record lines into shards by the format's rule, one
// line at a time, in id order: a new shard starts when the next line
// (with its "\n") would take the current one past MaxShardBytes, or the
// current one already has MaxShardRecords records. Its state is three
// numbers, so a job can cut a billion records in one pass on one worker
// without holding them. The zero value is ready to use.
type ShardCutter struct {
	started bool
	shard   int
	bytes   int64
	records int64
}

// Add places the next line, of lineLen bytes without its "\n", and
// returns the number of the shard it goes in (from 0) and whether it is
// that shard's first line.
func (c *ShardCutter) Add(lineLen int) (shard int, first bool) {
	if !c.started || !fitsShard(c.bytes, c.records, lineLen) {
		if c.started {
			c.shard++
		}
		c.started, c.bytes, c.records, first = true, 0, 0, true
	}
	c.bytes += int64(lineLen) + 1
	c.records++
	return c.shard, first
}

// CutShards returns, for record lines of the given lengths (without
// "\n", in id order), the index of the first line of every shard: shard
// k holds lines starts[k] to starts[k+1]-1. It is ShardCutter over a
// slice, for callers that have the lengths at hand.
func CutShards(lineLens []int) (starts []int) {
	var c ShardCutter
	for i, n := range lineLens {
		if _, first := c.Add(n); first {
			starts = append(starts, i)
		}
	}
	return starts
}
