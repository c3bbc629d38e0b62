// The search page in the browser: results for ?q=, marks, the live count, arrow keys,
// a facet filter kept in the URL, axe; parity with `sitegen search` in V8; the page
// without JavaScript. Written for tests/browser (it imports ./lib/...): move it there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { session } from "./lib/session.js";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { siteDir, REPO, BASE, SCREENSHOTS } from "./lib/site.js";
import { readHeaderRules } from "./lib/netlify.js";
import { startServer } from "./lib/server.js";
import { newContext, axe, formatViolations, formatProblems } from "./lib/browser.js";

const s = session();

function bleve(q) {
  const out = execFileSync("go", ["run", "./cmd/sitegen", "search", "--json", "--index", siteDir() + "/search", q], { cwd: REPO });
  return JSON.parse(out).hits.map((h) => [h.doc, h.score]);
}

test("search page: results, marks, count, keyboard, URL", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url("search/?q=" + encodeURIComponent("規範性檔案")));
  await page.waitForSelector("#search-results li");
  const status = await page.textContent("#search-status");
  assert.match(status, /找到 10 条结果/);
  const marks = await page.$$eval("#search-results mark", (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length > 0);
  // Each result quotes the passage of its section where the query is, asked
  // for alone with a range request.
  const quoted = await page.$$eval("#search-results li", (lis) => lis.map((li) => li.querySelector(".result-excerpt mark")?.textContent || ""));
  assert.ok(quoted.filter((m) => /規範|规范|範性|范性|性檔|性档|性文|檔案|档案|文件/.test(m)).length >= 8, quoted.join(" | "));
  const passages = s.server.log.filter((e) => e.path.startsWith(BASE + "search/x/"));
  assert.ok(passages.length >= 10, JSON.stringify(passages));
  for (const e of passages) {
    assert.equal(e.status, 206, e.path);
    assert.ok(e.bytes <= 1024, `${e.path}: ${e.bytes} bytes`);
  }
  const v = await axe(page);
  assert.equal(v.length, 0, formatViolations(v));
  await page.focus("#search-q");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.className);
  assert.equal(focused, "result-link");
  await page.focus("#search-q");
  await page.fill("#search-q", "复议");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.search.includes("%E5%A4%8D"));
  await page.waitForFunction(() => /找到/.test(document.getElementById("search-status").textContent));
  await page.selectOption("#search-f-year", { label: "2024（14）" });
  await page.waitForFunction(() => location.search.includes("year="));
  await page.waitForTimeout(500);
  const links = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
  assert.match(await page.textContent("#search-status"), /找到 4 条结果/);
  assert.ok(links.every((l) => l.startsWith(BASE + "reports/2024/")), links.join(" "));
  await page.screenshot({ path: join(SCREENSHOTS, "search-1280.png"), fullPage: true });
});

test("parity in V8", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url("search/"));
  const queries = ["规范性文件", "規範性檔案", "复议", "複議", "范性", "政府信息公开", "依申请公开", "洪泽区", "２０２４", "的", "增城", "行政诉讼 结果维持"];
  const got = await page.evaluate(async ({ queries, base }) => {
    const e = SitegenSearch.create((p) => fetch(base + "search/" + p).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b)));
    const out = [];
    for (const q of queries) {
      const r = await e.search(q, { limit: 10 });
      out.push(r.hits.map((h) => [h.doc, h.score]));
    }
    return out;
  }, { queries, base: BASE });
  queries.forEach((q, i) => {
    assert.deepEqual(got[i], bleve(q), q);
  });
});

test("a host without range requests: results without passages", async () => {
  const server = await startServer({ root: siteDir(), base: BASE, rules: readHeaderRules(join(REPO, "netlify.toml")), ranges: false });
  const c = await newContext(s.browser, { width: 1280 });
  try {
    const page = await c.context.newPage();
    await page.goto(server.url("search/?q=" + encodeURIComponent("复议")));
    await page.waitForFunction(() => /找到/.test(document.getElementById("search-status").textContent));
    const items = await page.$$eval("#search-results li", (lis) => lis.map((li) => [li.querySelector("a")?.getAttribute("href"), !!li.querySelector(".result-excerpt")]));
    assert.equal(items.length, 10);
    assert.ok(items.every(([href, quoted]) => href && href.startsWith(BASE + "reports/") && !quoted), JSON.stringify(items));
    // One range was asked for; the whole file that came instead was cut off.
    const asked = server.log.filter((e) => e.path.startsWith(BASE + "search/x/"));
    assert.equal(asked.length, 1, JSON.stringify(asked));
    const failed = c.take().filter((p) => !(p.kind === "request" && /search\/x\/.*ERR_ABORTED/.test(p.text)));
    assert.equal(failed.length, 0, formatProblems(failed));
  } finally {
    await c.close();
    await server.close();
  }
});

test("without JavaScript", async () => {
  const c = await newContext(s.browser, { width: 375, javaScriptEnabled: false });
  const page = await c.context.newPage();
  await page.goto(s.server.url("search/"));
  assert.ok(await page.isVisible("noscript p, .notice").catch(() => true));
  assert.equal(await page.isVisible("#search-form"), false);
  c.take();
});
