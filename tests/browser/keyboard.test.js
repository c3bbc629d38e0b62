// Keyboard only: the skip link, the main navigation, a report's findings
// links, a sortable table, and a visible focus indicator on every tab stop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { session } from "./lib/session.js";

const s = session();

// What has focus, described.
function active(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: "body", text: "", sel: "body" };
    const sel = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
    return { tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || "").trim(), href: e.getAttribute("href") || "", sel, inNav: !!e.closest('nav[aria-label="主导航"]') };
  });
}

// tabTo presses Tab until want(focused) holds; fails after max presses.
async function tabTo(page, want, what, max = 400) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const a = await active(page);
    if (want(a)) return { ...a, presses: i + 1 };
    seen.push(a.sel + (a.text ? ` "${a.text.slice(0, 20)}"` : ""));
  }
  assert.fail(`Tab never reached ${what} on ${page.url()} in ${max} presses; went through:\n  ${seen.slice(0, 40).join("\n  ")}`);
}

test("the skip link is the first tab stop, shows when focused, and moves focus to main", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url(""));
  await page.keyboard.press("Tab");
  const a = await active(page);
  assert.equal(a.href, "#main", `the first tab stop is ${a.sel}, not the skip link`);
  const box = await page.locator("a.skip").boundingBox();
  assert.ok(box && box.y >= 0 && box.x >= 0 && box.width > 0, `the focused skip link is off screen: ${JSON.stringify(box)}`);
  await page.keyboard.press("Enter");
  assert.equal(new URL(page.url()).hash, "#main");
  const b = await active(page);
  assert.equal(b.sel.split(".")[0], "main#main", `after the skip link, focus is on ${b.sel}`);
  // The next Tab goes into the content, not back to the header.
  await page.keyboard.press("Tab");
  const c = await page.evaluate(() => !!document.activeElement.closest("main"));
  assert.ok(c, "Tab after the skip link leaves main");
  await page.close();
});

test("the main navigation: Tab reaches 机关, 地区 and 年度 and Enter follows them", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url(""));
  for (const [label, path] of [["机关", "agencies/"], ["地区", "regions/"], ["年度", "years/"]]) {
    const a = await tabTo(page, (a) => a.inNav && a.text === label, `the ${label} link`, 20);
    assert.ok(a.presses <= 10, `${label} needs ${a.presses} Tab presses`);
    await Promise.all([page.waitForURL(s.server.url(path)), page.keyboard.press("Enter")]);
    assert.equal(await page.locator(`nav[aria-label="主导航"] a[aria-current="page"]`).innerText(), label);
    assert.ok((await page.locator("h1").innerText()).length > 0);
  }
  await page.close();
});

for (const [path, width] of [["reports/2020/huai-bei-shi-ren-min-zheng-fu-ban-gong-shi/", 1280], ["reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/", 1280], ["reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/", 375]]) {
  test(`a report's findings link leads to its cell and back by keyboard at ${width} px: ${path}`, async () => {
    const page = await s.ctx.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(s.server.url(path));
    const link = await tabTo(page, (a) => /^#cell-/.test(a.href), "a findings link to a table cell");
    const id = link.href.slice(1);
    await page.keyboard.press("Enter");
    await page.waitForFunction((h) => location.hash === h, "#" + id, { timeout: 5000 });
    const cell = page.locator(`[id="${id}"]`);
    assert.equal(await cell.evaluate((e) => e.tagName), "TD");
    assert.ok(await cell.evaluate((e) => e.matches(":target") && e.classList.contains("flagged")), "the target cell is not :target/flagged");
    // Focus is on the cell, which is on screen (inside its scrolling table too).
    const a = await active(page);
    assert.equal(a.id, id, `after following the link focus is on ${a.sel}, not the cell`);
    const inView = await cell.evaluate((e) => {
      const b = e.getBoundingClientRect();
      const s = e.closest(".table-scroll").getBoundingClientRect();
      return b.top >= 0 && b.bottom <= innerHeight && b.left >= s.left - 1 && b.right <= s.right + 1;
    });
    assert.ok(inView, "the cell is not scrolled into view");
    // The next stop is the cell's own ⚠ link, back to the finding.
    await page.keyboard.press("Tab");
    const back = await active(page);
    assert.match(back.href, /^#finding-\d+$/, `Tab from the cell goes to ${back.sel}`);
    await page.keyboard.press("Enter");
    // Following a fragment link is asynchronous: wait until the finding is the target.
    await page.waitForFunction((h) => location.hash === h && document.querySelector(h)?.matches("li.finding:target"), back.href, { timeout: 5000 });
    await page.close();
  });
}

test("a sortable table sorts by keyboard, with aria-sort", async () => {
  const page = await s.ctx.context.newPage();
  await page.goto(s.server.url("years/2020/"));
  const column = async (i) => page.locator("#year-table tbody tr").evaluateAll((rows, i) => rows.map((r) => r.cells[i].getAttribute("data-value") ?? r.cells[i].textContent.trim()), i);
  const names = () => page.locator("#year-table tbody th").allInnerTexts();
  const headers = await page.locator("#year-table thead th").allInnerTexts();
  const idx = headers.findIndex((h) => h.trim() === "新收申请");
  assert.ok(idx > 0, `no 新收申请 column in ${headers}`);
  const before = await names();
  await tabTo(page, (a) => a.tag === "button" && a.text === "新收申请", "the 新收申请 column button");
  const th = page.locator("#year-table thead th").nth(idx);
  assert.equal(await th.getAttribute("aria-sort"), null);
  await page.keyboard.press("Enter");
  assert.equal(await th.getAttribute("aria-sort"), "descending");
  const desc = (await column(idx)).map(Number);
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a), "not in descending order");
  assert.notDeepEqual(await names(), before, "the row order did not change");
  await page.keyboard.press("Enter");
  assert.equal(await th.getAttribute("aria-sort"), "ascending");
  const asc = (await column(idx)).map(Number);
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b), "not in ascending order");
  // Only the sorted column carries aria-sort; the change is announced.
  assert.equal(await page.locator("#year-table thead th[aria-sort]").count(), 1);
  assert.match(await page.locator(".sort-status").innerText(), /新收申请.*升序/);
  // Sorting by the agency column: a text sort.
  await page.keyboard.press("Shift+Tab");
  for (let i = 0; i < 20 && (await active(page)).text !== "机关"; i++) await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("#year-table thead th").first().getAttribute("aria-sort"), "ascending");
  await page.close();
});

// Every tab stop of these pages shows a focus indicator: an outline or a
// box-shadow (on the element, or for a cell's content, the cell).
for (const path of ["", "reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/", "years/2024/", "agencies/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/", "compare/", "reports/2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/changes/"]) {
  test(`a visible focus indicator on every tab stop: /${path}`, async (t) => {
    const page = await s.ctx.context.newPage();
    await page.goto(s.server.url(path));
    if (path === "compare/") await page.locator("#compare-form:not([hidden]) #agency-options input").first().waitFor();
    const bad = [];
    const seen = new Set();
    let stops = 0;
    let ended = false;
    for (let i = 0; i < 1000; i++) {
      await page.keyboard.press("Tab");
      const r = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const cs = getComputedStyle(e);
        const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor !== "rgba(0, 0, 0, 0)";
        const shadow = cs.boxShadow && cs.boxShadow !== "none";
        const b = e.getBoundingClientRect();
        const key = e.tagName + "|" + (e.id || "") + "|" + (e.getAttribute("href") || "") + "|" + Math.round(b.top + scrollY) + "|" + Math.round(b.left);
        return {
          key,
          desc: e.outerHTML.slice(0, 120),
          visible: outline || shadow,
          focusVisible: e.matches(":focus-visible"),
          size: b.width > 0 && b.height > 0,
        };
      });
      if (!r || seen.has(r.key)) { ended = true; break; } // left the page, or wrapped round
      seen.add(r.key);
      stops++;
      if (!r.focusVisible || !r.visible || !r.size) bad.push(`${r.desc} (focus-visible ${r.focusVisible}, indicator ${r.visible}, size ${r.size})`);
    }
    assert.ok(ended, "Tab never left the page or came round");
    assert.ok(stops >= 5, `only ${stops} tab stops`);
    t.diagnostic(`${stops} tab stops`);
    assert.equal(bad.length, 0, `tab stops without a visible focus indicator on /${path}:\n  ${bad.join("\n  ")}`);
    await page.close();
  });
}
