// search-compare.mjs measures Pagefind side by side with sitegen's own
// static search over the same built site (issue #5: "Pagefind on the same
// corpora"). Run it through scripts/bench/search-compare.sh, which installs
// what it needs:
//
//   bash scripts/bench/search-compare.sh SITE [--json FILE] [--work DIR] [--keep]
//        [--no-go] [--sitegen BIN] [--check-text N] [--queries 'q1,q2,…']
//
// SITE is a directory written by `go run ./cmd/sitegen build --out SITE`
// with the base URL "/". The script
//
//  1. runs Pagefind (the pagefind_extended binary of the npm package, which
//     segments Chinese) over the site's report pages, writing its bundle to a
//     separate directory so the site stays untouched, under /usr/bin/time -v:
//     indexing time, peak RSS (of the binary itself, not the npm wrapper),
//     bundle size and file count;
//  2. serves the site and Pagefind's bundle on 127.0.0.1 and, in headless
//     Chromium, runs a fixed query list with each engine in a fresh browser
//     context: the first query cold (each engine's runtime included), later
//     ones in the same page, counting only the bytes fetched anew. sitegen:
//     /search/?q=… for the first, then the page's own form; Pagefind: its
//     JS API on a bare page (import pagefind.js, init, filters, search) and
//     the data() of the first five results, as its Default UI shows them;
//  3. counts the report pages each engine finds for each query (sitegen: all
//     its matches, through the page's own client with no limit, and checked
//     against `sitegen search --json` over the same index; Pagefind: all its
//     results), against the ground truth: the report pages whose text holds
//     the query in any of the script forms listed below, found by scanning
//     the pages' HTML in Node (checked against Chromium's innerText on a
//     sample), over the part of the page Pagefind indexes (PAGEFIND below);
//  4. prints a Markdown table and summary lines, and writes the raw numbers
//     as JSON (--json FILE).
//
// What is counted as bytes: the response bodies the static server sent
// (uncompressed, as the files are on disk), request by request, logged by
// the server itself, so requests from Pagefind's web worker count too; the
// gzip column gzips each of those bodies with zlib (level 6) as a
// compressing host would send them. Pagefind's index, fragment and wasm
// files are gzip streams already, so gzip gains nothing on them. Not
// counted: the HTML page and style sheets (listed apart), Pagefind's
// Default UI script and styles (their sizes are printed).
//
// The site is served with the headers netlify.toml gives it. Pagefind needs
// WebAssembly, which the site's Content-Security-Policy does not allow: its
// harness page and bundle are served with 'wasm-unsafe-eval' added to
// script-src (the site would need that, in the header and the pages' meta
// tag, to use Pagefind).
import { spawnSync, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync,
} from "node:fs";
import { tmpdir, arch, platform } from "node:os";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { readHeaderRules, headersFor } from "../../tests/browser/lib/netlify.js";
import { byteRange } from "../../tests/browser/lib/range.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "../..");
const require = createRequire(import.meta.url);

// ---- Queries ----------------------------------------------------------------

// Each query with the forms it is looked for in the pages' text: the query
// itself, its simplified and traditional forms, and the Taiwan wording that
// sitegen's fold maps to it (檔案 for 文件, 資訊 for 信息). The first query is
// the cold one.
const QUERIES = [
  { q: "政府信息公开", forms: ["政府信息公开", "政府信息公開", "政府資訊公開"] },
  { q: "规范性文件", forms: ["规范性文件", "規範性文件", "規範性檔案"] },
  { q: "規範性檔案", forms: ["规范性文件", "規範性文件", "規範性檔案"] },
  { q: "复议", forms: ["复议", "複議", "復議"] },
  { q: "複議", forms: ["复议", "複議", "復議"] },
  { q: "依申请公开", forms: ["依申请公开", "依申請公開"] },
  { q: "国家秘密", forms: ["国家秘密", "國家秘密"] },
  { q: "范性", note: "mid-word substring of 规范性", forms: ["范性", "範性"] },
  { q: "申请公开", note: "substring of 依申请公开", forms: ["申请公开", "申請公開"] },
  { q: "行政诉讼", forms: ["行政诉讼", "行政訴訟"] },
  { q: "疫情防控", forms: ["疫情防控"] },
  { q: "不予公开", forms: ["不予公开", "不予公開"] },
  { q: "信息公开", forms: ["信息公开", "信息公開", "資訊公開"] },
  { q: "政务", forms: ["政务", "政務"] },
  // A control, last so that it changes nothing the others fetch: 范性
  // reversed, a pair of characters each page has but not side by side. It
  // is left out of the summary's bytes and recall; its row shows whether an
  // engine finds pages that do not hold the query.
  { q: "性范", control: true, note: "control: 范性 reversed", forms: ["性范", "性範"] },
];

// ---- What is indexed --------------------------------------------------------

// Report pages are reports/YEAR/AGENCY/index.html and carry
// <article class="report"> (the changes pages below them do not). Pagefind
// indexes that article without the site's own apparatus around the report
// text: the page's table of contents, the check summary and findings, the
// downloads, the metadata list (with the editors' source notes) and the
// charts (drawn from the tables, whose labels stay). What remains is the
// kicker (agency, year), the report's title and its sections: narrative and
// tables. The ground truth scans the same part of each page.
const PAGEFIND = {
  glob: "reports/*/*/index.html",
  rootSelector: "article.report",
  excludeSelectors: [".report-nav", ".findings-summary", ".findings", ".downloads", "dl.meta", "figure.chart"],
};

// ---- Arguments ----------------------------------------------------------------

function parseArgs(argv) {
  const o = { site: null, json: null, work: null, keep: false, go: true, sitegen: null, checkText: 8, queries: QUERIES };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--json") o.json = val();
    else if (a === "--work") o.work = val();
    else if (a === "--keep") o.keep = true;
    else if (a === "--no-go") o.go = false;
    else if (a === "--sitegen") o.sitegen = resolve(val());
    else if (a === "--check-text") o.checkText = +val();
    else if (a === "--queries") {
      const qs = val().split(",").map((s) => s.trim()).filter(Boolean);
      o.queries = qs.map((q) => QUERIES.find((x) => x.q === q) || { q, forms: [q] });
    } else if (a === "-h" || a === "--help") {
      console.log(`usage: node search-compare.mjs SITE [options]
  --json FILE      write the raw numbers as JSON
  --work DIR       where Pagefind's bundle goes (kept); default a temporary directory, removed
  --keep           keep the temporary directory
  --no-go          skip the cross-check with \`sitegen search\` (Bleve over the same index)
  --sitegen BIN    a sitegen binary for that check; default: go build ./cmd/sitegen from the
                   work tree, or from HEAD (git archive) when the work tree does not build
  --check-text N   compare the Node text of N report pages with Chromium's innerText (default 8)
  --queries q1,q2  run these queries instead of the fixed list (the first is the cold one)`);
      process.exit(0);
    } else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
    else if (!o.site) o.site = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!o.site) throw new Error("usage: node search-compare.mjs SITE [--json FILE] …");
  o.site = resolve(o.site);
  if (!existsSync(join(o.site, "search", "manifest.json"))) throw new Error(`${o.site}: no search/manifest.json: not a site built by sitegen`);
  return o;
}

// ---- Files --------------------------------------------------------------------

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function dirStats(dir, keep = () => true) {
  let bytes = 0, files = 0;
  for (const f of walk(dir)) {
    if (!keep(relative(dir, f))) continue;
    bytes += statSync(f).size;
    files++;
  }
  return { bytes, files };
}

// reportPages lists the site's report pages: reports/YEAR/AGENCY/index.html
// holding <article class="report">.
function reportPages(site) {
  const pages = [];
  const root = join(site, "reports");
  for (const year of readdirSync(root)) {
    if (!statSync(join(root, year)).isDirectory()) continue;
    for (const key of readdirSync(join(root, year))) {
      const file = join(root, year, key, "index.html");
      if (!existsSync(file)) continue;
      const html = readFileSync(file, "utf8");
      if (!/<article\s+class="?report"?[\s>]/.test(html)) continue;
      pages.push({ url: `/reports/${year}/${key}/`, file, html });
    }
  }
  pages.sort((a, b) => (a.url < b.url ? -1 : 1));
  return pages;
}

// ---- Page text in Node ----------------------------------------------------------

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
  "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
  "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
const RAW = new Set(["script", "style", "textarea", "title"]);
const INVISIBLE = new Set(["head", "script", "style", "template", "noscript", "svg", "title", "textarea", "select"]);

// parseSelector understands tag, .class, #id and their combinations, which
// is all the selectors above use.
function parseSelector(s) {
  const m = s.trim().match(/^([a-zA-Z][\w-]*)?((?:[.#][\w-]+)*)$/);
  if (!m) throw new Error(`selector ${s}: only tag, .class and #id are understood`);
  const sel = { tag: m[1] ? m[1].toLowerCase() : null, classes: [], id: null };
  for (const part of m[2].match(/[.#][\w-]+/g) || []) {
    if (part[0] === ".") sel.classes.push(part.slice(1));
    else sel.id = part.slice(1);
  }
  return sel;
}

function attrsOf(s) {
  const out = {};
  for (const m of s.matchAll(/([^\s"'=<>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    out[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
  }
  return out;
}

function matches(sel, tag, attrs) {
  if (sel.tag && sel.tag !== tag) return false;
  if (sel.id && attrs.id !== sel.id) return false;
  if (sel.classes.length) {
    const cls = (attrs.class || "").split(/\s+/);
    if (!sel.classes.every((c) => cls.includes(c))) return false;
  }
  return true;
}

function decodeEntities(s) {
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, e) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : all;
    }
    return named[e] ?? all;
  });
}

// pageText returns the visible text of the element a root selector picks
// (the first match), less the excluded elements, hidden elements, closed
// <details> but their <summary>, and SVG: block elements become line breaks,
// runs of white space one space. Without root, the text of <main>.
function pageText(html, { root = "main", exclude = [] } = {}) {
  const rootSel = parseSelector(root);
  const excl = exclude.map(parseSelector);
  const stack = []; // {tag, visible}
  let inRoot = -1; // depth of the root element on the stack
  let done = false;
  let out = "";
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|</g;
  let m;
  while (!done && (m = re.exec(html)) !== null) {
    if (m[4] !== undefined || m[0] === "<") {
      const top = stack[stack.length - 1];
      if (inRoot >= 0 && top && top.visible) out += decodeEntities(m[0]);
      continue;
    }
    if (!m[2]) continue; // comment, doctype
    const tag = m[2].toLowerCase();
    if (m[1]) {
      // An end tag closes the nearest open element of its name.
      let i = stack.length - 1;
      while (i >= 0 && stack[i].tag !== tag) i--;
      if (i < 0) continue;
      const el = stack[i];
      stack.length = i;
      if (el.visible && BLOCK.has(tag)) out += "\n";
      if (i === inRoot) { done = true; inRoot = -1; }
      continue;
    }
    const attrs = attrsOf(m[3]);
    const parent = stack[stack.length - 1];
    let visible = parent ? parent.visible : true;
    if (inRoot < 0) {
      visible = matches(rootSel, tag, attrs);
    } else if (visible) {
      if (INVISIBLE.has(tag) || "hidden" in attrs || excl.some((s) => matches(s, tag, attrs))) visible = false;
      else if (parent && parent.tag === "details" && !parent.open && tag !== "summary") visible = false;
    }
    if (visible && BLOCK.has(tag)) out += "\n";
    const selfClosing = /\/\s*$/.test(m[3]);
    if (VOID.has(tag) || selfClosing) continue;
    stack.push({ tag, visible, open: tag === "details" && "open" in attrs });
    if (inRoot < 0 && visible) inRoot = stack.length - 1;
    // Raw text elements: their content is not markup; skip to the end tag.
    if (RAW.has(tag)) {
      const endRe = new RegExp(`</${tag}`, "ig");
      endRe.lastIndex = re.lastIndex;
      const end = endRe.exec(html)?.index ?? -1;
      if (end < 0) break;
      if (visible) out += decodeEntities(html.slice(re.lastIndex, end));
      re.lastIndex = end;
    }
  }
  return out.replace(/[ \t\r\f\u00a0]+/g, " ").replace(/ *\n[\s]*/g, "\n").trim();
}

// ---- Pagefind ---------------------------------------------------------------------

function pagefindBinary() {
  const pkg = `@pagefind/${platform()}-${arch()}`;
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  for (const name of ["pagefind_extended", "pagefind"]) {
    const p = join(dir, "bin", name);
    if (existsSync(p)) return { path: p, extended: name === "pagefind_extended", version: require(`${pkg}/package.json`).version };
  }
  throw new Error(`no pagefind binary in ${dir}/bin`);
}

function runPagefind(site, outDir) {
  const bin = pagefindBinary();
  const args = ["--site", site, "--glob", PAGEFIND.glob, "--root-selector", PAGEFIND.rootSelector];
  for (const s of PAGEFIND.excludeSelectors) args.push("--exclude-selectors", s);
  args.push("--output-path", outDir);
  const haveTime = existsSync("/usr/bin/time");
  const t0 = process.hrtime.bigint();
  const r = haveTime
    ? spawnSync("/usr/bin/time", ["-v", bin.path, ...args], { encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(bin.path, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`pagefind failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const num = (re, s) => { const m = s.match(re); return m ? +m[1] : null; };
  const elapsed = (() => {
    const m = r.stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
    return m ? (+(m[1] || 0)) * 3600 + +m[2] * 60 + +m[3] : null;
  })();
  return {
    binary: relative(REPO, bin.path),
    version: bin.version,
    extended: bin.extended,
    args,
    seconds: elapsed ?? wall,
    wallSeconds: wall,
    userSeconds: num(/User time \(seconds\): ([\d.]+)/, r.stderr),
    systemSeconds: num(/System time \(seconds\): ([\d.]+)/, r.stderr),
    maxRssKiB: num(/Maximum resident set size \(kbytes\): (\d+)/, r.stderr),
    pages: num(/Indexed (\d+) pages?/, r.stdout),
    words: num(/Indexed (\d+) words?/, r.stdout),
    reportedSeconds: num(/Finished in ([\d.]+) seconds/, r.stdout),
    log: r.stdout.trim(),
  };
}

const PF_UI = /^pagefind-(ui|modular-ui|component-ui|highlight)\./;

// pagefindFragments maps each page hash (a search result's id) to its URL,
// from the fragment files (gzip streams of "pagefind_dcd" and JSON; a
// grouped fragment file holds an object of fragments by hash).
function pagefindFragments(bundle) {
  const urls = new Map();
  const dir = join(bundle, "fragment");
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".pf_fragment")) continue;
    let buf = gunzipSync(readFileSync(join(dir, f)));
    const sig = Buffer.from("pagefind_dcd");
    if (buf.subarray(0, sig.length).equals(sig)) buf = buf.subarray(sig.length);
    const data = JSON.parse(buf.toString("utf8"));
    const hash = f.slice(0, -".pf_fragment".length);
    if (typeof data.url === "string") urls.set(hash, data.url);
    else for (const [h, frag] of Object.entries(data)) urls.set(h, frag.url);
  }
  return urls;
}

// ---- Server ------------------------------------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8", ".xml": "application/xml; charset=utf-8",
};

const HARNESS = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind</title><link rel="icon" href="data:,"></head>
<body><p>Pagefind harness: the benchmark drives pagefind.js from here.</p></body></html>
`;

// startServer serves the site at /, Pagefind's bundle at /pagefind/ and the
// Pagefind harness page at /__bench/pagefind.html, with the headers
// netlify.toml gives each path. Pagefind instantiates WebAssembly, which the
// site's Content-Security-Policy forbids: its paths get the same policy
// with 'wasm-unsafe-eval' added to script-src. Every response is logged
// with its body size when it has been sent.
async function startServer(site, bundle) {
  const rules = readHeaderRules(join(REPO, "netlify.toml"));
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let path;
    try { path = decodeURIComponent(url.pathname); } catch { path = "\0"; }
    let file = null, body = null, headers = {};
    if (path === "/__bench/pagefind.html") {
      body = Buffer.from(HARNESS);
      headers["Content-Type"] = TYPES[".html"];
    } else {
      const [root, rel] = path.startsWith("/pagefind/") ? [bundle, path.slice("/pagefind/".length)] : [site, path.slice(1)];
      const p = resolve(root, rel);
      if (!path.includes("\0") && (p === root || p.startsWith(root + sep))) {
        let st = null;
        try { st = statSync(p); } catch {}
        if (st?.isDirectory()) {
          if (!path.endsWith("/")) { res.writeHead(301, { Location: url.pathname + "/" + url.search }); res.end(); return; }
          if (existsSync(join(p, "index.html"))) file = join(p, "index.html");
        } else if (st?.isFile()) file = p;
      }
    }
    let status = 200;
    if (!body && !file) { status = 404; file = join(site, "404.html"); }
    if (!body) {
      body = readFileSync(file);
      headers["Content-Type"] = TYPES[extname(file)] || "application/octet-stream";
    }
    headers = { ...headers, "Cache-Control": "no-cache", ...headersFor(rules, path) };
    if (path.startsWith("/pagefind/") || path.startsWith("/__bench/")) {
      const csp = headers["Content-Security-Policy"];
      if (csp) headers["Content-Security-Policy"] = csp.replace(/script-src ([^;]*)/, "script-src $1 'wasm-unsafe-eval'");
    }
    // One range of a file, as static hosts serve it (sitegen's passages).
    const r = status === 200 && file ? byteRange(req.headers.range, body.length) : null;
    const range = r !== null && r !== "unsatisfiable";
    if (range) {
      headers["Content-Range"] = `bytes ${r.start}-${r.end}/${body.length}`;
      body = body.subarray(r.start, r.end + 1);
      status = 206;
    }
    headers["Content-Length"] = body.length;
    const entry = { path, query: url.search, status, bytes: req.method === "HEAD" ? 0 : body.length, file, range, done: false };
    log.push(entry);
    res.on("finish", () => { entry.done = true; });
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, log, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

const gzCache = new Map();
function gzipSize(entry) {
  // A range is sent as it is: its passages are not compressed by hosts.
  if (entry.range) return entry.bytes;
  const key = entry.file || entry.path;
  if (!gzCache.has(key)) {
    const data = entry.file ? readFileSync(entry.file) : Buffer.from(HARNESS);
    gzCache.set(key, gzipSync(data, { level: 6 }).length);
  }
  return gzCache.get(key);
}

// settle waits until every logged response has been sent and no request
// came for quiet ms.
async function settle(log, quiet = 150) {
  let n = -1, since = Date.now();
  for (;;) {
    await new Promise((ok) => setTimeout(ok, 25));
    if (log.length !== n || log.some((e) => !e.done)) { n = log.length; since = Date.now(); continue; }
    if (Date.now() - since >= quiet) return;
  }
}

function tally(entries) {
  const t = { requests: entries.length, bytes: 0, gzip: 0, files: [] };
  for (const e of entries) {
    t.bytes += e.bytes;
    const gz = gzipSize(e);
    t.gzip += gz;
    t.files.push({ path: e.path, status: e.status, bytes: e.bytes, gzip: gz });
  }
  return t;
}

// ---- Browser ----------------------------------------------------------------------

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

async function freshPage(browser, problems) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e}`));
  return { context, page };
}

// sitegenRun runs the queries on the search page: the first by loading
// /search/?q=…, the others by typing into the form. Counted: every request
// after the HTML page but the style sheets (page chrome, listed apart).
async function sitegenRun(browser, server, queries, problems) {
  const { context, page } = await freshPage(browser, problems);
  const out = [];
  const isChrome = (e) => e.path.endsWith(".css");
  const status = () => page.locator("#search-status").textContent();
  const waitDone = () => page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return /^(找到|没有找到|搜索出错|无法载入)/.test(s);
  }, null, { timeout: 120000 });
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i].q;
    const mark = server.log.length;
    const t0 = Date.now();
    if (i === 0) {
      await page.goto(`${server.origin}/search/?q=${encodeURIComponent(q)}`);
    } else {
      await page.evaluate(() => { document.getElementById("search-status").textContent = ""; });
      await page.fill("#search-q", q);
      await page.press("#search-q", "Enter");
    }
    await waitDone();
    const ms = Date.now() - t0;
    await settle(server.log);
    let entries = server.log.slice(mark);
    let html = null;
    if (i === 0) {
      const k = entries.findIndex((e) => e.path === "/search/");
      if (k < 0) throw new Error("sitegen: the search page was not served");
      html = entries[k];
      entries = entries.slice(k + 1);
    }
    const text = await status();
    const m = text.match(/找到(约)? (\d+) 条结果/);
    const shown = await page.locator("#search-results > li").count();
    const links = await page.locator("#search-results a.result-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    out.push({
      q, cold: i === 0, ms,
      ...tally(entries.filter((e) => !isChrome(e))),
      chrome: tally(entries.filter(isChrome)),
      html: html ? tally([html]) : null,
      status: text,
      announced: m ? +m[2] : 0,
      exact: m ? !m[1] : true,
      shown,
      shownPages: [...new Set(links.map((h) => h.replace(/#.*$/, "")))].length,
    });
  }
  await context.close();
  return out;
}

// pagefindRun loads pagefind.js on the harness page and runs the queries
// as Pagefind's Default UI does: init, the filters, then each search and the
// data() (fragment) of its first five results, the UI's first page.
async function pagefindRun(browser, server, queries, problems) {
  const { context, page } = await freshPage(browser, problems);
  await page.goto(`${server.origin}/__bench/pagefind.html`);
  await settle(server.log, 50);
  const out = [];
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i].q;
    const mark = server.log.length;
    const t0 = Date.now();
    const r = await page.evaluate(async ({ q, cold }) => {
      if (cold) {
        window.pf = await import("/pagefind/pagefind.js");
        await window.pf.options({ basePath: "/pagefind/" });
        await window.pf.init();
        await window.pf.filters();
      }
      const res = await window.pf.search(q);
      const first = await Promise.all(res.results.slice(0, 5).map((x) => x.data()));
      return {
        count: res.results.length,
        unfiltered: res.unfilteredResultCount,
        ids: res.results.map((x) => x.id),
        first: first.map((d) => d.url),
      };
    }, { q, cold: i === 0 });
    const ms = Date.now() - t0;
    await settle(server.log);
    const entries = server.log.slice(mark);
    out.push({ q, cold: i === 0, ms, ...tally(entries), results: r.count, unfiltered: r.unfiltered, ids: r.ids, first: r.first });
  }
  await context.close();
  return out;
}

// sitegenAll runs each query through the client's engine (the page's own
// script, window.SitegenSearch) with no limit, so that every match is
// proven and listed, and maps the hits to their pages with show().
async function sitegenAll(browser, server, queries, problems) {
  const { context, page } = await freshPage(browser, problems);
  await page.goto(`${server.origin}/search/`);
  await page.waitForFunction(() => !!window.SitegenSearch);
  const out = [];
  for (const { q } of queries) {
    out.push(await page.evaluate(async (q) => {
      const base = document.getElementById("search-form").getAttribute("data-index");
      // At most 16 requests at a time: listing every match of a common
      // query at 10,000 reports asks for thousands of fragment files, more
      // than Chromium lets a page have in flight.
      let active = 0;
      const waiting = [];
      const limited = async (p, range) => {
        // Passages are not needed to list pages: answer as a host without
        // ranges, and the engine asks for none after the first.
        if (range) return null;
        if (active >= 16) await new Promise((go) => waiting.push(go));
        active++;
        try {
          const r = await fetch(base + p);
          if (!r.ok) throw new Error(p + ": " + r.status);
          return new Uint8Array(await r.arrayBuffer());
        } finally {
          active--;
          if (waiting.length) waiting.shift()();
        }
      };
      const engine = window.SitegenSearch.create(limited);
      const res = await engine.search(q, { limit: 1e9 });
      await engine.show(res);
      return { q, total: res.total, exact: res.exact, terms: res.terms, hits: res.hits.length, urls: res.hits.map((h) => "/" + h.path) };
    }, q));
  }
  await context.close();
  return out;
}

// checkText compares the Node text of a few report pages with Chromium's
// innerText of the same part of the rendered page (white space ignored).
async function checkText(browser, server, pages, n, problems) {
  if (n <= 0) return null;
  const { context, page } = await freshPage(browser, problems);
  const step = Math.max(1, Math.floor(pages.length / n));
  const res = { checked: 0, mismatches: [] };
  for (let i = 0; i < pages.length && res.checked < n; i += step) {
    const p = pages[i];
    await page.goto(server.origin + p.url);
    const browserText = await page.evaluate(({ root, exclude }) => {
      const el = document.querySelector(root);
      el.querySelectorAll(exclude.join(",")).forEach((x) => x.remove());
      el.querySelectorAll("svg").forEach((x) => x.remove());
      return el.innerText;
    }, { root: PAGEFIND.rootSelector, exclude: PAGEFIND.excludeSelectors });
    const a = browserText.replace(/\s+/g, ""), b = p.text.replace(/\s+/g, "");
    res.checked++;
    if (a !== b) {
      let k = 0;
      while (k < a.length && a[k] === b[k]) k++;
      res.mismatches.push({ url: p.url, at: k, browser: a.slice(Math.max(0, k - 20), k + 40), node: b.slice(Math.max(0, k - 20), k + 40) });
    }
  }
  await context.close();
  return res;
}

// ---- Bleve, through `sitegen search` ---------------------------------------------------

// sitegenBinary builds cmd/sitegen from the work tree, or, when that does
// not build (it may be mid-edit), from HEAD.
function sitegenBinary(work) {
  const bin = join(work, "sitegen");
  const short = (e) => String(e.stderr || e.message).trim().split("\n").slice(0, 3).join(" / ");
  try {
    execFileSync("go", ["build", "-o", bin, "./cmd/sitegen"], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
    return { bin, from: "work tree" };
  } catch (e) {
    const first = short(e);
    const src = join(work, "sitegen-head");
    try {
      rmSync(src, { recursive: true, force: true });
      mkdirSync(src, { recursive: true });
      const tar = execFileSync("git", ["-C", REPO, "archive", "HEAD"], { maxBuffer: 1 << 30 });
      execFileSync("tar", ["-x", "-C", src], { input: tar });
      execFileSync("go", ["build", "-o", bin, "./cmd/sitegen"], { cwd: src, stdio: ["ignore", "ignore", "pipe"] });
      return { bin, from: `HEAD (the work tree does not build: ${first})` };
    } catch (e2) {
      return { error: `go build ./cmd/sitegen failed in the work tree (${first}) and at HEAD (${short(e2)})` };
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  }
}

function bleveAll(site, queries, work, given) {
  const b = given ? { bin: given, from: "--sitegen" } : sitegenBinary(work);
  if (b.error) return { error: b.error };
  const bin = b.bin;
  const out = [];
  for (const { q } of queries) {
    try {
      const raw = execFileSync(bin, ["search", "--json", "--index", join(site, "search"), "-n", "1000000", q], { maxBuffer: 1 << 30 });
      const r = JSON.parse(raw.toString("utf8"));
      out.push({ q, total: r.total, terms: r.terms, urls: (r.hits || []).map((h) => "/" + h.url) });
    } catch (e) {
      out.push({ q, error: String(e.stderr || e.message).trim().split("\n")[0] });
    }
  }
  return { from: b.from, results: out };
}

// ---- Report ------------------------------------------------------------------------------

const pageOf = (u) => u.replace(/#.*$/, "");
const kib = (b) => (b / 1024).toFixed(1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

function recall(found, truth) {
  const f = new Set(found);
  const hit = [...truth].filter((u) => f.has(u));
  return {
    pages: f.size,
    inTruth: hit.length,
    missed: [...truth].filter((u) => !f.has(u)),
    extra: [...f].filter((u) => !truth.has(u)),
  };
}

function fmtBytes(t) {
  return `${kib(t.bytes)} (${kib(t.gzip)} gz), ${t.requests} req`;
}

function fmtFound(r, truthSize) {
  return `${r.pages}${r.extra.length ? ` (+${r.extra.length} not in GT)` : ""}: ${r.inTruth}/${truthSize}`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const work = o.work ? resolve(o.work) : mkdtempSync(join(tmpdir(), "search-compare-"));
  mkdirSync(work, { recursive: true });
  const bundle = join(work, "pagefind");
  rmSync(bundle, { recursive: true, force: true });
  const log = (s) => process.stderr.write(`search-compare: ${s}\n`);
  const problems = [];

  // Report pages and the ground truth.
  const pages = reportPages(o.site);
  if (!pages.length) throw new Error(`${o.site}: no report pages under reports/`);
  for (const p of pages) {
    p.text = pageText(p.html, { root: PAGEFIND.rootSelector, exclude: PAGEFIND.excludeSelectors });
    p.mainText = pageText(p.html, { root: "main" });
    delete p.html;
  }
  const globbed = walk(join(o.site, "reports")).filter((f) => /^reports\/[^/]+\/[^/]+\/index\.html$/.test(relative(o.site, f).split(sep).join("/")));
  if (globbed.length !== pages.length) log(`warning: the glob ${PAGEFIND.glob} matches ${globbed.length} files, ${pages.length} of them report pages`);
  const truth = o.queries.map(({ forms }) => ({
    pages: new Set(pages.filter((p) => forms.some((f) => p.text.includes(f))).map((p) => p.url)),
    main: new Set(pages.filter((p) => forms.some((f) => p.mainText.includes(f))).map((p) => p.url)),
  }));
  // Traditional-only characters common in these reports, for the log.
  const trad = pages.filter((p) => (p.text.match(/[這個們為與於關發開門說對應當數據條範訊處區產業實會]/g) || []).length > 50).length;
  log(`${pages.length} report pages, ${trad} of them in traditional characters`);

  // Pagefind's index.
  log("pagefind: indexing");
  const pf = runPagefind(o.site, bundle);
  const pfAll = dirStats(bundle);
  const pfSearch = dirStats(bundle, (r) => !PF_UI.test(r));
  const pfUI = dirStats(bundle, (r) => PF_UI.test(r));
  const pfUrls = pagefindFragments(bundle);
  const sgStatic = dirStats(join(o.site, "search"), (r) => !r.startsWith("index.bleve") && r !== "index.html");
  const sgBleve = dirStats(join(o.site, "search", "index.bleve"));
  const sgScript = readdirSync(join(o.site, "assets", "js")).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
  const manifest = JSON.parse(readFileSync(join(o.site, "search", "manifest.json"), "utf8"));

  // The browser.
  const server = await startServer(o.site, bundle);
  const browser = await launch();
  let sg, pfr, sgFull, textCheck;
  try {
    log("sitegen: queries in the browser");
    sg = await sitegenRun(browser, server, o.queries, problems);
    log("pagefind: queries in the browser");
    pfr = await pagefindRun(browser, server, o.queries, problems);
    log("sitegen: every match of each query (not measured)");
    sgFull = await sitegenAll(browser, server, o.queries, problems);
    textCheck = await checkText(browser, server, pages, o.checkText, problems);
  } finally {
    await browser.close();
    await server.close();
  }
  let bleve = null;
  if (o.go) {
    log("sitegen search (Bleve): every match of each query");
    bleve = bleveAll(o.site, o.queries, work, o.sitegen);
  }

  // Put it together.
  const rows = o.queries.map((qq, i) => {
    const t = truth[i];
    const s = sg[i], p = pfr[i], full = sgFull[i];
    const sgPages = full.urls.map(pageOf);
    const pfPages = p.ids.map((id) => {
      const u = pfUrls.get(id);
      if (!u) throw new Error(`pagefind result ${id} has no fragment`);
      return u;
    });
    const b = bleve?.results?.[i];
    const blevePages = b && !b.error ? b.urls.map(pageOf) : null;
    return {
      q: qq.q, note: qq.note || null, control: !!qq.control, forms: qq.forms, cold: i === 0,
      truth: { pages: t.pages.size, mainPages: t.main.size, urls: [...t.pages] },
      sitegen: {
        requests: s.requests, bytes: s.bytes, gzip: s.gzip, ms: s.ms, files: s.files,
        chrome: s.cold ? { requests: s.chrome.requests, bytes: s.chrome.bytes, gzip: s.chrome.gzip } : undefined,
        status: s.status, announced: s.announced, exact: s.exact, shown: s.shown, shownPages: s.shownPages,
        all: { total: full.total, exact: full.exact, terms: full.terms, sections: full.hits },
        recall: recall(sgPages, t.pages),
        bleve: b ? (b.error ? { error: b.error } : {
          total: b.total, terms: b.terms, pages: new Set(blevePages).size,
          sameAsClient: JSON.stringify([...new Set(blevePages)].sort()) === JSON.stringify([...new Set(sgPages)].sort()) && b.total === full.hits,
        }) : null,
      },
      pagefind: {
        requests: p.requests, bytes: p.bytes, gzip: p.gzip, ms: p.ms, files: p.files,
        results: p.results, unfiltered: p.unfiltered, first: p.first,
        recall: recall(pfPages, t.pages),
      },
    };
  });

  const measured = rows.filter((r) => !r.control);
  const controls = rows.filter((r) => r.control);
  const later = measured.filter((r) => !r.cold);
  const total = (f) => measured.reduce((n, r) => n + f(r), 0);
  const gtSum = total((r) => r.truth.pages);
  const summary = {
    reportPages: pages.length,
    sitegen: {
      coldBytes: rows[0].sitegen.bytes, coldGzip: rows[0].sitegen.gzip, coldRequests: rows[0].sitegen.requests,
      laterMedianBytes: median(later.map((r) => r.sitegen.bytes)), laterMaxBytes: Math.max(0, ...later.map((r) => r.sitegen.bytes)),
      laterMedianGzip: median(later.map((r) => r.sitegen.gzip)), laterMaxGzip: Math.max(0, ...later.map((r) => r.sitegen.gzip)),
      allQueriesBytes: total((r) => r.sitegen.bytes), allQueriesGzip: total((r) => r.sitegen.gzip),
      coldMs: rows[0].sitegen.ms, laterMedianMs: median(later.map((r) => r.sitegen.ms)),
      recall: gtSum ? total((r) => r.sitegen.recall.inTruth) / gtSum : 1,
      extraPages: total((r) => r.sitegen.recall.extra.length),
      static: sgStatic, bleveIndex: sgBleve, documents: manifest.docs ?? manifest.n ?? null,
      script: sgScript ? { file: `assets/js/${sgScript}`, bytes: statSync(join(o.site, "assets", "js", sgScript)).size } : null,
    },
    pagefind: {
      coldBytes: rows[0].pagefind.bytes, coldGzip: rows[0].pagefind.gzip, coldRequests: rows[0].pagefind.requests,
      laterMedianBytes: median(later.map((r) => r.pagefind.bytes)), laterMaxBytes: Math.max(0, ...later.map((r) => r.pagefind.bytes)),
      laterMedianGzip: median(later.map((r) => r.pagefind.gzip)), laterMaxGzip: Math.max(0, ...later.map((r) => r.pagefind.gzip)),
      allQueriesBytes: total((r) => r.pagefind.bytes), allQueriesGzip: total((r) => r.pagefind.gzip),
      coldMs: rows[0].pagefind.ms, laterMedianMs: median(later.map((r) => r.pagefind.ms)),
      recall: gtSum ? total((r) => r.pagefind.recall.inTruth) / gtSum : 1,
      extraPages: total((r) => r.pagefind.recall.extra.length),
      indexing: pf, bundle: pfAll, searchFiles: pfSearch, uiFiles: pfUI,
      defaultUI: ["pagefind-ui.js", "pagefind-ui.css"].map((f) => {
        const data = readFileSync(join(bundle, f));
        return { file: f, bytes: data.length, gzip: gzipSync(data, { level: 6 }).length };
      }),
    },
    textCheck,
    bleveMatchesClient: bleve?.error ? null : rows.every((r) => !r.sitegen.bleve || r.sitegen.bleve.sameAsClient),
    bleveError: bleve?.error || null,
    bleveFrom: bleve?.from || null,
    problems,
  };

  // Markdown.
  const lines = [];
  lines.push(`Site: ${o.site} — ${pages.length} report pages, ${summary.sitegen.documents ?? "?"} sitegen documents (sections)`);
  lines.push("");
  lines.push("| query | GT pages | sitegen: bytes new (gz), requests | sitegen: announced | sitegen: pages found: in GT / GT | Pagefind: bytes new (gz), requests | Pagefind: pages found: in GT / GT |");
  lines.push("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const name = `${r.q}${r.cold ? " (cold)" : ""}${r.note ? ` (${r.note})` : ""}`;
    lines.push(`| ${name} | ${r.truth.pages} | ${fmtBytes(r.sitegen)} | ${r.sitegen.exact ? "" : "≈"}${r.sitegen.announced} | ${fmtFound(r.sitegen.recall, r.truth.pages)} | ${fmtBytes(r.pagefind)} | ${fmtFound(r.pagefind.recall, r.truth.pages)} |`);
  }
  lines.push("");
  lines.push("Bytes are KiB of response bodies (raw, and gzipped with zlib -6 per file); the cold row includes each engine's runtime, later rows only what the page fetched anew.");
  const S = summary.sitegen, P = summary.pagefind;
  lines.push(`- sitegen: cold ${kib(S.coldBytes)} KiB (${kib(S.coldGzip)} gz) in ${S.coldRequests} requests; later queries median ${kib(S.laterMedianBytes)} KiB (${kib(S.laterMedianGzip)} gz), largest ${kib(S.laterMaxBytes)} KiB (${kib(S.laterMaxGzip)} gz); all ${measured.length} queries ${kib(S.allQueriesBytes)} KiB (${kib(S.allQueriesGzip)} gz)`);
  lines.push(`- Pagefind: cold ${kib(P.coldBytes)} KiB (${kib(P.coldGzip)} gz) in ${P.coldRequests} requests; later queries median ${kib(P.laterMedianBytes)} KiB (${kib(P.laterMedianGzip)} gz), largest ${kib(P.laterMaxBytes)} KiB (${kib(P.laterMaxGzip)} gz); all ${measured.length} queries ${kib(P.allQueriesBytes)} KiB (${kib(P.allQueriesGzip)} gz)`);
  const ui = P.defaultUI.reduce((a, f) => ({ bytes: a.bytes + f.bytes, gzip: a.gzip + f.gzip }), { bytes: 0, gzip: 0 });
  lines.push(`- not counted above: sitegen's search page HTML and its ${rows[0].sitegen.chrome.requests} style sheets (${kib(rows[0].sitegen.chrome.bytes)} KiB); Pagefind's Default UI, pagefind-ui.js and .css, ${kib(ui.bytes)} KiB (${kib(ui.gzip)} gz), which a page using that UI loads besides`);
  lines.push(`- time to results in Chromium (local server; cold includes loading): sitegen cold ${S.coldMs} ms, later median ${S.laterMedianMs} ms; Pagefind cold ${P.coldMs} ms, later median ${P.laterMedianMs} ms`);
  const pct = (x) => `${(Math.floor(x * 1000) / 10).toFixed(1)} %`;
  const missed = (e) => measured.filter((r) => r[e].recall.missed.length).map((r) => `${r.q} ${r[e].recall.missed.length}`).join(", ") || "none";
  lines.push(`- recall (pages found in GT / GT pages, all ${measured.length} queries): sitegen ${total((r) => r.sitegen.recall.inTruth)}/${gtSum} = ${pct(S.recall)}, Pagefind ${total((r) => r.pagefind.recall.inTruth)}/${gtSum} = ${pct(P.recall)}; pages missed: sitegen ${missed("sitegen")}; Pagefind ${missed("pagefind")}; pages found outside GT: sitegen ${S.extraPages}, Pagefind ${P.extraPages}`);
  for (const r of controls) lines.push(`- control ${r.q} (${r.note}): GT ${r.truth.pages} pages; sitegen finds ${r.sitegen.recall.pages}, Pagefind ${r.pagefind.recall.pages} (not in the totals above)`);
  lines.push(`- sitegen static search files: ${(S.static.bytes / 1e6).toFixed(2)} MB in ${S.static.files} files (index.bleve, not fetched by the client: ${(S.bleveIndex.bytes / 1e6).toFixed(2)} MB)${S.script ? `; client ${S.script.file} ${kib(S.script.bytes)} KiB` : ""}`);
  lines.push(`- Pagefind ${pf.version}${pf.extended ? " (extended: Chinese segmentation)" : ""}: indexed ${pf.pages} pages, ${pf.words} words in ${pf.seconds.toFixed(2)} s (user ${pf.userSeconds ?? "?"} s), peak RSS ${pf.maxRssKiB ? (pf.maxRssKiB / 1024).toFixed(1) + " MiB" : "?"}; bundle ${(pfAll.bytes / 1e6).toFixed(2)} MB in ${pfAll.files} files, of which search files ${(pfSearch.bytes / 1e6).toFixed(2)} MB in ${pfSearch.files} and UI files ${(pfUI.bytes / 1e6).toFixed(2)} MB in ${pfUI.files}`);
  if (bleve?.error) lines.push(`- sitegen search (Bleve) not run: ${bleve.error}`);
  else if (bleve) lines.push(`- sitegen search (Bleve, sitegen built from ${bleve.from}) over the same index ${summary.bleveMatchesClient ? "finds the same sections as the client for every query" : "differs from the client: see the JSON"}`);
  if (textCheck) lines.push(`- ground-truth text: Node's extraction ${textCheck.mismatches.length ? `differs from Chromium's innerText on ${textCheck.mismatches.length} of ${textCheck.checked} pages (see the JSON)` : `equals Chromium's innerText on ${textCheck.checked} sampled pages`}`);
  const mainDiff = rows.filter((r) => r.truth.mainPages !== r.truth.pages);
  if (mainDiff.length) lines.push(`- GT over the whole of <main> (findings, metadata and notes included) differs for: ${mainDiff.map((r) => `${r.q} ${r.truth.mainPages}`).join(", ")}`);
  if (problems.length) lines.push(`- browser problems: ${problems.length} (see the JSON)`);
  console.log(lines.join("\n"));

  if (o.json) {
    writeFileSync(o.json, JSON.stringify({
      site: o.site, date: new Date().toISOString(),
      versions: { node: process.version, pagefind: pf.version, playwright: require("playwright-core/package.json").version },
      pagefindConfig: PAGEFIND, summary, queries: rows,
    }, null, 2) + "\n");
    log(`wrote ${o.json}`);
  }
  if (!o.keep && !o.work) rmSync(work, { recursive: true, force: true });
  else log(`work directory (Pagefind bundle): ${work}`);
}

main().catch((e) => {
  console.error(`search-compare: ${e.stack || e}`);
  process.exit(1);
});
