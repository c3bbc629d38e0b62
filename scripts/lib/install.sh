# Shared by the test and bench scripts: installs what is missing, or
# fails with a clear message; never skips. Source it after setting `prog`
# (the script's name, for messages).

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
	echo "$prog: installing $*" >&2
	if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_chromium: Debian's Chromium at $CHROMIUM (exported).
need_chromium() {
	export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
	if [ ! -x "$CHROMIUM" ]; then
		apt_install chromium
	fi
	[ -x "$CHROMIUM" ] || { echo "$prog: $CHROMIUM is missing after installing chromium" >&2; exit 2; }
}

# need_node: Node.js 20 or later and npm (playwright-core needs 20).
need_node() {
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		apt_install nodejs npm
	fi
	local major
	major=$(node -p 'process.versions.node.split(".")[0]')
	if [ "$major" -lt 20 ]; then
		echo "$prog: Node.js $(node --version) is too old: playwright-core needs 20 or later" >&2
		exit 2
	fi
}

# need_npm_packages DIR: npm ci in DIR when node_modules is missing or
# older than the lock file.
need_npm_packages() {
	local dir=$1 stamp=$1/node_modules/.package-lock.json
	if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ] || [ "$dir/package.json" -nt "$stamp" ]; then
		echo "$prog: npm ci in $dir" >&2
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

# need_go: Go on PATH (the official tarball's /usr/local/go/bin is added
# when it is there but not on PATH); Go itself is not installed here, since
# go.mod names the version it needs.
need_go() {
	if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
		export PATH=/usr/local/go/bin:$PATH
	fi
	if ! command -v go >/dev/null 2>&1; then
		echo "$prog: Go is required (https://go.dev/dl/); go.mod names the version" >&2
		exit 2
	fi
}
