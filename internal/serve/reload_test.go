package serve

import (
	"os"
	"testing"

	"github.com/dop251/goja"
)

// reload.js is run in goja against a fake browser (testdata/fakedom.js):
// its event handling, overlay and reconnection are tested here; what a
// real browser does with them (reload, stylesheet swap, CSP) is for the
// browser suite.

func runScript(t *testing.T, test string) {
	t.Helper()
	fake, err := os.ReadFile("testdata/fakedom.js")
	if err != nil {
		t.Fatal(err)
	}
	vm := goja.New()
	prelude := `
function check(cond, msg) { if (!cond) throw new Error('check failed: ' + msg); }
function eq(got, want, msg) {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  if (g !== w) throw new Error(msg + ': got ' + g + ', want ' + w);
}
`
	for _, src := range []struct{ name, code string }{
		{"fakedom.js", string(fake)},
		{"prelude.js", prelude},
		{"reload.js", string(reloadJS)},
		{"test.js", test},
	} {
		if _, err := vm.RunScript(src.name, src.code); err != nil {
			t.Fatalf("%s: %v", src.name, err)
		}
	}
}

func TestReloadJSNormPath(t *testing.T) {
	runScript(t, `
const norm = window.__sitegenTest.normPath;
for (const [input, want] of [
  ['/', '/'],
  ['/index.html', '/'],
  ['/reports/2020/a/index.html', '/reports/2020/a/'],
  ['/reports/2020/a/', '/reports/2020/a/'],
  ['/reports/2020/a', '/reports/2020/a'],
  ['/about.html', '/about.html'],
  ['http://localhost:1313/x/?q=1#top', '/x/'],
  ['https://example.org/sub/x/index.html', '/sub/x/'],
  ['/报告/', '/%E6%8A%A5%E5%91%8A/'],
  ['/%E6%8A%A5%E5%91%8A/', '/%E6%8A%A5%E5%91%8A/'],
  ['/%zz/', '/%zz/'],
  ['x/', '/x/'],
]) eq(norm(input), want, input);
`)
}

func TestReloadJSReload(t *testing.T) {
	runScript(t, `
const c = window.__sitegenTest.createClient();
const loc = window.location;
function reloadsFor(pathname, data) {
  loc.pathname = pathname;
  loc.reloads = 0;
  c.handlers.reload(data);
  return loc.reloads;
}
eq(reloadsFor('/reports/2020/a/', {paths: ['/reports/2020/a/']}), 1, 'same page');
eq(reloadsFor('/reports/2020/a/', {paths: ['/reports/2020/a/index.html']}), 1, 'index.html named');
eq(reloadsFor('/reports/2020/a/index.html', {paths: ['/reports/2020/a/']}), 1, 'index.html visited');
eq(reloadsFor('/', {paths: ['/index.html']}), 1, 'home');
eq(reloadsFor('/%E6%8A%A5%E5%91%8A/', {paths: ['/报告/']}), 1, 'encoded');
eq(reloadsFor('/reports/2020/a/', {paths: ['/reports/2020/b/', '/agencies/']}), 0, 'other pages');
eq(reloadsFor('/reports/2020/a/', {paths: []}), 0, 'nothing');
eq(reloadsFor('/reports/2020/a/', {}), 0, 'no paths');
eq(reloadsFor('/reports/2020/a/', {all: true}), 1, 'all');
`)
}

func TestReloadJSCSS(t *testing.T) {
	runScript(t, `
const c = window.__sitegenTest.createClient();
const site = link('/assets/css/site.aaa.css');
const chart = link('/assets/css/chart.bbb.css');
const print = link('/assets/css/print.ccc.css');
print.setAttribute('media', 'print');
const icon = link('data:,', 'icon');
c.handlers.css({css: {
  '/assets/css/site.aaa.css': '/assets/css/site.ddd.css',
  'http://localhost:1313/assets/css/print.ccc.css': '/assets/css/print.eee.css',
  '/assets/css/gone.css': '/assets/css/new.css',
}});
eq(window.location.reloads, 0, 'reloads');
const hrefs = () => document.head.children.map((n) => n.getAttribute('href'));
// The new sheets are in, the old ones stay until the new ones load.
eq(hrefs(), ['/assets/css/site.aaa.css', '/assets/css/site.ddd.css', '/assets/css/chart.bbb.css',
  '/assets/css/print.ccc.css', '/assets/css/print.eee.css', 'data:,'], 'while loading');
const fresh = document.head.children[1];
eq(fresh.getAttribute('rel'), 'stylesheet', 'rel kept');
eq(document.head.children[4].getAttribute('media'), 'print', 'media kept');
fresh.dispatch('load');
eq(hrefs(), ['/assets/css/site.ddd.css', '/assets/css/chart.bbb.css',
  '/assets/css/print.ccc.css', '/assets/css/print.eee.css', 'data:,'], 'site loaded');
document.head.children[3].dispatch('error'); // a sheet that fails still replaces
eq(hrefs(), ['/assets/css/site.ddd.css', '/assets/css/chart.bbb.css', '/assets/css/print.eee.css', 'data:,'], 'print failed');
`)
}

func TestReloadJSOverlay(t *testing.T) {
	runScript(t, `
const c = window.__sitegenTest.createClient();
const search = document.body.appendChild(document.createElement('input'));
search.focus();
const diags = [
  {file: 'content/reports/2020/a.md', line: 62, col: 23, rule: 'C1', severity: 'error', message: '行政复议: 总计 = 0'},
  {file: 'content/agencies/b.yaml', line: 0, col: 0, rule: 'A2', severity: 'warning', message: '没有上级机关'},
  {file: '', line: 0, col: 0, rule: '', severity: 'error', message: '模板 report.html: 语法错误'},
];
c.handlers.error({diagnostics: diags});

const overlays = () => document.find((n) => n.className === 'sitegen-overlay');
eq(overlays().length, 1, 'one overlay');
const o = overlays()[0];
eq(o.getAttribute('role'), 'alert', 'role');
eq(o.getAttribute('lang'), 'zh-CN', 'lang');
const title = o.all().find((n) => n.tagName === 'H2');
eq(title.textContent, '构建失败', 'heading');
eq(o.getAttribute('aria-labelledby'), title.id, 'labelled by the heading');
check(document.activeElement === title, 'focus on the heading');
eq(o.all().filter((n) => n.tagName === 'LI').map((n) => n.textContent), [
  'content/reports/2020/a.md:62:23 错误 C1 行政复议: 总计 = 0',
  'content/agencies/b.yaml 警告 A2 没有上级机关',
  '错误 模板 report.html: 语法错误',
], 'items');
const button = o.all().find((n) => n.tagName === 'BUTTON');
eq(button.textContent, '关闭', 'close button');
eq(button.type, 'button', 'button type');
const sheets = () => document.head.children.filter((n) => n.getAttribute('href') === '/__sitegen/reload.css');
eq(sheets().length, 1, 'overlay stylesheet');

// A second failure replaces the list, focus stays in the overlay.
c.handlers.error({diagnostics: diags.slice(0, 1)});
eq(overlays().length, 1, 'still one overlay');
eq(overlays()[0].all().filter((n) => n.tagName === 'LI').length, 1, 'new list');
eq(sheets().length, 1, 'stylesheet once');

// Closed by the button: focus goes back.
overlays()[0].all().find((n) => n.tagName === 'BUTTON').dispatch('click');
eq(overlays().length, 0, 'closed');
check(document.activeElement === search, 'focus restored');

// Closed by Escape.
c.handlers.error({diagnostics: diags});
overlays()[0].dispatch('keydown', {key: 'Enter'});
eq(overlays().length, 1, 'Enter does not close');
overlays()[0].dispatch('keydown', {key: 'Escape'});
eq(overlays().length, 0, 'Escape closes');

// Cleared by ok, reload (of another page) and css.
for (const clear of [() => c.handlers.ok({}), () => c.handlers.reload({paths: ['/elsewhere/']}), () => c.handlers.css({css: {}})]) {
  c.handlers.error({diagnostics: diags});
  eq(overlays().length, 1, 'shown');
  clear();
  eq(overlays().length, 0, 'cleared');
  check(document.activeElement === search, 'focus restored after clearing');
}
eq(window.location.reloads, 0, 'no reload');

// Focus elsewhere meanwhile: left there.
c.handlers.error({diagnostics: diags});
const other = document.body.appendChild(document.createElement('a'));
other.focus();
c.handlers.ok({});
check(document.activeElement === other, 'focus not taken back');
`)
}

func TestReloadJSConnection(t *testing.T) {
	runScript(t, `
const c = window.__sitegenTest.createClient();
c.connect();
eq(sources.length, 1, 'one source');
eq(sources[0].url, '/__sitegen/events', 'url');
sources[0].emit('open');
sources[0].send({kind: 'hello', server: 'A'});
window.location.pathname = '/x/';
sources[0].send({kind: 'reload', paths: ['/x/']});
eq(window.location.reloads, 1, 'reload through the stream');
sources[0].emit('message', {data: 'not json'});
sources[0].send({kind: 'toString'});
sources[0].send({kind: 'unknown'});

// The server goes away: back off 0.5 s, 1 s, 2 s … up to 10 s.
const delays = [];
for (let i = 0; i < 7; i++) {
  const s = sources[sources.length - 1];
  s.emit('error');
  check(s.closed, 'closed after error');
  s.emit('error'); // a second error of the same source schedules nothing
  const t = timers.shift();
  delays.push(t.delay);
  eq(timers.length, 0, 'one timer');
  t.fn();
}
eq(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000], 'backoff');
eq(sources.length, 8, 'a new source each time');

// Connected again: the delay starts over; the same server: no reload.
const s = sources[sources.length - 1];
s.emit('open');
s.send({kind: 'hello', server: 'A'});
eq(window.location.reloads, 1, 'same server');
s.emit('error');
const t = timers.shift();
eq(t.delay, 500, 'reset after open');

// Reconnected to a restarted server: the page reloads.
t.fn();
sources[sources.length - 1].send({kind: 'hello', server: 'B'});
eq(window.location.reloads, 2, 'new server');
`)
}

// The script is what the browsers get: ES2017, no dependency, small.
func TestReloadJSIsSmall(t *testing.T) {
	if n := len(reloadJS); n > 10_000 {
		t.Errorf("reload.js is %d bytes", n)
	}
}
