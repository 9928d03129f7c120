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
	err := forEachPage(len(d.names),
		func(i int) ([]*PageScore, error) {
			p, err := d.Page(d.names[i])
			if err != nil {
				return nil, err
			}
			out := make([]*PageScore, len(systems))
			for k, sys := range systems {
				out[k] = ScorePage(p, sys.Normalizer)
			}
			return out, nil
		},
		func(scores []*PageScore) {
			for k, ps := range scores {
				sums[k].Add(ps)
			}
		})
	return sums, err
}

// EvaluateSnippets is Evaluate for the snippet set.
func EvaluateSnippets(set *SnippetSet, systems ...System) ([]*SnippetSummary, error) {
	sums := make([]*SnippetSummary, len(systems))
	for i, sys := range systems {
		sums[i] = NewSnippetSummary(sys.Name)
	}
	err := forEachPage(len(set.names),
		func(i int) ([]*SnippetScore, error) {
			p, err := set.Page(set.names[i])
			if err != nil {
				return nil, err
			}
			out := make([]*SnippetScore, len(systems))
			for k, sys := range systems {
				out[k] = ScoreSnippetPage(p, sys.Normalizer)
			}
			return out, nil
		},
		func(scores []*SnippetScore) {
			for k, ps := range scores {
				sums[k].Add(ps)
			}
		})
	return sums, err
}

// forEachPage scores pages 0..n-1 on all cores and adds their scores in
// page order; read errors are collected and joined.
func forEachPage[T any](n int, score func(i int) (T, error), add func(T)) error {
	var errs []error
	err := pipeline.Ordered(context.Background(), n, pipeline.Options{}, score,
		func(_ int, v T, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			add(v)
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
