// `sitegen serve` in Chromium, under the Content-Security-Policy the preview
// server sends: a saved edit reloads the page by itself; a save that breaks
// the report shows the error overlay (an alert, focused, passing axe) over
// the last good page, and fixing it takes the overlay away; a stylesheet
// edit applies without a reload. No CSP violation, console error or failed
// request on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./lib/site.js";
import { readHeaderRules, headersFor } from "./lib/netlify.js";
import { buildSitegen, startServe } from "./lib/serve.js";
import { launch, newContext, axe, formatViolations, formatProblems } from "./lib/browser.js";

const WAIT = 30_000; // a rebuild takes well under a few seconds
const PAGE = "/reports/2024/huai-an-shi-ren-min-zheng-fu/";
const REPORT = "reports/2024/huai-an-shi-ren-min-zheng-fu.md";
const ADDED = "浏览器预览中新增的一段话。";
const EVENTS = "/__sitegen/events";

let tmp, serve, browser, ctx, page;
let report, original, edited;
let settled = Promise.resolve(); // resolves when the last save's build succeeded
let navigations = 0; // main-frame navigations of page
let streamOf = -1; // the navigation whose document opened the event stream

// until polls fn until it returns true, for at most ms.
async function until(fn, what, ms = WAIT) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

// listening resolves when the page's current document has its event stream
// open (the response arrives once the server has registered the browser):
// no later build goes unannounced to it.
const listening = () => until(() => streamOf === navigations, "the page's event stream");

// The page's own stream is cut when it reloads or closes: not a failure.
const expected = (p) => p.kind === "request" && p.text.includes(EVENTS + ": net::ERR_ABORTED");

function problems() {
  return ctx.take().filter((p) => !expected(p));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "sitegen-serve-"));
  const bin = buildSitegen(tmp);
  cpSync(join(REPO, "content"), join(tmp, "content"), { recursive: true });
  mkdirSync(join(tmp, "assets", "css"), { recursive: true });
  cpSync(join(REPO, "assets", "css", "site.css"), join(tmp, "assets", "css", "site.css"));
  serve = await startServe(bin, ["--content", join(tmp, "content"), "--out", join(tmp, "public"),
    "--assets", join(tmp, "assets"), "--templates", join(tmp, "templates")]);
  report = join(tmp, "content", REPORT);
  original = readFileSync(report, "utf8");
  browser = await launch();
  ctx = await newContext(browser);
  page = await ctx.context.newPage();
  page.on("framenavigated", (f) => { if (f === page.mainFrame()) navigations++; });
  page.on("response", (r) => { if (new URL(r.url()).pathname === EVENTS && r.status() === 200) streamOf = navigations; });
});

after(async () => {
  const left = ctx ? problems() : [];
  await browser?.close();
  const code = await serve?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.equal(left.length, 0, `problems in the browser:\n${formatProblems(left)}`);
  assert.equal(code, 0, `sitegen serve did not stop cleanly (${code}):\n${serve?.stderr()}`);
});

// marker sets a property on the page's window: it survives anything but a
// navigation.
const setMarker = () => page.evaluate(() => { window.__sitegenMarker = "kept"; });
const marker = () => page.evaluate(() => window.__sitegenMarker ?? null);
const firstParagraph = () => page.locator("#s1 .prose p").first().innerText();

test("the preview page carries the reload script and the site's Content-Security-Policy", { timeout: 2 * WAIT }, async () => {
  const res = await page.goto(serve.url(PAGE));
  assert.equal(res.status(), 200);
  const csp = headersFor(readHeaderRules(join(REPO, "netlify.toml")), "/index.html")["Content-Security-Policy"];
  assert.equal(res.headers()["content-security-policy"], csp, "the preview sends the CSP of netlify.toml");
  assert.equal(await page.locator('script[src="/__sitegen/reload.js"]').count(), 1);
  await listening();
  assert.notEqual(await firstParagraph(), ADDED);
  const p = problems();
  assert.equal(p.length, 0, `problems in the browser:\n${formatProblems(p)}`);
});

test("a saved edit reloads the page by itself and shows it", { timeout: 2 * WAIT }, async () => {
  await setMarker();
  const before = navigations;
  edited = original.replace("## 一、总体情况\n", `## 一、总体情况\n\n${ADDED}\n`);
  assert.notEqual(edited, original, "no heading to insert under");
  writeFileSync(report, edited);
  await page.locator("#s1 .prose p", { hasText: ADDED }).waitFor({ timeout: WAIT });
  assert.equal(await firstParagraph(), ADDED);
  assert.equal(await marker(), null, "the page was patched, not reloaded");
  assert.ok(navigations > before, "no navigation");
  assert.equal(new URL(page.url()).pathname, PAGE);
  await listening(); // the reloaded page listens again
  const p = problems();
  assert.equal(p.length, 0, `problems in the browser:\n${formatProblems(p)}`);
});

test("a save that breaks the report shows the overlay over the last good page; fixing it hides the overlay", { timeout: 3 * WAIT }, async () => {
  assert.ok(edited, "needs the previous test's edit");
  await listening();
  await setMarker();
  // The first row of table 3 with a number that is not one.
  const lines = edited.split("\n");
  const row = lines.indexOf("table3:") + 1;
  assert.ok(row > 0 && /: \[[^\]]+\]$/.test(lines[row]), `no row after table3: (${lines[row]})`);
  lines[row] = lines[row].replace(/\[[^\]]+\]$/, "[x]");
  const alert = page.getByRole("alert");
  writeFileSync(report, lines.join("\n"));
  try {
    await alert.waitFor({ timeout: WAIT });
    assert.equal(await alert.getByRole("heading", { level: 2 }).innerText(), "构建失败");
    assert.equal(await alert.getAttribute("aria-labelledby"), "sitegen-overlay-title");
    const items = await alert.locator("li").allInnerTexts();
    assert.ok(items.length > 0, "the overlay lists no problem");
    const at = new RegExp(`huai-an-shi-ren-min-zheng-fu\\.md:(\\d+)`);
    const named = items.filter((t) => at.test(t));
    assert.ok(named.length > 0, `no item names the file and a line: ${JSON.stringify(items)}`);
    assert.equal(Number(named[0].match(at)[1]), row + 1, `the overlay names another line than the broken row's: ${named[0]}`);
    // Styled by /__sitegen/reload.css, which the CSP allows.
    assert.equal(await alert.evaluate((e) => getComputedStyle(e).position), "fixed");
    // Focus moved into the overlay, to its heading.
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return a && a.closest('[role="alert"]') ? a.textContent : null;
    });
    assert.equal(focused, "构建失败", "focus is not on the overlay");
    const violations = await axe(page);
    assert.equal(violations.length, 0, `axe with the overlay open:\n${formatViolations(violations)}`);
    // The last good page is still the one shown (and served).
    assert.equal(await marker(), "kept", "the page reloaded on a failed build");
    assert.equal(await firstParagraph(), ADDED);
    assert.match(await (await fetch(serve.url(PAGE))).text(), new RegExp(ADDED));
  } finally {
    // Fixed: the same page as the last good build, so no reload, and the
    // overlay goes (the "ok" event). Fixed also when an assertion above
    // failed, so that the next test starts from a good build.
    settled = serve.waitFor(/\d+ change\(s\): /, { from: serve.stderr().length, ms: WAIT });
    writeFileSync(report, edited);
  }
  await settled;
  await alert.waitFor({ state: "detached", timeout: WAIT });
  assert.equal(await marker(), "kept", "the page reloaded, though the fix gives back the same page");
  assert.equal(await firstParagraph(), ADDED);
  assert.equal(new URL(page.url()).pathname, PAGE);
  const p = problems();
  assert.equal(p.length, 0, `problems in the browser:\n${formatProblems(p)}`);
});

test("a stylesheet edit applies without a reload", { timeout: 2 * WAIT }, async () => {
  await settled; // alone in its batch: a stylesheet-only change
  await listening();
  await setMarker();
  const before = navigations;
  const outline = () => page.evaluate(() => getComputedStyle(document.body).outlineColor);
  const sheets = () => page.locator('link[rel="stylesheet"][href*="/assets/css/site."]').evaluateAll((ls) => ls.map((l) => l.getAttribute("href")));
  assert.notEqual(await outline(), "rgb(1, 2, 3)");
  const [old] = await sheets();
  const css = join(tmp, "assets", "css", "site.css");
  writeFileSync(css, readFileSync(css, "utf8") + "\nbody{outline:3px solid rgb(1,2,3)}\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, { timeout: WAIT });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).outlineWidth), "3px");
  assert.equal(await marker(), "kept", "the page reloaded for a stylesheet edit");
  assert.equal(navigations, before, "the page navigated for a stylesheet edit");
  // The new stylesheet replaced the old one.
  await page.waitForFunction((o) => !document.querySelector(`link[href="${o}"]`), old, { timeout: WAIT });
  const now = await sheets();
  assert.equal(now.length, 1, `stylesheets ${JSON.stringify(now)}`);
  assert.notEqual(now[0], old);
  assert.equal(await firstParagraph(), ADDED);
  const p = problems();
  assert.equal(p.length, 0, `problems in the browser:\n${formatProblems(p)}`);
});
