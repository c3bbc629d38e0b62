#!/usr/bin/env bash
# Issue #7's benchmark: sitegen against Hugo and Pagefind at the scale of a
# province or the country, in one run on this machine. For each N:
#
#   1. a corpus of N reports (gencorpus -seed 1), in a fresh directory;
#   2. full builds, sitegen and Hugo taking turns, --runs times each, each
#      into a fresh directory (nothing is deleted before a timed build: on
#      this machine's filesystem, creating many files within minutes of
#      deleting many is several times slower): median wall time, peak RSS;
#      sitegen with charts, search index and minification (its defaults),
#      Hugo (Debian's package) with `hugo --minify` over the equivalent site
#      that scripts/bench/hugosite writes: a page per report with the same
#      narrative and tables, agency, year and region term pages;
#   3. sitegen rebuilds of the first full build's output: nothing changed,
#      then one report's narrative edited (a different edit each run);
#   4. Pagefind over sitegen's output and bytes per query for both engines,
#      through scripts/bench/search-compare.sh (its --json).
#
# It prints the machine, one Markdown table (a column per N) and whether
# each target of the issue is met, and writes them to --out. Installs GNU
# time, Hugo, Chromium, Node.js and the npm packages when missing.
#
# Usage: bash scripts/bench/scale.sh [--sizes "1000 10000"] [--runs 3]
#          [--work DIR] [--keep] [--out FILE]
#   --work DIR   where corpora and sites go (created; kept); default a new
#                directory under ${TMPDIR:-/tmp}, removed at the end unless
#                --keep or a step failed. Allow about 0.2 GB per 1,000
#                reports and run (N = 10,000 with 3 runs: about 6 GB).
#   --out FILE   default ${TMPDIR:-/tmp}/sitegen-scale-DATE.md; the
#                search-compare JSON and table of each N are written beside
#                it (FILE without .md, then -N-search.json / .md).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
prog=scale.sh
export LC_ALL=C.UTF-8
start=$SECONDS

sizes="1000 10000" runs=3 work="" keep="" out=""
usage() { sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--work) work=$2; keep=1; shift 2 ;;
	--keep) keep=1; shift ;;
	--out) out=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "$prog: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "$prog: --runs wants a positive number" >&2; exit 2; }
for n in $sizes; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "$prog: --sizes wants numbers, got $n" >&2; exit 2; }; done
out=${out:-${TMPDIR:-/tmp}/sitegen-scale-$(date +%Y%m%d-%H%M%S).md}
side=${out%.md}

# ---- What the run needs -------------------------------------------------------

. scripts/lib/install.sh
[ -x /usr/bin/time ] || apt_install time
command -v hugo >/dev/null 2>&1 || apt_install hugo
need_chromium
need_node
need_npm_packages scripts/bench
need_go
. scripts/lib/bench.sh
make_work scale
trap end_work EXIT

# ---- Helpers -----------------------------------------------------------------------

# timed LOG CMD…: runs CMD under GNU time, its output in LOG; sets t_wall
# (seconds, from the shell's microsecond clock) and t_rss (peak RSS, KiB).
# A failing command stops the run with the end of its log.
timed() {
	local logf=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	if ! /usr/bin/time -f '%M' -o "$logf.rss" "$@" >"$logf" 2>&1; then
		echo "$prog: failed: $* (log $logf)" >&2
		tail -n 40 "$logf" "$logf.rss" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	t_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	t_rss=$(tail -n 1 "$logf.rss")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }
minof() { printf '%s\n' "$@" | sort -g | head -n 1; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
files() { find "$1" -type f | wc -l; }
bytes() { du -sb "$1" | cut -f1; }
# js FILE EXPR: a value of a JSON file (j is the parsed file).
js() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$1" "$2"; }

# edit_narrative FILE TAG: appends TAG to the first paragraph line after the
# front matter (not a heading, table or list), as a person editing it would.
edit_narrative() {
	awk -v tag="$2" '
		!done && fm >= 2 && $0 != "" && $0 !~ /^(#|\||<|-|\*|[0-9]+\.)/ { $0 = $0 tag; done = 1 }
		$0 == "---" { fm++ }
		{ print }
		END { if (!done) exit 1 }' "$1" >"$1.tmp" || { echo "$prog: no paragraph to edit in $1" >&2; exit 1; }
	mv "$1.tmp" "$1"
}
stems=(甲 乙 丙 丁 戊 己 庚 辛 壬 癸)

# ---- The machine --------------------------------------------------------------------

build_tools
machine=$(describe_machine "sitegen scale benchmark (issue #7)" "; Pagefind $(node -p 'require("./scripts/bench/node_modules/pagefind/package.json").version')")
echo "$machine" >&2

# ---- Each N ---------------------------------------------------------------------------

declare -A R # R[key,n]
for n in $sizes; do
	d=$work/$n
	L=$d/logs
	log "N=$n: corpus"
	make_corpus "$n" "$d"
	R[agencies,$n]=$agencies
	R[corpus,$n]=$(bytes "$d/content")

	log "N=$n: Hugo site"
	timed "$L/hugosite.log" "$bin/hugosite" -content "$d/content" -out "$d/hugo-site"
	R[convert,$n]=$t_wall

	sgw=() sgr=() hw=() hr=()
	for r in $(seq "$runs"); do
		log "N=$n: full builds, run $r of $runs: sitegen"
		timed "$L/sitegen-full-$r.log" "$sg" build --content "$d/content" --out "$d/sitegen-$r"
		sgw+=("$t_wall") sgr+=("$t_rss")
		log "N=$n: full builds, run $r of $runs: Hugo"
		timed "$L/hugo-$r.log" hugo --minify --source "$d/hugo-site" --destination "$d/hugo-$r" --cacheDir "$d/hugo-cache-$r"
		hw+=("$t_wall") hr+=("$t_rss")
	done
	R[sg,$n]=$(median "${sgw[@]}") R[sg_lo,$n]=$(minof "${sgw[@]}") R[sg_hi,$n]=$(maxof "${sgw[@]}") R[sg_rss,$n]=$(maxof "${sgr[@]}")
	R[hugo,$n]=$(median "${hw[@]}") R[hugo_lo,$n]=$(minof "${hw[@]}") R[hugo_hi,$n]=$(maxof "${hw[@]}") R[hugo_rss,$n]=$(maxof "${hr[@]}")
	R[sg_line,$n]=$(grep '^built ' "$L/sitegen-full-1.log" | tail -n 1)
	R[hugo_pages,$n]=$(grep -Eo 'Pages +\| +[0-9]+' "$L/hugo-1.log" | grep -Eo '[0-9]+$' || echo "?")

	log "N=$n: sitegen rebuilds, nothing changed"
	site=$d/sitegen-1
	w=() m=()
	for r in $(seq "$runs"); do
		timed "$L/sitegen-same-$r.log" "$sg" build --content "$d/content" --out "$site"
		w+=("$t_wall") m+=("$t_rss")
	done
	R[same,$n]=$(median "${w[@]}") R[same_lo,$n]=$(minof "${w[@]}") R[same_hi,$n]=$(maxof "${w[@]}") R[same_rss,$n]=$(maxof "${m[@]}")
	R[same_line,$n]=$(grep -E '^updated | is up to date' "$L/sitegen-same-1.log" | tail -n 1 || true)

	log "N=$n: sitegen rebuilds, one report edited"
	mapfile -t reports < <(find "$d/content/reports" -name '*.md' | sort)
	edited=${reports[$((${#reports[@]} / 2))]}
	R[edited,$n]=${edited#"$d/content/"}
	w=() m=()
	for r in $(seq "$runs"); do
		i=$((r - 1))
		edit_narrative "$edited" "（修订稿${stems[$((i % 10))]}${stems[$((i / 10 % 10))]}）"
		timed "$L/sitegen-one-$r.log" "$sg" build --content "$d/content" --out "$site"
		w+=("$t_wall") m+=("$t_rss")
	done
	R[one,$n]=$(median "${w[@]}") R[one_lo,$n]=$(minof "${w[@]}") R[one_hi,$n]=$(maxof "${w[@]}") R[one_rss,$n]=$(maxof "${m[@]}")
	R[one_line,$n]=$(grep -E '^updated | is up to date' "$L/sitegen-one-1.log" | tail -n 1 || true)

	# Sizes, from a full build no rebuild touched (the last one).
	last=$d/sitegen-$runs
	R[sg_bytes,$n]=$(bytes "$last") R[sg_files,$n]=$(files "$last")
	R[hugo_bytes,$n]=$(bytes "$d/hugo-$runs") R[hugo_files,$n]=$(files "$d/hugo-$runs")
	R[idx_bytes,$n]=$(bytes "$last/search") R[idx_files,$n]=$(files "$last/search")
	R[frag_files,$n]=$(files "$last/search/f")
	R[frag_docs,$n]=$(js "$last/search/manifest.json" 'j.fragDocs')
	R[docs,$n]=$(js "$last/search/manifest.json" 'j.docs')

	log "N=$n: Pagefind and bytes per query (search-compare.sh)"
	json=$d/search-compare.json
	must "$L/search-compare.log" bash scripts/bench/search-compare.sh "$last" --json "$json" --work "$d/pagefind" --sitegen "$sg"
	cp "$json" "$side-$n-search.json"
	grep -v '^search-compare: ' "$L/search-compare.log" >"$side-$n-search.md" || true
	for k in coldBytes coldGzip laterMedianBytes laterMaxBytes allQueriesBytes; do
		R[sq_$k,$n]=$(js "$json" "j.summary.sitegen.$k")
		R[pq_$k,$n]=$(js "$json" "j.summary.pagefind.$k")
	done
	R[sg_static_bytes,$n]=$(js "$json" 'j.summary.sitegen.static.bytes')
	R[sg_static_files,$n]=$(js "$json" 'j.summary.sitegen.static.files')
	R[sg_bleve,$n]=$(js "$json" 'j.summary.sitegen.bleveIndex.bytes')
	R[pf_bytes,$n]=$(js "$json" 'j.summary.pagefind.searchFiles.bytes')
	R[pf_files,$n]=$(js "$json" 'j.summary.pagefind.searchFiles.files')
	R[pf_time,$n]=$(js "$json" 'j.summary.pagefind.indexing.seconds')
	R[pf_rss,$n]=$(js "$json" 'j.summary.pagefind.indexing.maxRssKiB')
	R[pf_pages,$n]=$(js "$json" 'j.summary.pagefind.indexing.pages')
	R[sg_recall,$n]=$(js "$json" '(j.summary.sitegen.recall * 100).toFixed(1)')
	R[pf_recall,$n]=$(js "$json" '(j.summary.pagefind.recall * 100).toFixed(1)')
	log "N=$n: done"
done

# ---- The table ---------------------------------------------------------------------------

row() { # row LABEL FUNC: a table row, FUNC N printing each cell
	local line="| $1 |" n
	for n in $sizes; do line+=" $($2 "$n") |"; done
	echo "$line"
}
c_reports() { echo "$1 reports, ${R[agencies,$1]} agencies; content $(mb "${R[corpus,$1]}")"; }
c_sg() { echo "$(secs "${R[sg,$1]}" "${R[sg_lo,$1]}" "${R[sg_hi,$1]}"), $(mib "${R[sg_rss,$1]}")"; }
c_same() { echo "$(secs "${R[same,$1]}" "${R[same_lo,$1]}" "${R[same_hi,$1]}"), $(mib "${R[same_rss,$1]}")"; }
c_one() { echo "$(secs "${R[one,$1]}" "${R[one_lo,$1]}" "${R[one_hi,$1]}"), $(mib "${R[one_rss,$1]}")"; }
c_hugo() { echo "$(secs "${R[hugo,$1]}" "${R[hugo_lo,$1]}" "${R[hugo_hi,$1]}"), $(mib "${R[hugo_rss,$1]}")"; }
c_ratio() { echo "**$(ratio "${R[sg,$1]}" "${R[hugo,$1]}")**"; }
c_sgout() { echo "$(mb "${R[sg_bytes,$1]}") in ${R[sg_files,$1]} files"; }
c_hout() { echo "$(mb "${R[hugo_bytes,$1]}") in ${R[hugo_files,$1]} files (${R[hugo_pages,$1]} pages)"; }
c_idx() { echo "$(mb "${R[sg_static_bytes,$1]}") in ${R[sg_static_files,$1]} files (+ Bleve index $(mb "${R[sg_bleve,$1]}"); search/ in all $(mb "${R[idx_bytes,$1]}"), ${R[idx_files,$1]} files)"; }
c_pf() { echo "$(mb "${R[pf_bytes,$1]}") in ${R[pf_files,$1]} files"; }
c_pft() { echo "$(secs "${R[pf_time,$1]}"), $(mib "${R[pf_rss,$1]}") (${R[pf_pages,$1]} pages)"; }
c_cold() { echo "$(kib "${R[sq_coldBytes,$1]}") / $(kib "${R[pq_coldBytes,$1]}") KiB ($(kib "${R[sq_coldGzip,$1]}") / $(kib "${R[pq_coldGzip,$1]}") gzipped)"; }
c_later() { echo "$(kib "${R[sq_laterMedianBytes,$1]}") ($(kib "${R[sq_laterMaxBytes,$1]}")) / $(kib "${R[pq_laterMedianBytes,$1]}") ($(kib "${R[pq_laterMaxBytes,$1]}")) KiB"; }
c_all() { echo "$(kib "${R[sq_allQueriesBytes,$1]}") / $(kib "${R[pq_allQueriesBytes,$1]}") KiB"; }
c_recall() { echo "${R[sg_recall,$1]} % / ${R[pf_recall,$1]} %"; }

table=$(
	head="| |" rule="|---|"
	for n in $sizes; do head+=" N = $n |"; rule+="---|"; done
	echo "$head"
	echo "$rule"
	row "corpus" c_reports
	row "sitegen full build: median (range) of $runs, peak RSS" c_sg
	row "sitegen rebuild, nothing changed" c_same
	row "sitegen rebuild, one report's narrative edited" c_one
	row "Hugo full build (\`hugo --minify\`): median (range), peak RSS" c_hugo
	row "ratio sitegen / Hugo, full build" c_ratio
	row "output, sitegen" c_sgout
	row "output, Hugo" c_hout
	row "search files, sitegen: static shards" c_idx
	row "search files, Pagefind (UI files aside)" c_pf
	row "Pagefind indexing: time, peak RSS" c_pft
	row "cold query 政府信息公开, runtime included: sitegen / Pagefind" c_cold
	row "later query, median (largest): sitegen / Pagefind" c_later
	row "all 14 queries: sitegen / Pagefind" c_all
	row "pages found of those holding the query: sitegen / Pagefind" c_recall
)

# ---- The targets -----------------------------------------------------------------------------

verdict() { if awk "BEGIN { exit !($1) }"; then echo "**met**"; else echo "**not met**"; fi; }
has() { [[ " $sizes " == *" $1 "* ]]; }
targets=$(
	echo "Targets of issue #7:"
	echo
	if has 10000; then
		q=$(ratio "${R[sg,10000]}" "${R[hugo,10000]}")
		echo "- 10,000 reports, full build in at most ¼ of Hugo's time: sitegen $(secs "${R[sg,10000]}"), Hugo $(secs "${R[hugo,10000]}"), ratio $q: $(verdict "$q <= 0.25")"
		echo "- 10,000 reports, full build under 1 GiB peak memory: $(mib "${R[sg_rss,10000]}"): $(verdict "${R[sg_rss,10000]} < 1048576")"
	else
		echo "- 10,000 reports, full build in at most ¼ of Hugo's time and under 1 GiB: not measured (10000 not in --sizes)"
	fi
	if has 1000; then
		q=$(ratio "${R[sg,1000]}" "${R[hugo,1000]}")
		echo "- 1,000 reports, full build in at most ½ of Hugo's time: sitegen $(secs "${R[sg,1000]}"), Hugo $(secs "${R[hugo,1000]}"), ratio $q: $(verdict "$q <= 0.5")"
	else
		echo "- 1,000 reports, full build in at most ½ of Hugo's time: not measured (1000 not in --sizes)"
	fi
	for n in $sizes; do
		echo "- N = $n, one-report rebuild under 100 ms (\`sitegen build\`, a new process): median $(secs "${R[one,$n]}"): $(verdict "${R[one,$n]} < 0.1")"
	done
	for n in $sizes; do
		echo "- N = $n, search data in shards, not a file per report: ${R[frag_files,$n]} fragment files of ${R[frag_docs,$n]} sections each for $n reports (${R[docs,$n]} sections), ${R[sg_static_files,$n]} static search files in all ($(ratio "${R[sg_static_files,$n]}" "$n") a report): $(verdict "${R[frag_docs,$n]} > 1 && ${R[frag_files,$n]} < $n")"
	done
)

notes=$(
	echo "Notes:"
	echo
	echo "- Times are wall clock from the shell, peak RSS from GNU time (largest of the runs); the machine is shared, so ranges are wide when it is busy (load average at end $(cut -d' ' -f1-3 /proc/loadavg))."
	echo "- Each full build goes into a fresh directory; the rebuilds run on the first one (the one-report runs each append a different phrase to a paragraph of the same report). Sizes are of the last full build, \`du -sb\`."
	echo "- The Hugo site has no charts, findings, open data, compare tool or search index; sitegen's build makes all of these in its time."
	for n in $sizes; do
		echo "- N = $n: ${R[sg_line,$n]}"
		echo "  - nothing changed: ${R[same_line,$n]}"
		echo "  - one report (${R[edited,$n]}): ${R[one_line,$n]}"
		echo "  - hugosite conversion (not compared): $(secs "${R[convert,$n]}"); search-compare's own table: $side-$n-search.md"
	done
	echo "- Whole run: $((SECONDS - start)) s"
)

report=$(printf '%s\n\n%s\n\n%s\n\n%s\n' "$machine" "$table" "$targets" "$notes")
echo "$report"
echo "$report" >"$out"
log "wrote $out"
done_ok=1
