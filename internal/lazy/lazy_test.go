package lazy

import (
	"sync"
	"sync/atomic"
	"testing"
)

var built atomic.Int32

var table = Value[map[string]int]{New: func() map[string]int {
	built.Add(1)
	return map[string]int{"a": 1}
}}

// TestValueIsBuiltOnceOnFirstUse: nothing is built before the first Get,
// and concurrent first calls build it once and all see it.
func TestValueIsBuiltOnceOnFirstUse(t *testing.T) {
	if n := built.Load(); n != 0 {
		t.Fatalf("built %d times before any Get", n)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if table.Get()["a"] != 1 {
				t.Error("Get returned another value")
			}
		})
	}
	wg.Wait()
	if n := built.Load(); n != 1 {
		t.Fatalf("built %d times, want 1", n)
	}
}

// TestValueCostsNothingAtStart: a package-level Value is laid out by the
// compiler; reading one allocates only what New does, once.
func TestValueCostsNothingAtStart(t *testing.T) {
	v := &Value[int]{New: func() int { return 7 }}
	v.Get()
	if n := testing.AllocsPerRun(100, func() { v.Get() }); n != 0 {
		t.Fatalf("Get allocates %v times after the first", n)
	}
}
