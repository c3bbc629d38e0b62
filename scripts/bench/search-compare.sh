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

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
apt_updated=
apt_install() {
	echo "search-compare.sh: installing $*" >&2
	if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	apt_install chromium
fi
[ -x "$CHROMIUM" ] || { echo "search-compare.sh: $CHROMIUM is missing after installing chromium" >&2; exit 2; }

# Pagefind's peak RSS is read from GNU time -v.
if [ ! -x /usr/bin/time ]; then
	apt_install time
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
	echo "search-compare.sh: Node.js $(node --version) is too old: playwright-core needs 20 or later" >&2
	exit 2
fi

# npm ci when node_modules is missing or older than the lock file.
stamp=$bench/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ "$bench/package-lock.json" -nt "$stamp" ] || [ "$bench/package.json" -nt "$stamp" ]; then
	echo "search-compare.sh: npm ci in $bench" >&2
	(cd "$bench" && npm ci --no-audit --no-fund --loglevel=error)
fi

exec node "$bench/search-compare.mjs" "$@"
