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
