package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"
)

// pdfTimeout bounds one run of pdftotext; a report of a few dozen pages
// takes well under a second.
const pdfTimeout = 60 * time.Second

// ErrNoPdftotext is returned when pdftotext (poppler-utils) is not on PATH.
var ErrNoPdftotext = errors.New("pdftotext not found: install poppler-utils (apt-get install poppler-utils) to import PDF files")

// ErrPDF is wrapped by the errors of pdfToText for a file pdftotext cannot
// read: not a PDF, damaged, encrypted, or without text.
var ErrPDF = errors.New("cannot read the PDF")

// pdfToText extracts the text of a PDF as `pdftotext -layout` lays it out
// (columns aligned by spaces, pages ended by form feeds), the form the text
// importer reads tables from. The PDF goes to pdftotext on its standard
// input; the run is ended after pdfTimeout, or sooner if ctx is done.
func pdfToText(ctx context.Context, src []byte) (string, error) {
	if !bytes.Contains(src[:min(len(src), 1024)], []byte("%PDF-")) {
		what := "no %PDF- header in its first 1024 bytes"
		if len(src) == 0 {
			what = "the file is empty"
		}
		return "", fmt.Errorf("%w: not a PDF file (%s)", ErrPDF, what)
	}
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", ErrNoPdftotext
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", fmt.Errorf("%w: pdftotext did not finish in time: %v", ErrPDF, ctx.Err())
		}
		return "", fmt.Errorf("pdftotext: %w", ctx.Err())
	}
	msg := pdftotextMessage(stderr.String())
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return "", fmt.Errorf("running pdftotext: %w", err)
		}
		switch {
		case strings.Contains(msg, "Incorrect password"), exit.ExitCode() == 3:
			return "", fmt.Errorf("%w: the PDF is encrypted (password-protected or copy-protected); open it, save an unprotected copy and import that (pdftotext: %s)", ErrPDF, msg)
		case exit.ExitCode() == 1:
			return "", fmt.Errorf("%w: not a PDF pdftotext can open, or a damaged one (pdftotext: %s)", ErrPDF, msg)
		}
		return "", fmt.Errorf("%w: pdftotext failed with exit status %d: %s", ErrPDF, exit.ExitCode(), msg)
	}
	out := stdout.Bytes()
	if !utf8.Valid(out) {
		// -enc UTF-8 writes UTF-8; anything else would be a broken install.
		return "", fmt.Errorf("%w: pdftotext wrote text that is not UTF-8", ErrPDF)
	}
	if len(bytes.TrimSpace(bytes.ReplaceAll(out, []byte("\f"), nil))) == 0 {
		return "", fmt.Errorf("%w: it has no text, only images (a scanned document needs OCR first)", ErrPDF)
	}
	return string(out), nil
}

// pdftotextMessage is what pdftotext said on stderr, less its syntax
// warnings and repeated lines, on one line.
func pdftotextMessage(stderr string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Syntax Warning") || len(keep) > 0 && keep[len(keep)-1] == l {
			continue
		}
		keep = append(keep, l)
	}
	if len(keep) == 0 {
		return "no message"
	}
	return strings.Join(keep, "; ")
}
