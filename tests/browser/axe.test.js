// axe-core with the WCAG 2.1 A and AA rules on every page type at 1280 and
// 375 px wide, 0 violations; a full-page screenshot of each for review
// (screenshots/<page>-<width>.png); and the 404 page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { serveSite, siteDir, SCREENSHOTS } from "./lib/site.js";
import { launch, newContext, axe, formatViolations, formatProblems, WIDTHS } from "./lib/browser.js";
import { PAGES } from "./lib/pages.js";

let server, browser;
before(async () => {
  server = await serveSite();
  browser = await launch();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const width of WIDTHS) {
  test(`axe: every page type at ${width} px`, async (t) => {
    const ctx = await newContext(browser, { width });
    const page = await ctx.context.newPage();
    const failures = [];
    for (const p of PAGES) {
      assert.ok(existsSync(join(siteDir(), p.path, "index.html")), `${p.path}index.html is missing from the built site`);
      const res = await page.goto(server.url(p.path));
      assert.equal(res.status(), 200, `${p.path}: HTTP ${res.status()}`);
      const violations = await axe(page);
      if (violations.length) failures.push(`${server.url(p.path)} (${p.type}) at ${width} px:\n${formatViolations(violations)}`);
      // WCAG 1.4.10 Reflow, which axe does not check: no sideways scrolling
      // of the page (wide tables scroll inside their own region).
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (wide > 0) failures.push(`${server.url(p.path)} (${p.type}) at ${width} px: the page is ${wide} px wider than the window`);
      await page.screenshot({ path: join(SCREENSHOTS, `${p.name}-${width}.png`), fullPage: true });
    }
    // The compare tool with a result table on show.
    await page.goto(server.url("compare/?a=huai-an-shi-hong-ze-qu-ren-min-zheng-fu,huai-an-shi-ren-min-zheng-fu&y=2024,2023&f=new,granted,refused"));
    await page.locator("#compare-result table").waitFor();
    const v = await axe(page);
    if (v.length) failures.push(`compare tool with a result at ${width} px:\n${formatViolations(v)}`);
    await page.screenshot({ path: join(SCREENSHOTS, `compare-result-${width}.png`), fullPage: true });
    t.diagnostic(`${PAGES.length + 1} pages checked; screenshots in ${SCREENSHOTS}`);
    const problems = ctx.take();
    await ctx.close();
    assert.equal(failures.length, 0, `WCAG 2.1 A/AA failures:\n${failures.join("\n")}`);
    assert.equal(problems.length, 0, `problems in the browser:\n${formatProblems(problems)}`);
  });
}

test("404: a missing path gets the 404 page with status 404, and it passes axe", async () => {
  for (const width of WIDTHS) {
    const ctx = await newContext(browser, { width });
    const page = await ctx.context.newPage();
    const missing = "no/such/page/";
    ctx.allow404(new URL(server.url(missing)).pathname);
    const res = await page.goto(server.url(missing));
    assert.equal(res.status(), 404);
    assert.match(await page.locator("h1").innerText(), /不存在|找不到|404/);
    // Its links work from any depth: they carry the base path.
    for (const href of await page.locator("main a").evaluateAll((as) => as.map((a) => a.href))) {
      const r = await fetch(href);
      assert.equal(r.status, 200, `404 page links to ${href}: HTTP ${r.status}`);
    }
    const violations = await axe(page);
    assert.equal(violations.length, 0, `axe on the 404 page at ${width} px:\n${formatViolations(violations)}`);
    await page.screenshot({ path: join(SCREENSHOTS, `404-${width}.png`), fullPage: true });
    const problems = ctx.take();
    await ctx.close();
    assert.equal(problems.length, 0, `problems in the browser:\n${formatProblems(problems)}`);
  }
});
