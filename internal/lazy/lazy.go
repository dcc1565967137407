// Package lazy holds package-level values built on first use rather than
// at start-up. Tables and regular expressions built at initialisation cost
// every start, --version and a cached token included, though a run reads
// few of them; a Value costs nothing until its Get.
//
// Unlike sync.OnceValue, which allocates its closures when called, a Value
// declared at package level is laid out by the compiler and runs no code
// at initialisation.
package lazy

import "sync"

// Value is a T built by New the first time Get is called, by one caller
// while any others wait. Declare it as a package-level variable and do not
// copy it.
type Value[T any] struct {
	New   func() T
	once  sync.Once
	value T
}

// Get returns the value, building it first if no call has yet.
func (v *Value[T]) Get() T {
	v.once.Do(func() { v.value = v.New() })
	return v.value
}
