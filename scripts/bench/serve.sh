#!/usr/bin/env bash
# Issue #6's measurements: how long from saving a report to the reloaded
# page under `sitegen serve`, and under `hugo server` on the equivalent
# site, in one run on this machine. For each N:
#
#   1. a corpus of N reports (gencorpus -seed 1), the equivalent Hugo site
#      (scripts/bench/hugosite) and a copy of ./templates, in a fresh
#      directory; the report edited is the middle one of the sorted list;
#   2. `sitegen serve --port 0` on the corpus (--templates on the copy),
#      timed until it serves; then scripts/bench/serve-measure.mjs, as a
#      browser showing the report's page: --runs times, the report's
#      narrative saved with a new phrase, once through a temporary file
#      renamed over it and once written in place, each timed from just
#      before the save to the reload event naming the page and then to the
#      page, fetched, having the phrase; and to the "search index updated"
#      line (the index follows the pages); then --runs times, a string of
#      templates/report.html changed, timed to the reloaded page having it;
#   3. the same edits under `hugo server` (Debian's package, serving from
#      memory), once with --disableFastRender (every page rendered again,
#      as sitegen renders every output affected: the comparable one) and
#      once in its default Fast Render Mode, timed to hugo's livereload
#      message (WebSocket) and then the page, fetched, having the new text,
#      and to the page first served with it (polled every 10 ms); the
#      template changed is layouts/_default/single.html.
#
# One server runs at a time, each stopped before the next starts (and all
# on exit, whatever happens). A wait longer than --timeout fails the run.
# It prints the machine and one Markdown table (a column per N) and writes
# them to --out. Installs Hugo and Node.js when missing.
#
# Usage: bash scripts/bench/serve.sh [--sizes "100 10000"] [--runs 5]
#          [--work DIR] [--keep] [--out FILE] [--timeout SECONDS]
#   --work DIR      where corpora, sites and logs go (created; kept); default
#                   a new directory under ${TMPDIR:-/tmp}, removed at the end
#                   unless --keep or a step failed. Allow about 0.2 GB per
#                   1,000 reports (N = 10,000: 1.5 GB). The run takes about
#                   45 minutes with N = 10,000 and 5 runs on 2 cores.
#   --out FILE      default ${TMPDIR:-/tmp}/sitegen-serve-DATE.md; each
#                   server's samples are written beside it (FILE without .md,
#                   then -N-SERVER.json).
#   --timeout S     the longest any one wait may take (default 600).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
prog=serve.sh
export LC_ALL=C.UTF-8
start=$SECONDS

sizes="100 10000" runs=5 work="" keep="" out="" timeout=600
usage() { sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--work) work=$2; keep=1; shift 2 ;;
	--keep) keep=1; shift ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "$prog: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "$prog: --runs wants a positive number" >&2; exit 2; }
[[ $timeout =~ ^[1-9][0-9]*$ ]] || { echo "$prog: --timeout wants a positive number of seconds" >&2; exit 2; }
for n in $sizes; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "$prog: --sizes wants numbers, got $n" >&2; exit 2; }; done
out=${out:-${TMPDIR:-/tmp}/sitegen-serve-$(date +%Y%m%d-%H%M%S).md}
side=${out%.md}

# ---- What the run needs -------------------------------------------------------

. scripts/lib/install.sh
command -v hugo >/dev/null 2>&1 || apt_install hugo
need_node
need_go
. scripts/lib/bench.sh
make_work serve

# The servers running: stopped on exit, whatever happens.
declare -A servers=() # pid → name
stop_server() { # stop_server PID: TERM, then KILL after 10 s
	local pid=$1 i
	kill "$pid" 2>/dev/null || true
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	unset "servers[$pid]"
}
cleanup() {
	local pid
	for pid in "${!servers[@]}"; do
		echo "$prog: stopping ${servers[$pid]} (pid $pid)" >&2
		stop_server "$pid"
	done
	end_work
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- Helpers -----------------------------------------------------------------------

# start NAME LOG CMD…: starts a server in the background, its output in LOG;
# sets pid.
start() {
	local name=$1 logf=$2
	shift 2
	"$@" >"$logf" 2>&1 &
	pid=$!
	servers[$pid]=$name
}

# wait_line PID LOG REGEX WHAT: waits until a line of LOG matches REGEX (an
# extended regex) and sets line to it; fails when PID exits first or after
# --timeout seconds.
wait_line() {
	local pid=$1 logf=$2 re=$3 what=$4 t0=$SECONDS
	for (( ; ; )); do
		if line=$(grep -E -m1 -- "$re" "$logf"); then return 0; fi
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "$prog: ${servers[$pid]:-the server} exited while $what (log $logf)" >&2
			tail -n 40 "$logf" >&2
			exit 1
		fi
		if ((SECONDS - t0 > timeout)); then
			echo "$prog: timed out after $timeout s $what (log $logf)" >&2
			tail -n 40 "$logf" >&2
			exit 1
		fi
		sleep 0.05
	done
}

# measure N NAME PID URL CONTENTFILE TEMPLATE LOG LABEL: runs serve-measure
# against a server; its JSON is $d/NAME.json.
measure() {
	local n=$1 name=$2 pid=$3 url=$4 file=$5 tmpl=$6 logf=$7 label=$8 kind=sitegen
	[[ $name == hugo* ]] && kind=hugo
	log "N=$n: $name: $runs × 2 report saves, $runs template saves"
	# In the background, so that a signal stops the run (and the trap stops
	# it) at once.
	node scripts/bench/serve-measure.mjs --kind "$kind" --url "$url" --page "$page" \
		--content "$file" --template "$tmpl" --log "$logf" --pid "$pid" --label "$label" \
		--runs "$runs" --timeout "$timeout" --json "$d/$name.json" 2> >(tee "$L/$name-measure.log" >&2) &
	local mpid=$! rc=0
	servers[$mpid]=serve-measure
	wait "$mpid" || rc=$?
	unset "servers[$mpid]"
	if [ "$rc" -ne 0 ]; then
		echo "$prog: N=$n: measuring $name failed (logs $L/$name-measure.log, $logf)" >&2
		tail -n 20 "$logf" >&2
		exit 1
	fi
	cp "$d/$name.json" "$side-$n-$name.json"
}

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
peak() { grep -E '^VmHWM:' "/proc/$1/status" | awk '{ print $2 }'; }
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }

# js FILE EXPR: a value of a JSON file (j is the parsed file).
js() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = eval(process.argv[2]); console.log(v === undefined || v === null ? "" : v)' "$1" "$2"; }
# summary FILE MEASURE KEY: "median (min–max)" of a summary of FILE.
summary() {
	local m
	m=$(js "$1" "(s => s ? [s.median, s.min, s.max].join(' ') : '')(j.summary.$2.$3)")
	if [ -z "$m" ]; then echo "–"; else secs $m; fi
}

# ---- The machine --------------------------------------------------------------------

build_tools
machine=$(describe_machine "sitegen serve benchmark (issue #6)")
echo "$machine" >&2

# ---- Each N ---------------------------------------------------------------------------

declare -A R # R[key,n]
for n in $sizes; do
	d=$work/$n
	L=$d/logs
	log "N=$n: corpus, Hugo site, templates"
	make_corpus "$n" "$d"
	R[agencies,$n]=$agencies
	must "$L/hugosite.log" "$bin/hugosite" -content "$d/content" -out "$d/hugo-site"
	mkdir -p "$d/templates"
	cp -R templates/. "$d/templates/"
	rm -f "$d/templates/"*.go

	mapfile -t reports < <(cd "$d/content" && find reports -name '*.md' | sort)
	rel=${reports[$((${#reports[@]} / 2))]} # reports/YEAR/KEY.md
	R[edited,$n]=$rel
	page=/${rel%.md}/
	[ -f "$d/hugo-site/content/$rel" ] || { echo "$prog: $d/hugo-site/content/$rel: not written by hugosite" >&2; exit 1; }

	# sitegen serve. --assets names no directory: the embedded assets, and
	# nothing of the repository watched.
	log "N=$n: sitegen serve: first build"
	t=$(now)
	start "sitegen serve" "$L/sitegen.log" "$sg" serve --port 0 --bind 127.0.0.1 --content "$d/content" --out "$d/sitegen-out" \
		--templates "$d/templates" --assets "$d/no-assets"
	sgpid=$pid
	wait_line "$sgpid" "$L/sitegen.log" '^serving .* at http://' "waiting for sitegen serve's first build"
	R[sg_start,$n]=$(since "$t")
	url=$(sed -E 's|.* at (http://[^/ ]+)/.*|\1|' <<<"$line")
	R[sg_built,$n]=$(grep -m1 '^built ' "$L/sitegen.log" || true)
	measure "$n" sitegen "$sgpid" "$url" "$d/content/$rel" "$d/templates/report.html" "$L/sitegen.log" sg
	R[sg_rss,$n]=$(peak "$sgpid")
	stop_server "$sgpid"

	# hugo server, both ways.
	for mode in full fast; do
		name=hugo-$mode
		extra=()
		[ "$mode" = full ] && extra=(--disableFastRender)
		log "N=$n: hugo server ($mode render): first build"
		port=$(free_port)
		t=$(now)
		start "hugo server ($mode)" "$L/$name.log" hugo server --source "$d/hugo-site" --port "$port" --bind 127.0.0.1 \
			--cacheDir "$d/hugo-cache" "${extra[@]}"
		hpid=$pid
		wait_line "$hpid" "$L/$name.log" 'Web Server is available at' "waiting for hugo server's first build"
		R[${mode}_start,$n]=$(since "$t")
		hport=$(sed -E 's|.*//[^:/]+:([0-9]+)/.*|\1|' <<<"$line")
		R[${mode}_pages,$n]=$(grep -Eo 'Pages +\| +[0-9]+' "$L/$name.log" | grep -Eo '[0-9]+$' || echo "?")
		measure "$n" "$name" "$hpid" "http://127.0.0.1:$hport" "$d/hugo-site/content/$rel" "$d/hugo-site/layouts/_default/single.html" "$L/$name.log" "h$mode"
		R[${mode}_rss,$n]=$(peak "$hpid")
		stop_server "$hpid"
	done
	R[disk,$n]=$(du -sb "$d" | cut -f1)
	log "N=$n: done"
done

# ---- The table ---------------------------------------------------------------------------

row() { # row LABEL FUNC ARGS…: a table row, FUNC N ARGS… printing each cell
	local line="| $1 |" f=$2 n
	shift 2
	for n in $sizes; do line+=" $($f "$n" "$@") |"; done
	echo "$line"
}
J() { echo "$work/$1/$2.json"; }
c_corpus() { echo "$1 reports, ${R[agencies,$1]} agencies; edited: \`${R[edited,$1]}\`"; }
c_time() { secs "${R[$2,$1]}"; }
c_start() { echo "$(secs "${R[${2}_start,$1]}") (${R[${2}_pages,$1]} pages)"; }
c_rss() { mib "${R[$2,$1]}"; }
c_sum() { summary "$(J "$1" "$2")" "$3" "$4"; } # c_sum N SERVER MEASURE KEY
c_paths() {
	local f
	f=$(J "$1" sitegen)
	echo "$(js "$f" '[...new Set([...j.samples.rename, ...j.samples.inplace].map(s => s.reloadPaths))].join(", ")') / $(js "$f" '[...new Set(j.samples.template.map(s => s.reloadPaths))].join(", ")')"
}

table=$(
	head="| |" rule="|---|"
	for n in $sizes; do head+=" N = $n |"; rule+="---|"; done
	echo "$head"
	echo "$rule"
	row "corpus" c_corpus
	row "**sitegen serve**: start → serving (first build)" c_time sg_start
	row "save → reloaded page, temporary file + rename: median (range) of $runs" c_sum sitegen rename page
	row "save → reloaded page, write in place" c_sum sitegen inplace page
	row "save → SSE reload event (both saves)" c_sum sitegen content event
	row "save → search index updated (both saves)" c_sum sitegen content search
	row "template change → reloaded page" c_sum sitegen template page
	row "template change → SSE reload event" c_sum sitegen template event
	row "pages named by the reload event: report save / template change" c_paths
	row "peak RSS of the server" c_rss sg_rss
	for mode in full fast; do
		if [ $mode = full ]; then
			row "**hugo server --disableFastRender** (the comparable one): start → serving" c_start full
		else
			row "**hugo server, Fast Render Mode** (its default): start → serving" c_start fast
		fi
		row "save → livereload, then page fetched with the phrase, temporary file + rename" c_sum hugo-$mode rename page
		row "save → livereload, then page fetched with the phrase, write in place" c_sum hugo-$mode inplace page
		row "save → livereload message (both saves)" c_sum hugo-$mode content event
		row "save → page first served with the phrase, polled every 10 ms (both saves)" c_sum hugo-$mode content polled
		row "save → hugo saw the change (both saves)" c_sum hugo-$mode content seen
		row "save → hugo's rebuild done, \"Total in\" (both saves)" c_sum hugo-$mode content done
		row "template change → livereload, then page fetched changed" c_sum hugo-$mode template page
		row "template change → page first served changed (polled)" c_sum hugo-$mode template polled
		row "peak RSS of the server" c_rss ${mode}_rss
	done
)

notes=$(
	echo "Notes:"
	echo
	echo "- Times run from just before the save (serve-measure.mjs, Node's monotonic clock) to: the reload event on \`/__sitegen/events\` naming the report's page, read as reload.js reads it; the page, fetched right after that event, having the new phrase (\"reloaded page\"); the \"search index updated\" line on serve's stderr (polled every 10 ms). Under hugo the same client connects to \`/livereload\` as livereload.js does and fetches the page after the reload message (\"then page fetched\", the comparable time); it also polls the page every 10 ms, as hugo serves each page from memory as soon as it is rendered, before its rebuild ends and it sends the reload; \"saw the change\" is the timestamp hugo prints after \"Change detected\" (ms, wall clock), \"rebuild done\" when its \"Total in\" line appeared. Before each save the script waits until the server is idle (no CPU for a second)."
	echo "- A report save appends a new phrase to the first paragraph of the narrative: through a hidden temporary file renamed over it (as editors with atomic saves do), or rewritten in place (truncate and write). The template change rewrites 表格格式 (a \`<dt>\` of the report page) to a new text in templates/report.html, or Hugo's layouts/_default/single.html, through a temporary file and a rename."
	echo "- Comparable: \`sitegen serve\` rebuilds every output the change affects (the report's page, its agency, year and region pages, comparisons, open data) and writes them to disk before it sends the reload; \`hugo server --disableFastRender\` renders every page again, into memory. In Fast Render Mode (Hugo's default) Hugo renders again only the pages a browser visited (here, the polled page), leaving the others stale until visited, so its times are not those of a consistent site. The Hugo site has no charts, findings, open data or search index."
	echo "- The machine is shared, so times vary with its load (load average at end $(cut -d' ' -f1-3 /proc/loadavg)); peak RSS is VmHWM of the server process at the end of its runs."
	for n in $sizes; do
		echo "- N = $n: ${R[sg_built,$n]}; a report save: $(js "$(J "$n" sitegen)" 'j.samples.rename[0].line'); $(js "$(J "$n" sitegen)" 'j.samples.rename[0].searchLine'); a template change: $(js "$(J "$n" sitegen)" 'j.samples.template[0].line'). Work directory $(mb "${R[disk,$n]}")."
		for name in sitegen hugo-full hugo-fast; do
			o=$(js "$(J "$n" "$name")" 'j.oddities.join("; ")')
			if [ -n "$o" ]; then echo "  - $name oddities: $o"; fi
		done
	done
	echo "- Whole run: $((SECONDS - start)) s"
)

report=$(printf '%s\n\n%s\n\n%s\n' "$machine" "$table" "$notes")
echo "$report"
echo "$report" >"$out"
log "wrote $out"
done_ok=1
