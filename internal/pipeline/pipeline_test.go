package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

func TestOrderedKeepsOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 7} {
		var got []int
		err := Ordered(context.Background(), 200, Options{Workers: workers, Window: 5},
			func(i int) (int, error) {
				time.Sleep(time.Duration((i*7919)%5) * time.Microsecond)
				return i * i, nil
			},
			func(i int, v int, err error) error {
				if v != i*i || err != nil {
					return fmt.Errorf("item %d: got %d, %v", i, v, err)
				}
				got = append(got, i)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("workers=%d: emitted %d at position %d", workers, v, i)
			}
		}
		if len(got) != 200 {
			t.Fatalf("workers=%d: %d items emitted, want 200", workers, len(got))
		}
	}
}

func TestOrderedBoundsInFlight(t *testing.T) {
	var inFlight, peak atomic.Int64
	const window = 3
	err := Ordered(context.Background(), 100, Options{Workers: 2, Window: window},
		func(i int) (int, error) {
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			return i, nil
		},
		func(i int, v int, err error) error {
			time.Sleep(50 * time.Microsecond) // a slow consumer
			inFlight.Add(-1)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > window {
		t.Errorf("peak in flight = %d, want ≤ %d", p, window)
	}
}

func TestOrderedErrorsReachEmitAndStop(t *testing.T) {
	bad := errors.New("bad item")
	var seen []error
	err := Ordered(context.Background(), 10, Options{Workers: 3},
		func(i int) (int, error) {
			if i%4 == 1 {
				return 0, bad
			}
			return i, nil
		},
		func(i int, v int, err error) error {
			seen = append(seen, err)
			return nil
		})
	if err != nil || len(seen) != 10 || seen[1] != bad || seen[5] != bad || seen[0] != nil {
		t.Fatalf("err %v, seen %v", err, seen)
	}
	stop := errors.New("stop")
	var calls int
	err = Ordered(context.Background(), 1000, Options{Workers: 2},
		func(i int) (int, error) { return i, nil },
		func(i int, v int, err error) error {
			calls++
			if i == 3 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) || calls != 4 {
		t.Fatalf("Ordered = %v after %d calls, want stop after 4", err, calls)
	}
}

func TestSeqPullsLazilyAndKeepsOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		const window = 4
		var pulled, emitted atomic.Int64
		var maxAhead int64
		src := func(yield func(string, error) bool) {
			for i := 0; i < 300; i++ {
				if ahead := pulled.Add(1) - emitted.Load(); ahead > maxAhead {
					maxAhead = ahead
				}
				if !yield(fmt.Sprintf("item%03d", i), nil) {
					return
				}
			}
		}
		var got []string
		err := Seq(context.Background(), src, Options{Workers: workers, Window: window},
			func(s string) (int, error) {
				time.Sleep(time.Duration(int(s[len(s)-1])*7919%3) * time.Microsecond)
				return len(s), nil
			},
			func(i int, s string, n int, err error) error {
				if want := fmt.Sprintf("item%03d", i); s != want || n != len(want) || err != nil {
					return fmt.Errorf("emit %d: got %q, %d, %v", i, s, n, err)
				}
				got = append(got, s)
				emitted.Add(1)
				return nil
			})
		if err != nil {
			t.Fatalf("workers=%d: %v", workers, err)
		}
		if len(got) != 300 {
			t.Fatalf("workers=%d: %d items emitted, want 300", workers, len(got))
		}
		// The feeder may hold one item while it waits for a ticket; the
		// window is at least the number of workers.
		if limit := int64(max(window, workers) + 1); maxAhead > limit {
			t.Errorf("workers=%d: source ran %d items ahead of emit, want ≤ %d", workers, maxAhead, limit)
		}
	}
}

func TestSeqSourceErrorAfterItems(t *testing.T) {
	broken := errors.New("source broke")
	src := func(yield func(int, error) bool) {
		for i := 0; i < 7; i++ {
			if !yield(i, nil) {
				return
			}
		}
		if yield(0, broken) {
			t.Error("Seq asked for more items after the source's error")
		}
	}
	var got []int
	err := Seq(context.Background(), src, Options{Workers: 3},
		func(i int) (int, error) { return i, nil },
		func(i, in, v int, err error) error { got = append(got, v); return nil })
	if !errors.Is(err, broken) {
		t.Fatalf("Seq = %v, want the source's error", err)
	}
	if len(got) != 7 {
		t.Errorf("emitted %v before the error, want the 7 items before it", got)
	}
}

func TestSeqStopsSourceOnEmitError(t *testing.T) {
	stop := errors.New("stop")
	var ended atomic.Bool
	src := func(yield func(int, error) bool) {
		defer ended.Store(true)
		for i := 0; ; i++ {
			if !yield(i, nil) {
				return
			}
		}
	}
	err := Seq(context.Background(), src, Options{Workers: 2},
		func(i int) (int, error) { return i, nil },
		func(i, in, v int, err error) error {
			if i == 10 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) {
		t.Fatalf("Seq = %v, want stop", err)
	}
	if !ended.Load() {
		t.Error("Seq returned before the source's iteration ended")
	}
}

func TestSeqCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := func(yield func(int, error) bool) {
		for i := 0; ; i++ {
			if !yield(i, nil) {
				return
			}
		}
	}
	err := Seq(ctx, src, Options{Workers: 2},
		func(i int) (int, error) { return i, nil },
		func(i, in, v int, err error) error {
			if i == 5 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Seq = %v, want context.Canceled", err)
	}
}
