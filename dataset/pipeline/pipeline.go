// Package pipeline runs per-item work on all cores and hands the results
// on in input order.
//
//   - Output order is input order whatever the number of workers or the
//     scheduling, so what is built from the results is deterministic
//     (the same bytes with GOMAXPROCS=1 or 16).
//   - Memory is bounded: at most Window results wait for their turn, so
//     a slow consumer (the compressor) holds back the producers instead
//     of letting results pile up.
//   - A failed item does not stop the others: its error goes to emit in
//     its turn, and the consumer decides (a build reports every bad
//     document, not only the first).
package pipeline

import (
	"context"
	"runtime"
	"sync"
)

// Options tunes Ordered. Zero values pick defaults.
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
	type result struct {
		v   T
		err error
	}
	// slots[i%window] carries item i's result; a token in tickets lets a
	// worker take the next item, and is returned only when that item has
	// been emitted, so at most window items are in flight.
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

	next := make(chan int)
	var wg sync.WaitGroup
	go func() {
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case <-tickets:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				v, err := work(i)
				slots[i%window] <- result{v, err}
			}
		}()
	}
	defer wg.Wait()
	for i := 0; i < n; i++ {
		var r result
		select {
		case r = <-slots[i%window]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := emit(i, r.v, r.err); err != nil {
			cancel()
			drain(slots)
			return err
		}
		tickets <- struct{}{}
	}
	return nil
}

// drain empties result slots so workers blocked on a full slot can
// finish after cancellation.
func drain[T any](slots []chan T) {
	for _, s := range slots {
		select {
		case <-s:
		default:
		}
	}
}
