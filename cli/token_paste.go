package cli

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// readPaste reads pasted lines until one is accepted, and reports whether
// one was. A line over maxPasteLine is discarded whole, with a message.
func readPaste(st Streams, p flows.Paster) bool {
	r := bufio.NewReaderSize(st.In, 4096)
	for {
		line, tooLong, err := readLine(r, maxPasteLine)
		switch {
		case tooLong:
			fmt.Fprintf(st.Err, "that line is over %d KiB: not a redirect URL; paste again:\n", maxPasteLine>>10)
			continue
		case strings.TrimSpace(line) != "":
			if perr := p.Paste(line); perr != nil {
				printLine(st.Err, "%v; paste again:", perr)
			} else {
				return true
			}
		}
		if err != nil {
			return false
		}
	}
}

// readLine reads one line of at most limit bytes; a longer one is read to
// its end and reported as too long.
func readLine(r *bufio.Reader, limit int) (string, bool, error) {
	var b strings.Builder
	for {
		chunk, err := r.ReadSlice('\n')
		if b.Len()+len(chunk) <= limit {
			b.Write(chunk)
		} else {
			b.Reset()
			limit = -1
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return strings.TrimRight(b.String(), "\r\n"), limit < 0, err
	}
}
