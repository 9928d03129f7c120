// Package pipeline runs per-item work on all cores and hands the results
// on in input order.
//
//   - Output order is input order whatever the number of workers or the
//     scheduling, so what is built from the results is deterministic
//     (the same bytes with GOMAXPROCS=1 or 16).
//   - Memory is bounded: at most Window results wait for their turn, so
//     a slow consumer (the compressor) holds back the producers instead
//     of letting results pile up. With Seq the input is pulled from an
//     iterator as workers free up, so the number of items need not be
//     known, nor held, beforehand.
//   - A failed item does not stop the others: its error goes to emit in
//     its turn, and the consumer decides (a build reports every bad
//     document, not only the first).
package pipeline

import (
	"context"
	"iter"
	"runtime"
	"sync"
)

// Options tunes Ordered and Seq. Zero values pick defaults.
type Options struct {
	Workers int // default GOMAXPROCS
	Window  int // results in flight; default 4 × Workers
}

// Ordered calls work(i) for i in [0, n) on Workers goroutines and
// emit(i, v, err) for each i in increasing order, from the calling
// goroutine. If emit returns an error, Ordered stops handing out new
// items, waits for the workers and returns that error; it also stops when
// ctx is done.
func Ordered[T any](ctx context.Context, n int, opts Options, work func(i int) (T, error), emit func(i int, v T, err error) error) error {
	indices := func(yield func(int, error) bool) {
		for i := 0; i < n; i++ {
			if !yield(i, nil) {
				return
			}
		}
	}
	return Seq(ctx, indices, opts, work, func(i, _ int, v T, err error) error { return emit(i, v, err) })
}

// Seq is Ordered over the items of src: it calls work(in) for each item
// on Workers goroutines and emit(i, in, v, err) for the i-th item (from
// 0) in src's order, from the calling goroutine.
//
// src is iterated on a goroutine of its own, one item ahead of a free
// slot in the window, never all at once. If src yields an error, no
// item after it is handed out; the items before it are still emitted,
// then Seq returns that error. If emit returns an error, Seq stops
// iterating src, waits for the workers and returns that error; it also
// stops when ctx is done. Seq returns only once src's iteration has
// ended, so the caller may release what src reads from.
func Seq[In, Out any](ctx context.Context, src iter.Seq2[In, error], opts Options, work func(in In) (Out, error), emit func(i int, in In, v Out, err error) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	window := opts.Window
	if window <= 0 {
		window = 4 * workers
	}
	if window < workers {
		window = workers
	}
	type job struct {
		i  int
		in In
	}
	type result struct {
		in  In
		v   Out
		err error
	}
	// slots[i%window] carries item i's result; a token in tickets lets
	// the feeder hand out the next item, and is returned only when that
	// item has been emitted, so at most window items are in flight and a
	// worker never finds its slot full. order tells the emitter which
	// items were handed out, in order; it ends when src does.
	slots := make([]chan result, window)
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	tickets := make(chan struct{}, window)
	for i := 0; i < window; i++ {
		tickets <- struct{}{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan job)
	order := make(chan int, window)
	var srcErr error // written by the feeder before it closes order
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(order)
		defer close(jobs)
		i := 0
		for in, err := range src {
			if err != nil {
				srcErr = err
				return
			}
			select {
			case <-tickets:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{i, in}:
			case <-ctx.Done():
				return
			}
			// Only items a worker has taken are announced, so the
			// emitter never waits for a slot nobody will fill; this send
			// never blocks, as at most window tickets are out.
			order <- i
			i++
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				v, err := work(j.in)
				slots[j.i%window] <- result{j.in, v, err}
			}
		}()
	}
	defer wg.Wait()
	for i := range order {
		var r result
		select {
		case r = <-slots[i%window]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := emit(i, r.in, r.v, r.err); err != nil {
			cancel()
			return err
		}
		tickets <- struct{}{}
	}
	// order is closed: the feeder is done and srcErr is set.
	if srcErr != nil {
		return srcErr
	}
	return ctx.Err()
}
