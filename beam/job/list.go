package job

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/quire-archive/quire/internal/corpus"
)

// doc is one listed raw document. Pos is its place in the listing,
// which is sorted by id: every step that needs the records in order
// sorts by it.
type doc struct {
	Pos  int64
	Name string
	Size int64
}

// listing is what the listing says of the whole directory.
type listing struct {
	Docs  int64
	Bytes int64
}

// listFn lists the seeds directory on one worker with package corpus:
// the same checks as quire build, in bounded memory (the listing spills
// to the worker's temporary directory past corpus.DefaultRunSize
// documents). Its one input is the pipeline's impulse.
type listFn struct {
	Seeds string
}

func (f *listFn) ProcessElement(ctx context.Context, _ []byte, emit func(doc), total func(listing)) error {
	fsys, release, err := openSeeds(ctx, f.Seeds)
	if err != nil {
		return fmt.Errorf("seeds directory %s: %w", f.Seeds, err)
	}
	defer release()
	l, err := corpus.Open(fsys, ".", corpus.ListOptions{})
	if err != nil {
		var le *corpus.ListError
		if errors.As(err, &le) {
			lines := make([]string, 0, len(le.Problems)+1)
			for _, p := range le.Problems {
				lines = append(lines, join(f.Seeds, p))
			}
			if le.Dropped > 0 {
				lines = append(lines, fmt.Sprintf("… and %d more problems in %s", le.Dropped, f.Seeds))
			}
			return errors.New(strings.Join(append(lines, "nothing written"), "\n"))
		}
		return fmt.Errorf("list %s: %w", f.Seeds, err)
	}
	defer l.Close()
	if l.Len() == 0 {
		return fmt.Errorf("%s: no raw documents (*%s) to build from", f.Seeds, corpus.Ext)
	}
	var pos int64
	for d, err := range l.All() {
		if err != nil {
			return fmt.Errorf("list %s: %w", f.Seeds, err)
		}
		emit(doc{Pos: pos, Name: d.Name, Size: d.Size})
		pos++
	}
	total(listing{Docs: int64(l.Len()), Bytes: l.Bytes()})
	return nil
}
