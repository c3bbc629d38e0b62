// The compare tool, used by keyboard only: two agencies, two years, a
// choice of figures → a table and a CSV whose rows are what the agencies'
// figures.json files say; the choice is kept in the URL, and the URL
// reproduces the table. Without JavaScript the page says what to use
// instead, and the year page's table is complete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { session } from "./lib/session.js";
import { readFileSync } from "node:fs";
import { readSite } from "./lib/site.js";
import { newContext, formatProblems } from "./lib/browser.js";

const HONGZE = "huai-an-shi-hong-ze-qu-ren-min-zheng-fu";
const HUAIAN = "huai-an-shi-ren-min-zheng-fu";
const YEARS = ["2024", "2023"];
// The default figures less 行政诉讼, plus 办理结果总计.
const FIGURES = ["new", "granted", "refused", "closed", "review"];

const s = session();

// parseCSV reads RFC 4180 CSV.
function parseCSV(text) {
  const rows = [];
  let row = [], cell = "", q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else if (c === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// What the comparison must hold, from the built site's open data.
function expected() {
  const catalogue = JSON.parse(readSite("data/agencies.json"));
  const label = Object.fromEntries(catalogue.figures.map((f) => [f.id, f.label]));
  const head = ["机关", "年度", ...FIGURES.map((f) => label[f])];
  const rows = [];
  for (const key of [HONGZE, HUAIAN]) {
    const d = JSON.parse(readSite(`agencies/${key}/figures.json`));
    for (const y of YEARS) {
      if (!d.years[y]) continue;
      rows.push([d.agency, y, ...FIGURES.map((f) => d.years[y][f] ?? null)]);
    }
  }
  return { head, rows };
}

async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    return { tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute("name"), value: e.value, type: e.type, text: e.textContent.trim() };
  });
}
async function tabTo(page, want, what, back = false) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (want(await focused(page))) return;
  }
  assert.fail(`Tab never reached ${what}`);
}
const box = (name, value) => (f) => f.tag === "input" && f.name === name && f.value === value;

async function readTable(page) {
  const t = page.locator("#compare-result table");
  await t.waitFor();
  return {
    head: await t.locator("thead th").allInnerTexts(),
    rows: await t.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim()))),
    links: await t.locator("tbody th a").evaluateAll((as) => as.map((a) => a.href)),
  };
}

test("compare: two agencies, two years, five figures by keyboard → the right table, CSV and URL", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url("compare/"));
  await page.locator("#compare-form:not([hidden])").waitFor();
  const want = expected();
  assert.equal(want.rows.length, 3, "the bundled content changed: 洪泽区 2023 and 2024, 淮安市 2024 expected");

  // 1. Agencies: filter, then tick with the space bar.
  await tabTo(page, (f) => f.id === "agency-filter", "the agency filter");
  await page.keyboard.type("洪泽");
  assert.match(await page.locator("#agency-count").innerText(), /1 个/);
  await tabTo(page, box("a", HONGZE), "the 洪泽区 checkbox");
  await page.keyboard.press("Space");
  await tabTo(page, (f) => f.id === "agency-filter", "the agency filter", true);
  await page.keyboard.press("Control+A");
  await page.keyboard.type("淮安市人民政府");
  await tabTo(page, box("a", HUAIAN), "the 淮安市 checkbox");
  await page.keyboard.press("Space");
  // 2. Years: untick 2020.
  await tabTo(page, box("y", "2020"), "the 2020 checkbox");
  await page.keyboard.press("Space");
  // 3. Figures: tick 办理结果总计, untick 行政诉讼.
  await tabTo(page, box("f", "closed"), "the 办理结果总计 checkbox");
  await page.keyboard.press("Space");
  await tabTo(page, box("f", "suit"), "the 行政诉讼 checkbox");
  await page.keyboard.press("Space");
  await tabTo(page, (f) => f.tag === "button" && f.type === "submit", "the submit button");
  await page.keyboard.press("Enter");

  const got = await readTable(page);
  assert.deepEqual(got.head, want.head);
  assert.deepEqual(
    got.rows,
    want.rows.map((r) => [r[0], r[1], ...r.slice(2).map((v) => (v === null ? "—" : v.toLocaleString("en-US")))]),
    "the table is not what figures.json says",
  );
  for (const href of got.links) assert.equal((await fetch(href)).status, 200, `the table links to ${href}`);
  assert.match(await page.locator("#compare-status").innerText(), /已生成比较表，共 3 份报告/);

  // The choice is in the URL.
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get("a"), q.get("y"), q.get("f")], [`${HONGZE},${HUAIAN}`, YEARS.join(","), FIGURES.join(",")], "the URL does not carry the choice (?a=…&y=…&f=…)");

  // The CSV, downloaded by keyboard from its Blob link.
  await tabTo(page, (f) => f.id === "compare-csv", "the CSV link");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.equal(download.suggestedFilename(), "compare.csv");
  const text = readFileSync(await download.path(), "utf8");
  assert.ok(text.startsWith("\uFEFF"), "the CSV has no byte-order mark (Excel needs it for UTF-8)");
  const csv = parseCSV(text.slice(1));
  assert.deepEqual(csv[0], want.head);
  assert.deepEqual(csv.slice(1), want.rows.map((r) => r.map((v) => (v === null ? "" : String(v)))), "the CSV is not what figures.json says");

  // Loading the URL reproduces the table, the form showing the choice.
  const again = await s.ctx.context.newPage();
  await again.goto(page.url());
  const got2 = await readTable(again);
  assert.deepEqual(got2.head, got.head);
  assert.deepEqual(got2.rows, got.rows);
  for (const [name, values] of [["a", [HONGZE, HUAIAN]], ["y", YEARS], ["f", FIGURES]]) {
    const checked = await again.locator(`input[name=${name}]:checked`).evaluateAll((is) => is.map((i) => i.value));
    assert.deepEqual(checked.sort(), [...values].sort(), `the ${name} checkboxes after loading the URL`);
  }
  await again.close();
  await page.close();
});

test("compare: nothing chosen says so; the agency list is in agencies.json and every figures.json resolves", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url("compare/?f=new"));
  await page.locator("#compare-form:not([hidden])").waitFor();
  await page.locator("#compare-form button[type=submit]").focus();
  await page.keyboard.press("Enter");
  assert.match(await page.locator("#compare-status").innerText(), /请至少选择一个机关/);
  const catalogue = JSON.parse(readSite("data/agencies.json"));
  assert.equal(await page.locator("#agency-options input").count(), catalogue.agencies.length);
  for (const a of catalogue.agencies) {
    const r = await fetch(new URL(a.figures, s.server.origin));
    assert.equal(r.status, 200, `${a.figures}: HTTP ${r.status}`);
  }
  await page.close();
});

test("without JavaScript: the compare page says what to use instead; the year table is complete", async () => {
  const nojs = await newContext(s.browser, { width: 1280, javaScriptEnabled: false });
  const page = await nojs.context.newPage();
  await page.goto(s.server.url("compare/"));
  const notice = page.locator("p.notice");
  assert.ok(await notice.isVisible(), "the noscript message is not shown");
  assert.match(await notice.innerText(), /需要启用 JavaScript/);
  assert.ok(!(await page.locator("#compare-form").isVisible()), "the form shows though it cannot work");
  for (const href of await notice.locator("a").evaluateAll((as) => as.map((a) => a.href))) {
    assert.equal((await fetch(href)).status, 200, `the noscript message links to ${href}`);
  }

  const reports = JSON.parse(readSite("data/reports.json"));
  for (const year of ["2020", "2024"]) {
    await page.goto(s.server.url(`years/${year}/`));
    const rows = page.locator("#year-table tbody tr");
    const want = reports.filter((r) => String(r.year) === year).map((r) => r.agency_key).sort();
    assert.equal(await rows.count(), want.length, `years/${year}/: ${await rows.count()} rows for ${want.length} reports`);
    const keys = await rows.locator("th a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname.split("/").filter(Boolean).pop()));
    assert.deepEqual(keys.sort(), want);
    const cells = await rows.locator("td").allInnerTexts();
    assert.ok(cells.length > 0 && cells.every((c) => c.trim() !== ""), "an empty cell in the year table");
    assert.equal(await page.locator("#year-table thead button").count(), 0, "sort buttons without JavaScript");
  }
  const problems = nojs.take();
  await nojs.close();
  assert.equal(problems.length, 0, `problems in the browser:\n${formatProblems(problems)}`);
});
