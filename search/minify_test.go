package search

import (
	"bytes"
	"os"

	"github.com/tdewolff/minify/v2/js"
)

// minifiedScript is the client script minified as the build minifies it.
func minifiedScript() ([]byte, error) {
	src, err := os.ReadFile(script)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := js.Minify(nil, &out, bytes.NewReader(src), nil); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
