#!/usr/bin/env bash
# Runs the browser suite (tests/browser) on the built portal: headless
# Debian Chromium driven by playwright-core, axe-core with the WCAG 2.1 A
# and AA rules, keyboard paths, charts and their tables, the compare tool,
# the Content-Security-Policy, every link, and the live reload of `sitegen
# serve` (serve.test.js builds sitegen and runs it on a copy of content/).
# The site is built with --base-url /sub/ and served under that sub-path.
# Installs Chromium, a Chinese font, Node.js and the npm packages when they
# are missing; fails, never skips, when something cannot be had.
# Screenshots at 1280 and 375 px wide: tests/browser/screenshots/.
# Usage: bash scripts/browser-test.sh [node --test options or test files]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
suite=tests/browser

prog=browser-test.sh
. scripts/lib/install.sh
need_chromium

# Pages are Chinese: without a CJK font the screenshots show empty boxes
# and text metrics (wrapping at 375 px) are not a person's.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
	apt_install fonts-wqy-zenhei fontconfig
fi

need_node

# Go builds the site, and sitegen for serve.test.js.
need_go

need_npm_packages "$suite"

# Build the site to be served from a sub-path.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BASE_PATH=/sub/
export SITE_DIR=$tmp/site
echo "== build (--base-url $BASE_PATH)"
go run ./cmd/sitegen build --out "$SITE_DIR" --base-url "$BASE_PATH"

echo "== browser tests"
cd "$suite"
if [ $# -eq 0 ]; then set -- *.test.js; fi
node --test --test-concurrency=2 "$@"
echo "browser-test.sh: screenshots in $root/$suite/screenshots"
