package eval

import (
	"context"
	"errors"
	"fmt"

	"github.com/quire-archive/quire/internal/pipeline"
)

// System is a named normalizer to evaluate.
type System struct {
	Name       string
	Normalizer Normalizer
}

// Evaluate scores every page of d with each system, on all cores (see
// pipeline.Ordered: the summaries are the same whatever the number of
// cores). Each page is read once. A page that cannot be read is skipped
// and its error joined into the returned error, so every bad file is
// named; the summaries are then incomplete and must not be reported as
// figures.
func Evaluate(d *Devset, systems ...System) ([]*Summary, error) {
	sums := make([]*Summary, len(systems))
	for i, sys := range systems {
		sums[i] = NewSummary(sys.Name)
	}
	err := evaluate(d.names, d.Page, ScorePage, systems, func(k int, ps *PageScore) { sums[k].Add(ps) })
	return sums, err
}

// EvaluateSnippets is Evaluate for the snippet set.
func EvaluateSnippets(set *SnippetSet, systems ...System) ([]*SnippetSummary, error) {
	sums := make([]*SnippetSummary, len(systems))
	for i, sys := range systems {
		sums[i] = NewSnippetSummary(sys.Name)
	}
	err := evaluate(set.names, set.Page, ScoreSnippetPage, systems, func(k int, ps *SnippetScore) { sums[k].Add(ps) })
	return sums, err
}

// evaluate reads each named page and scores it with every system on all
// cores, then adds the scores, system k's to add(k, …), in page order.
// Read errors are collected and joined.
func evaluate[P, S any](names []string, page func(string) (P, error), score func(P, Normalizer) S, systems []System, add func(int, S)) error {
	var errs []error
	err := pipeline.Ordered(context.Background(), len(names), pipeline.Options{},
		func(i int) ([]S, error) {
			p, err := page(names[i])
			if err != nil {
				return nil, err
			}
			out := make([]S, len(systems))
			for k, sys := range systems {
				out[k] = score(p, sys.Normalizer)
			}
			return out, nil
		},
		func(_ int, scores []S, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			for k, ps := range scores {
				add(k, ps)
			}
			return nil
		})
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return fmt.Errorf("dev set: %w", errors.Join(errs...))
	}
	return nil
}
