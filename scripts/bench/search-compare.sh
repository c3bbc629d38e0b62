#!/usr/bin/env bash
# Measures Pagefind side by side with sitegen's static search over the same
# built site (scripts/bench/search-compare.mjs says what and how): Pagefind's
# indexing time, peak RSS and bundle size; bytes per query for both engines
# in headless Debian Chromium, the first query cold; report pages found
# against the pages whose text holds the query in any script form.
# Installs Chromium, GNU time, Node.js and the npm packages (pagefind,
# playwright-core) when they are missing, as scripts/browser-test.sh does.
#
# Usage: bash scripts/bench/search-compare.sh SITE [--json FILE] [--keep] [--no-go] …
#   SITE: a site built with `go run ./cmd/sitegen build --content C --out SITE`
#   (base URL "/").
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=scripts/bench

prog=search-compare.sh
. scripts/lib/install.sh
need_chromium

# Pagefind's peak RSS is read from GNU time -v.
if [ ! -x /usr/bin/time ]; then
	apt_install time
fi

need_node
need_npm_packages "$bench"

exec node "$bench/search-compare.mjs" "$@"
