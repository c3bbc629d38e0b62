#!/usr/bin/env bash
# Runs every test of sitegen: vet, the Go tests under the race detector
# (unit, golden, CLI scripts, the answer-key comparison), and a short run of
# each fuzz target. Installs what it needs when it is missing.
# Usage: bash scripts/test.sh        FUZZTIME=2m bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-15s}

prog=test.sh
. scripts/lib/install.sh
need_go

# The race detector needs cgo and a C compiler.
command -v gcc >/dev/null 2>&1 || apt_install gcc libc6-dev

# PDF import runs pdftotext (poppler-utils); its tests fail, never skip,
# when it is missing.
command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils

# The answer keys live beside the repository (../shared/corpus/expected).
if [ ! -d ../shared/corpus/expected ]; then
	echo "test.sh: ../shared/corpus/expected is missing: clone the repository beside shared/" >&2
	exit 2
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 ./...

bash scripts/browser-test.sh

echo "== fuzz ($fuzztime each)"
for spec in internal/report:FuzzCheck internal/report:FuzzParseAgency internal/importer:FuzzImportText \
	internal/importer:FuzzDecodeText internal/importer:FuzzHTMLToText internal/importer:FuzzDocxToText search:FuzzAnalyze; do
	pkg=${spec%%:*} target=${spec##*:}
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 3s "./$pkg"
done
