package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pdfFixture is a PDF of the 淮安市人民政府 2024 report whose numbers are
// those of the answer key 01_huaian-city-2024_pdf-layout.json (see
// testdata/pdf/README.md).
const (
	pdfFixture    = "testdata/pdf/huaian-city-2024.pdf"
	pdfFixtureKey = "01_huaian-city-2024_pdf-layout.json"
)

// needPdftotext fails, never skips, when pdftotext is missing:
// scripts/test.sh installs poppler-utils.
func needPdftotext(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext is missing: install poppler-utils (scripts/test.sh does): %v", err)
	}
}

// TestPDFAnswerKey extracts the fixture's text with pdfToText, imports it
// and compares every number with the answer key.
func TestPDFAnswerKey(t *testing.T) {
	needPdftotext(t)
	src, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdfToText(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "\f") {
		t.Errorf("no form feed in the text: pdftotext did not mark the pages")
	}
	res, err := Text(filepath.Base(pdfFixture), []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Logf("problem: %s", p)
	}
	if res.Errors() > 0 {
		t.Errorf("%d cells left unread", res.Errors())
	}
	if res.AgencyName != "淮安市人民政府" {
		t.Errorf("agency %q, want 淮安市人民政府", res.AgencyName)
	}
	exact, total := compareWithKey(t, res, pdfFixtureKey)
	t.Logf("PDF %s: %d of %d values exact", filepath.Base(pdfFixture), exact, total)
	if total < 200 {
		t.Errorf("compared only %d values", total)
	}
}

// blankPDF is a valid one-page PDF with nothing on the page, as a scanner
// without OCR leaves text out.
func blankPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
		"<< /Length 0 >>\nstream\n\nendstream",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// TestPDFErrors checks that each way a PDF cannot be read is an error that
// says why.
func TestPDFErrors(t *testing.T) {
	needPdftotext(t)
	encrypted, err := os.ReadFile("testdata/pdf/encrypted.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		src  []byte
		says string
	}{
		{"empty", nil, "the file is empty"},
		{"text", []byte("一、总体情况\n"), "not a PDF file"},
		{"damaged", []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), "not a PDF pdftotext can open, or a damaged one"},
		{"encrypted", encrypted, "the PDF is encrypted"},
		{"no text", blankPDF(), "no text, only images"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text, err := pdfToText(context.Background(), c.src)
			if err == nil {
				t.Fatalf("read %q", text)
			}
			if !errors.Is(err, ErrPDF) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("error %q; want ErrPDF saying %q", err, c.says)
			}
			t.Log(err)
		})
	}
}

// TestPDFContext checks that a run past its deadline, or cancelled, ends
// with an error.
func TestPDFContext(t *testing.T) {
	needPdftotext(t)
	src, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := pdfToText(ctx, src); !errors.Is(err, ErrPDF) || !strings.Contains(err.Error(), "did not finish in time") {
		t.Errorf("past the deadline: error %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := pdfToText(ctx, src); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}

// TestPDFNoPdftotext checks the error when poppler-utils is not installed.
func TestPDFNoPdftotext(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	src, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatal(err)
	}
	_, err = pdfToText(context.Background(), src)
	if !errors.Is(err, ErrNoPdftotext) || !strings.Contains(err.Error(), "install poppler-utils") {
		t.Errorf("error %v; want ErrNoPdftotext naming poppler-utils", err)
	}
}
