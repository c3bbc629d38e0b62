package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"sitegen/internal/report"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite schema/*.schema.json")

// TestSchemasUpToDate keeps the committed schemas equal to the generated
// ones; run with -update-schema after changing the layouts.
func TestSchemasUpToDate(t *testing.T) {
	for file, gen := range map[string][]byte{
		"../../schema/report.schema.json": report.ReportSchema(),
		"../../schema/agency.schema.json": report.AgencySchema(),
	} {
		if !json.Valid(gen) {
			t.Fatalf("%s: generated schema is not JSON", file)
		}
		if *updateSchema {
			if err := os.WriteFile(file, gen, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(have, gen) {
			t.Errorf("%s is out of date: run go test ./internal/report -run Schemas -update-schema", file)
		}
	}
}
