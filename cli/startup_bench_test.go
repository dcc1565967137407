package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkExecuteVersion is the command line's share of a start:
// building the command tree and answering --version. The long help texts
// are built only when shown (lazyLong); go run ./bench measures the whole
// start against a Go hello-world.
func BenchmarkExecuteVersion(b *testing.B) {
	for b.Loop() {
		Execute(context.Background(), "dev", []string{"--version"}, Streams{Out: io.Discard, Err: io.Discard})
	}
}
