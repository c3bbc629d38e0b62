// serve-measure: the measuring half of scripts/bench/serve.sh (issue #6).
// Given a running preview server — `sitegen serve` or `hugo server` — it
// edits one report and the report page's template the way an editor saves
// them and times each save until the browser would show the new page.
// Node.js built-ins only.
//
//   node scripts/bench/serve-measure.mjs --kind sitegen|hugo --url URL
//     --page /reports/YEAR/KEY/ --content FILE --template FILE --log FILE
//     --pid PID --label TAG [--runs 5] [--timeout 600] --json OUT
//
// Each run saves the report twice, appending a new phrase to the first
// paragraph of its narrative: once written to a hidden temporary file and
// renamed over it, once rewritten in place (truncate and write). Then, runs
// times, it changes the text 表格格式 of the template (temporary file and
// rename) to a new one. Before every save it waits until the server is idle
// (its CPU time still for a second), so one save's work does not delay the
// next.
//
// sitegen: it listens to /__sitegen/events as the injected reload.js does;
// t0 is taken just before the save, then it waits for a reload event naming
// the page (or all pages), GETs the page and checks that the new text is
// in it: that is t1. A reload whose page does not have the text yet, or a
// failed build, is noted as an oddity and the wait goes on. After a report
// save it also waits for the server's "search index updated" (or "built
// anew") line on its log (--log, polled every 10 ms).
//
// hugo: it connects to /livereload as livereload.js does (a WebSocket) and,
// after each save, waits for a reload message, then GETs the page and
// checks the new text (t1, as sitegen's); meanwhile it polls the page every
// 10 ms, to see when hugo first served it (hugo renders into memory page by
// page, before the rebuild ends and the reload is sent). It then waits for
// hugo's "Total in N ms" line and takes the time hugo saw the change from
// the timestamp hugo prints after "Change detected".
//
// It writes the samples and their summaries (seconds) to --json and fails
// (exit 1) when a wait times out or the server exits.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const args = parseArgs(process.argv.slice(2));
const kind = need('kind');
if (kind !== 'sitegen' && kind !== 'hugo') die(`--kind wants sitegen or hugo, got ${kind}`);
const base = need('url').replace(/\/$/, '');
const page = need('page');
const contentFile = need('content');
const templateFile = need('template');
const logFile = need('log');
const pid = Number(need('pid'));
const label = need('label');
const jsonOut = need('json');
const runs = Number(args.runs ?? 5);
const timeoutMs = Number(args.timeout ?? 600) * 1000;
if (!(runs >= 1)) die('--runs wants a positive number');

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const oddities = [];
const now = () => performance.now();

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || i + 1 >= argv.length) die(`bad argument ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  return out;
}
function need(k) {
  if (args[k] === undefined) die(`--${k} is required`);
  return args[k];
}
function die(msg) {
  console.error(`serve-measure: ${msg}`);
  process.exit(1);
}
function say(msg) {
  console.error(`serve-measure[${label}]: ${msg}`);
}
function odd(msg) {
  say(`oddity: ${msg}`);
  oddities.push(msg);
}

// ---- The server process ----------------------------------------------------

function alive() {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
function checkAlive(what) {
  if (!alive()) throw new Error(`the server (pid ${pid}) exited while ${what}; see ${logFile}`);
}
function deadline(what) {
  return { at: now() + timeoutMs, what };
}
function checkDeadline(d) {
  checkAlive(d.what);
  if (now() > d.at) throw new Error(`timed out after ${timeoutMs / 1000} s ${d.what}`);
}

// cpuTicks: the server's user + system time, in clock ticks.
function cpuTicks() {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
}

// waitIdle waits until the server used less than 5 % of a core over the
// last second.
async function waitIdle(what) {
  const d = deadline(`waiting for the server to be idle ${what}`);
  const samples = [];
  for (;;) {
    checkDeadline(d);
    samples.push(cpuTicks());
    if (samples.length > 5) samples.shift();
    if (samples.length === 5 && samples[4] - samples[0] <= 5) return; // 4 × 250 ms, ≤ 5 ticks of 10 ms
    await sleep(250);
  }
}

function memory() {
  const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((st.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1] || 0);
  return { hwmKiB: kb('VmHWM'), rssKiB: kb('VmRSS') };
}

// ---- The server's log --------------------------------------------------------

function logSize() {
  return fs.statSync(logFile).size;
}

// waitLog polls the log from byte offset `from` every 10 ms until a line
// matches re; it returns the match and when it was seen.
async function waitLog(re, from, what) {
  const d = deadline(what);
  const fd = fs.openSync(logFile, 'r');
  try {
    let off = from;
    let rest = Buffer.alloc(0);
    for (;;) {
      const size = fs.fstatSync(fd).size;
      if (size > off) {
        const buf = Buffer.alloc(size - off);
        fs.readSync(fd, buf, 0, buf.length, off);
        off = size;
        const all = Buffer.concat([rest, buf]);
        const end = all.lastIndexOf(0x0a);
        if (end >= 0) {
          for (const line of all.subarray(0, end).toString('utf8').split('\n')) {
            const m = line.match(re);
            if (m) return { at: now(), m, line };
          }
          rest = all.subarray(end + 1);
        } else {
          rest = all;
        }
      }
      checkDeadline(d);
      await sleep(10);
    }
  } finally {
    fs.closeSync(fd);
  }
}

// ---- HTTP ----------------------------------------------------------------------

function get(p) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + p, { agent, headers: { 'Cache-Control': 'no-cache' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${p}: no answer in ${timeoutMs / 1000} s`)));
  });
}

// normPath: as reload.js, /x/index.html is /x/.
function normPath(p) {
  let s = String(p).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  if (!s.startsWith('/')) s = '/' + s;
  try {
    s = encodeURI(decodeURI(s));
  } catch {
    // compare as given
  }
  return s.endsWith('/index.html') ? s.slice(0, -'index.html'.length) : s;
}

// events is one browser's view of /__sitegen/events: every message with the
// time it arrived.
class Events {
  constructor() {
    this.queue = [];
    this.wake = null;
    this.closed = null;
  }
  open() {
    return new Promise((resolve, reject) => {
      const req = http.get(base + '/__sitegen/events', { headers: { Accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`/__sitegen/events: HTTP ${res.statusCode}`));
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk) => {
          const at = now();
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = frame
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).replace(/^ /, ''))
              .join('\n');
            if (!data) continue;
            let ev;
            try {
              ev = JSON.parse(data);
            } catch {
              ev = { kind: 'unparsable', data };
            }
            this.push({ at, ev });
          }
        });
        res.on('end', () => this.close('the event stream ended'));
        res.on('error', (e) => this.close(`the event stream failed: ${e.message}`));
        resolve();
      });
      req.on('error', reject);
      this.req = req;
    });
  }
  push(e) {
    this.queue.push(e);
    if (this.wake) this.wake();
  }
  close(why) {
    this.closed = why;
    if (this.wake) this.wake();
  }
  clear() {
    this.queue.length = 0;
  }
  async next(d) {
    while (this.queue.length === 0) {
      if (this.closed) throw new Error(this.closed);
      checkDeadline(d);
      await new Promise((r) => {
        const t = setTimeout(r, 200);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
      this.wake = null;
    }
    return this.queue.shift();
  }
  destroy() {
    if (this.req) this.req.destroy();
  }
}

// liveReload is one browser's livereload.js connection to hugo server: a
// WebSocket at /livereload (a minimal client: text frames in, masked text
// frames out), its reload messages queued with the time they arrived.
class LiveReload extends Events {
  open() {
    return new Promise((resolve, reject) => {
      const key = crypto.randomBytes(16).toString('base64');
      const req = http.get(base + '/livereload', {
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key },
      });
      req.on('response', (res) => reject(new Error(`/livereload: HTTP ${res.statusCode}, not a WebSocket`)));
      req.on('error', reject);
      req.on('upgrade', (res, socket, head) => {
        this.socket = socket;
        let buf = head;
        socket.on('data', (chunk) => {
          const at = now();
          buf = Buffer.concat([buf, chunk]);
          for (;;) {
            if (buf.length < 2) break;
            const op = buf[0] & 0x0f;
            let len = buf[1] & 0x7f;
            let off = 2;
            if (len === 126) {
              if (buf.length < 4) break;
              len = buf.readUInt16BE(2);
              off = 4;
            } else if (len === 127) {
              if (buf.length < 10) break;
              len = Number(buf.readBigUInt64BE(2));
              off = 10;
            }
            if (buf[1] & 0x80) off += 4; // a masked server frame: not expected
            if (buf.length < off + len) break;
            const payload = buf.subarray(off, off + len);
            buf = buf.subarray(off + len);
            if (op === 1) {
              let msg;
              try {
                msg = JSON.parse(payload.toString('utf8'));
              } catch {
                msg = { command: 'unparsable', data: payload.toString('utf8') };
              }
              this.push({ at, ev: msg });
            } else if (op === 8) {
              this.close('hugo closed the livereload connection');
            } else if (op === 9) {
              this.send(payload, 0x0a);
            }
          }
        });
        socket.on('close', () => this.close('the livereload connection closed'));
        socket.on('error', (e) => this.close(`the livereload connection failed: ${e.message}`));
        this.send(Buffer.from(JSON.stringify({ command: 'hello', protocols: ['http://livereload.com/protocols/official-7'] })));
        resolve();
      });
    });
  }
  send(payload, op = 0x01) {
    const mask = crypto.randomBytes(4);
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x80 | op, 0x80 | len]) : Buffer.from([0x80 | op, 0x80 | 126, len >> 8, len & 0xff]);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
    this.socket.write(Buffer.concat([head, mask, body]));
  }
  destroy() {
    if (this.socket) this.socket.destroy();
  }
}

// ---- Edits -------------------------------------------------------------------------

// withPhrase appends phrase to the first paragraph line after the front
// matter (YAML between --- lines, or JSON from { to }): not a heading,
// table, list, quote or HTML.
function withPhrase(text, phrase) {
  const lines = text.split('\n');
  let i = 0;
  if (lines[0] === '---') {
    i = lines.indexOf('---', 1);
  } else if (lines[0] === '{') {
    i = lines.indexOf('}', 1);
  }
  if (i < 0) throw new Error(`${contentFile}: front matter not closed`);
  for (i++; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() !== '' && !/^(#|\||<|-|\*|>|[0-9]+\.)/.test(l)) {
      lines[i] = l.replace(/\s*$/, '') + phrase;
      return lines.join('\n');
    }
  }
  throw new Error(`${contentFile}: no paragraph to edit`);
}

const TEMPLATE_TEXT = /表格格式(（模板修订[^）]*）)?/g;
function withTemplateText(text, marker) {
  const n = (text.match(TEMPLATE_TEXT) || []).length;
  if (n !== 1) throw new Error(`${templateFile}: 表格格式 occurs ${n} times, want 1`);
  return text.replace(TEMPLATE_TEXT, marker);
}

// save writes data to file as an editor does: "rename" writes a hidden
// temporary file beside it and renames it over the file, "inplace"
// truncates and rewrites the file. It returns t0, taken just before.
function save(file, data, how) {
  const buf = Buffer.from(data, 'utf8');
  if (how === 'rename') {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.serve-measure`);
    const t0 = now();
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, file);
    return t0;
  }
  const t0 = now();
  fs.writeFileSync(file, buf);
  return t0;
}

// ---- Waiting for the new page --------------------------------------------------

// sitegenPage waits for a reload naming the page, then GETs it; it returns
// the times of the event and of the page with text.
async function sitegenPage(events, text, t0, what) {
  const d = deadline(`waiting for the reload of ${page} after ${what}`);
  for (;;) {
    const { at, ev } = await events.next(d);
    if (ev.kind === 'error') {
      odd(`${what}: a failed build (${(ev.diagnostics || []).map((x) => `${x.file}:${x.line} ${x.rule} ${x.message}`).join('; ')})`);
      continue;
    }
    if (ev.kind !== 'reload') continue;
    const paths = (ev.paths || []).map(normPath);
    if (!ev.all && !paths.includes(page)) continue;
    const res = await get(page);
    const t1 = now();
    if (res.status === 200 && res.body.includes(text)) {
      return { event: (at - t0) / 1000, page: (t1 - t0) / 1000, reloadPaths: ev.all ? 'all' : paths.length };
    }
    odd(`${what}: a reload event named ${page} ${((at - t0) / 1000).toFixed(3)} s after the save, but the page (HTTP ${res.status}) does not have the new text`);
  }
}

// pollPage GETs the page every 10 ms until it has text, or until stop()
// returns true.
async function pollPage(text, t0, what, stop) {
  const d = deadline(`waiting for ${page} to show ${what}`);
  let polls = 0;
  for (;;) {
    const res = await get(page);
    const t1 = now();
    polls++;
    if (res.status === 200 && res.body.includes(text)) return { polled: (t1 - t0) / 1000, polls };
    if (stop()) return { polled: null, polls };
    checkDeadline(d);
    await sleep(10);
  }
}

// hugoPage waits for a livereload reload message, then GETs the page, as
// livereload.js would (it reloads the page whatever the path, unless a
// stylesheet or image); it returns when the page has text.
async function hugoPage(lr, text, t0, what) {
  const d = deadline(`waiting for hugo's livereload after ${what}`);
  for (;;) {
    const { at, ev } = await lr.next(d);
    if (ev.command !== 'reload') continue;
    const res = await get(page);
    const t1 = now();
    if (res.status === 200 && res.body.includes(text)) {
      return { event: (at - t0) / 1000, page: (t1 - t0) / 1000, reloadPath: ev.path };
    }
    odd(`${what}: a livereload (path ${ev.path}) ${((at - t0) / 1000).toFixed(3)} s after the save, but the page (HTTP ${res.status}) does not have the new text`);
  }
}

// hugoDone waits for hugo's "Total in N ms" after the mark and reads when
// hugo saw the change.
async function hugoDone(mark, t0, wall0, what) {
  const done = await waitLog(/^Total in ([0-9.]+) ms/, mark, `waiting for hugo's rebuild after ${what}`);
  const text = fs.readFileSync(logFile).subarray(mark).toString('utf8');
  const m = text.match(/Change detected, rebuilding site\.?\n(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) ([+-]\d\d)(\d\d)/);
  const seen = m ? (Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) - wall0) / 1000 : null;
  if (!m) odd(`${what}: no "Change detected" timestamp in hugo's log`);
  const rebuilds = (text.match(/^Total in /gm) || []).length;
  if (rebuilds > 1) odd(`${what}: hugo rebuilt ${rebuilds} times`);
  return { done: (done.at - t0) / 1000, hugoTotal: Number(done.m[1]) / 1000, seen };
}

// ---- The runs ----------------------------------------------------------------------

async function main() {
  const first = await get(page);
  if (first.status !== 200) throw new Error(`GET ${page}: HTTP ${first.status}`);
  const events = kind === 'sitegen' ? new Events() : new LiveReload();
  await events.open();
  const hello = await events.next(deadline('waiting for the reload connection to say hello'));
  if ((hello.ev.kind || hello.ev.command) !== 'hello') odd(`the reload connection opened with ${JSON.stringify(hello.ev)}, not hello`);
  const samples = { rename: [], inplace: [], template: [] };
  let k = 0;
  const one = async (how, target) => {
    k++;
    const isTemplate = target === 'template';
    const file = isTemplate ? templateFile : contentFile;
    const text = isTemplate ? `表格格式（模板修订${label}${k}）` : `（修订稿${label}${k}）`;
    const what = isTemplate ? `template edit ${k}` : `report edit ${k} (${how})`;
    const old = fs.readFileSync(file, 'utf8');
    const data = isTemplate ? withTemplateText(old, text) : withPhrase(old, text);
    await waitIdle(`before ${what}`);
    events.clear();
    const mark = logSize();
    const wall0 = Date.now();
    const t0 = save(file, data, how);
    let s;
    if (kind === 'sitegen') {
      s = await sitegenPage(events, text, t0, what);
      const built = await waitLog(/^\d+ change\(s\): .*/, mark, `waiting for the rebuild line after ${what}`);
      s.line = built.line;
      if (!isTemplate) {
        const idx = await waitLog(/^search index (?:updated|built anew) in (\S+)/, mark, `waiting for the search index after ${what}`);
        s.search = (idx.at - t0) / 1000;
        s.searchLine = idx.line;
      }
    } else {
      let reloaded = false;
      const [viaReload, polled] = await Promise.all([
        hugoPage(events, text, t0, what).finally(() => (reloaded = true)),
        pollPage(text, t0, what, () => reloaded),
      ]);
      if (polled.polled === null) odd(`${what}: the polled page did not have the new text before the livereload`);
      s = { ...viaReload, ...polled, ...(await hugoDone(mark, t0, wall0, what)) };
    }
    samples[isTemplate ? 'template' : how].push(s);
    const f = (x) => (typeof x === 'number' ? `${x.toFixed(3)} s` : '–');
    let msg = `${what}: event ${f(s.event)}, page ${f(s.page)}`;
    if (kind === 'sitegen') {
      msg += isTemplate ? '' : `, search index ${f(s.search)}`;
    } else {
      msg += `, first served ${f(s.polled)}; hugo saw it ${f(s.seen)}, done ${f(s.done)} (Total in ${f(s.hugoTotal)}), livereload path ${s.reloadPath}`;
    }
    say(msg);
  };
  for (let r = 0; r < runs; r++) {
    await one('rename', 'content');
    await one('inplace', 'content');
  }
  for (let r = 0; r < runs; r++) await one('rename', 'template');
  await waitIdle('at the end');
  const mem = memory();
  events.destroy();
  agent.destroy();

  const stat = (xs) => {
    const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
    if (v.length === 0) return null;
    const mid = v.length >> 1;
    return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1], n: v.length };
  };
  const summary = {};
  for (const [name, list] of Object.entries(samples)) {
    summary[name] = {};
    for (const key of ['page', 'event', 'polled', 'search', 'done', 'hugoTotal', 'seen']) {
      const st = stat(list.map((s) => s[key]));
      if (st) summary[name][key] = st;
    }
  }
  summary.content = {};
  for (const key of ['page', 'event', 'polled', 'search', 'done', 'seen']) {
    const st = stat([...samples.rename, ...samples.inplace].map((s) => s[key]));
    if (st) summary.content[key] = st;
  }
  const out = { kind, label, page, content: contentFile, template: templateFile, runs, samples, summary, memory: mem, oddities };
  fs.writeFileSync(jsonOut, JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => {
  say(`failed: ${e.message}`);
  process.exit(1);
});
