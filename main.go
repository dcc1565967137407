// Command oauth-explorer is a terminal UI for exploring OAuth 2.0 and OpenID
// Connect flows. See README.md.
package main

import (
	"context"
	"os"
	"runtime/debug"
	"syscall"

	"github.com/oauth-explorer/oauth-explorer/cli"
)

// version is set at build time with -ldflags "-X main.version=…"; without
// it, the module version recorded by "go install …@version" is used.
var version = ""

func main() {
	if version == "" {
		version = "dev"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
	}
	st := cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Signals: []os.Signal{os.Interrupt, syscall.SIGTERM}}
	os.Exit(cli.Execute(context.Background(), version, os.Args[1:], st))
}
