# Shared by the bench scripts (scripts/bench/scale.sh, serve.sh). Source it
# after setting `prog` (the script's name), `repo` (the repository root),
# and after parsing the arguments (`runs`, `work`, `keep`).

log() { echo "$prog: $*" >&2; }

# must LOG CMD…: runs CMD, its output in LOG, stopping the run when it fails.
must() {
	local logf=$1
	shift
	if ! "$@" >"$logf" 2>&1; then
		echo "$prog: failed: $* (log $logf)" >&2
		tail -n 40 "$logf" >&2
		exit 1
	fi
}

# secs MEDIAN [MIN MAX]: "1.23 s (1.10–1.40)", in ms below a second; the
# range only when given and there were several runs.
secs() {
	awk -v m="$1" -v lo="${2:-}" -v hi="${3:-}" -v r="$runs" 'BEGIN {
		f = m < 1 ? "%.0f" : "%.2f"; k = m < 1 ? 1000 : 1; u = m < 1 ? " ms" : " s"
		s = sprintf(f u, m * k)
		if (r > 1 && lo != "") s = s sprintf(" (" f "–" f ")", lo * k, hi * k)
		print s }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf (b < 1e7 ? "%.2f MB" : "%.1f MB"), b / 1e6 }'; }

# make_work NAME: the work directory: --work (which must be empty), or a
# new one under $TMPDIR named after NAME; sets work (absolute).
make_work() {
	if [ -n "$work" ]; then
		if [ -e "$work" ] && [ -n "$(ls -A "$work")" ]; then
			echo "$prog: --work $work is not empty" >&2; exit 2
		fi
		mkdir -p "$work"
		work=$(cd "$work" && pwd)
	else
		work=$(mktemp -d "${TMPDIR:-/tmp}/sitegen-$1.XXXXXX")
	fi
}

# end_work: on exit, says where a failed run left its logs, or removes the
# work directory of a finished one unless it is to be kept (done_ok set
# when the run finished).
done_ok=""
end_work() {
	if [ -z "$done_ok" ]; then
		echo "$prog: failed; logs and outputs in $work" >&2
	elif [ -z "$keep" ]; then
		rm -rf "$work"
	else
		echo "$prog: work directory kept: $work" >&2
	fi
}

# build_tools: sitegen, gencorpus and hugosite built into $work/bin; sets
# bin and sg.
build_tools() {
	bin=$work/bin
	mkdir -p "$bin"
	log "building sitegen, gencorpus and hugosite"
	must "$work/go-build.log" go build -o "$bin/sitegen" ./cmd/sitegen
	must "$work/go-build.log" go build -o "$bin/gencorpus" ./cmd/gencorpus
	must "$work/go-build.log" go build -o "$bin/hugosite" ./scripts/bench/hugosite
	sg=$bin/sitegen
}

# make_corpus N DIR: the corpus of N reports (gencorpus -seed 1, from the
# bundled content) in DIR/content, its log in DIR/logs; sets agencies to
# how many agencies it has. Needs build_tools first.
make_corpus() {
	mkdir -p "$2/logs"
	must "$2/logs/gencorpus.log" "$bin/gencorpus" -n "$1" -seed 1 -from "$repo/content" -out "$2/content"
	agencies=$(grep -o 'of [0-9]* agencies' "$2/logs/gencorpus.log" | grep -o '[0-9]*')
}

# describe_machine TITLE [TOOLS]: the header of a result: TITLE, the
# machine, the tools' versions (TOOLS appended), sitegen's commit, the sizes.
describe_machine() {
	local commit
	commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit (work tree with uncommitted changes)"; fi
	echo "## $1, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, Linux $(uname -r), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- $(go version | sed 's/^go version //;s/^/Go /'); $(hugo version | sed 's/ BuildDate.*//;s/^hugo /Hugo /'); Node.js $(node --version)${2:-}"
	echo "- sitegen $commit; $("$sg" version | head -n 1)"
	echo "- sizes: $sizes; runs: $runs; corpus: gencorpus -seed 1 -from content"
}
