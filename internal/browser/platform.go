package browser

import "runtime"

func isLinux() bool {
	return runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd"
}
