// Every chart (figure.chart holding svg[role=img]) has an accessible name
// and description (aria-labelledby → its <title> and <desc>) and a data
// table (details.chart-data table) that says what the chart draws: for a
// bar chart the labels, printed values and bar lengths; for a line chart
// the years, the series and the height of every point against the axis.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite } from "./lib/site.js";
import { launch, newContext, formatProblems } from "./lib/browser.js";
import { CHART_PAGES } from "./lib/pages.js";

let server, browser, ctx, page;
before(async () => {
  server = await serveSite();
  browser = await launch();
  ctx = await newContext(browser, { width: 1280 });
  page = await ctx.context.newPage();
});
after(async () => {
  const problems = ctx?.take() || [];
  await browser?.close();
  await server?.close();
  assert.equal(problems.length, 0, `problems in the browser:\n${formatProblems(problems)}`);
});

const num = (s) => {
  const t = String(s).replace(/[,\s]/g, "");
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
};

// read gathers, in the page, what each chart shows and what its table says.
function read(page) {
  return page.locator("figure.chart").evaluateAll((figs) =>
    figs.map((fig) => {
      const svg = fig.querySelector("svg");
      const ids = (svg?.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      const named = ids.map((id) => {
        const e = document.getElementById(id);
        return { id, tag: e ? e.tagName.toLowerCase() : null, inside: !!e && svg.contains(e), text: e ? e.textContent.trim() : "" };
      });
      const details = fig.querySelector("details.chart-data");
      const table = details?.querySelector("table");
      const rows = table ? [...table.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim())) : [];
      const head = table?.tHead ? [...table.tHead.rows[0].cells].map((c) => c.textContent.trim()) : [];
      const texts = svg ? [...svg.querySelectorAll("text")].map((t) => ({
        text: t.textContent.trim(), x: +t.getAttribute("x"), y: +t.getAttribute("y"),
        anchor: t.getAttribute("text-anchor") || "start", value: !!t.closest(".chart-values"),
      })) : [];
      const bars = svg ? [...svg.querySelectorAll("rect")].map((r) => ({ y: +r.getAttribute("y"), w: +r.getAttribute("width"), h: +r.getAttribute("height") })) : [];
      // Line charts: the markers of each series, one g per series in
      // .chart-points (in the table's column order), then the legend's.
      const markers = svg ? [...svg.querySelectorAll(".chart-points > g")].map((g) =>
        [...g.children].map((m) => (m.tagName === "circle" ? { cx: +m.getAttribute("cx"), cy: +m.getAttribute("cy") } : { d: m.getAttribute("d") })),
      ) : [];
      return {
        id: fig.id, cls: fig.className.baseVal ?? fig.className, role: svg?.getAttribute("role"), ids: named,
        hasDetails: !!details, hasTable: !!table, caption: table?.caption?.textContent.trim() || "",
        summary: details?.querySelector("summary")?.textContent.trim() || "",
        figcaption: fig.querySelector("figcaption")?.textContent.trim() || "",
        head, rows, texts, bars, markers, desc: svg?.querySelector("desc")?.textContent.trim() || "",
      };
    }),
  );
}

function checkBars(c, fail) {
  // Labels: start-anchored texts outside .chart-values, less the unit line.
  const labels = c.texts.filter((t) => !t.value && t.anchor === "start" && !/^单位/.test(t.text));
  const values = c.texts.filter((t) => t.value);
  const names = c.rows.map((r) => r[0]);
  if (JSON.stringify(labels.map((t) => t.text)) !== JSON.stringify(names)) fail(`bar labels ${JSON.stringify(labels.map((t) => t.text))} ≠ table rows ${JSON.stringify(names)}`);
  const tableValues = c.rows.map((r) => r[1]);
  if (JSON.stringify(values.map((t) => t.text)) !== JSON.stringify(tableValues)) fail(`bar values ${JSON.stringify(values.map((t) => t.text))} ≠ table values ${JSON.stringify(tableValues)}`);
  // Bar lengths are proportional to the table's values; a zero has no bar.
  const nums = tableValues.map(num);
  const max = Math.max(...nums);
  const longest = Math.max(0, ...c.bars.map((b) => b.w));
  labels.forEach((l, i) => {
    const bar = c.bars.find((b) => b.y > l.y && b.y < l.y + 20);
    if (nums[i] === null) return fail(`row ${names[i]}: ${tableValues[i]} is not a number`);
    if (nums[i] === 0 || max === 0) {
      if (bar && bar.w > 0.5) fail(`row ${names[i]} is 0 but has a bar ${bar.w} long`);
      return;
    }
    if (!bar) return fail(`row ${names[i]} (${tableValues[i]}) has no bar`);
    const want = (nums[i] / max) * longest;
    if (Math.abs(bar.w - want) > 1.01) fail(`row ${names[i]}: bar ${bar.w} long, ${want.toFixed(1)} expected for ${tableValues[i]} of ${max}`);
  });
}

// vertices parses SVG path data (M, L, H, V, Z, absolute or relative, with
// implicit repeats, as a minifier writes them) into its absolute vertices.
function vertices(d) {
  const tokens = d.match(/[MLHVZmlhvz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g) || [];
  if (/[^MLHVZmlhvz\d\s.,e-]/.test(d)) throw new Error(`path commands other than M, L, H, V, Z: ${d}`);
  const out = [];
  let x = 0, y = 0, sx = 0, sy = 0, cmd = "M", i = 0;
  const next = () => Number(tokens[i++]);
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i])) cmd = tokens[i++];
    const rel = cmd === cmd.toLowerCase();
    switch (cmd.toUpperCase()) {
      case "M": case "L": {
        const nx = next(), ny = next();
        x = rel ? x + nx : nx; y = rel ? y + ny : ny;
        if (cmd.toUpperCase() === "M") { sx = x; sy = y; cmd = rel ? "l" : "L"; }
        break;
      }
      case "H": { const n = next(); x = rel ? x + n : n; break; }
      case "V": { const n = next(); y = rel ? y + n : n; break; }
      case "Z": x = sx; y = sy; continue;
    }
    out.push([Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
  }
  return out;
}

// centre: a marker's centre is its circle's, or the mean of its polygon's
// distinct vertices (square, diamond, triangle, cross are drawn round it).
function centre(m) {
  if (m.cx !== undefined) return [m.cx, m.cy];
  const seen = new Map();
  for (const v of vertices(m.d)) seen.set(v.join(","), v);
  const vs = [...seen.values()];
  return [vs.reduce((s, v) => s + v[0], 0) / vs.length, vs.reduce((s, v) => s + v[1], 0) / vs.length];
}

// fit returns the least-squares line y = a + b·x and the largest residual.
function fit(pairs) {
  const n = pairs.length;
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n;
  const my = pairs.reduce((s, p) => s + p[1], 0) / n;
  const sxx = pairs.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const b = sxx ? pairs.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / sxx : 0;
  const a = my - b * mx;
  return { a, b, worst: Math.max(...pairs.map((p) => Math.abs(p[1] - (a + b * p[0])))) };
}

function checkLines(c, fail) {
  const years = c.rows.map((r) => r[0]);
  const series = c.head.slice(1);
  // x axis: the years, centred under their points.
  const xLabels = c.texts.filter((t) => t.anchor === "middle");
  const yTicks = c.texts.filter((t) => t.anchor === "end");
  const yearX = new Map(xLabels.map((t) => [t.text, t.x]));
  for (const y of years) if (!yearX.has(y)) fail(`year ${y} of the table is not on the x axis (${[...yearX.keys()]})`);
  // The legend: one label per series, in the table's column order or not.
  const legend = c.texts.filter((t) => t.anchor === "start" && !/^单位/.test(t.text) && !t.value).map((t) => t.text.replace(/（未填报）$/, "").trim());
  for (const s of series) if (!legend.includes(s)) fail(`series ${s} has no legend label (${legend})`);
  if (c.markers.length < series.length) return fail(`${c.markers.length} groups of markers for ${series.length} series`);
  // Every point sits at its year and, against one linear scale shared with
  // the axis ticks, at its value.
  const pairs = [];
  series.forEach((name, s) => {
    const pts = c.markers[s].map(centre);
    const want = years.map((y, i) => ({ y, v: num(c.rows[i][s + 1]) })).filter((p) => p.v !== null);
    if (pts.length !== want.length) return fail(`series ${name}: ${pts.length} points for ${want.length} values in the table`);
    pts.forEach(([x, py], i) => {
      if (Math.abs(x - yearX.get(want[i].y)) > 0.6) fail(`series ${name}: the ${want[i].y} point is at x=${x}, its label at ${yearX.get(want[i].y)}`);
      pairs.push([want[i].v, py]);
    });
  });
  if (pairs.length < 2 || new Set(pairs.map((p) => p[0])).size < 2) return;
  const f = fit(pairs);
  if (!(f.b < 0)) fail(`bigger values are not drawn higher (slope ${f.b})`);
  if (f.worst > 0.6) fail(`a point is ${f.worst.toFixed(2)} px off the line through the others: its height does not match the table`);
  const ticks = yTicks.map((t) => [num(t.text), t.y]).filter((p) => p[0] !== null);
  if (ticks.length >= 2) {
    const g = fit(ticks);
    if (Math.abs(g.b - f.b) > Math.abs(f.b) * 0.01 || g.worst > 0.6) fail(`the axis ticks (${ticks.map((t) => t[0])}) do not follow the scale of the points`);
  }
}

for (const p of CHART_PAGES) {
  test(`charts have a name, a description and a matching data table: /${p.path}`, async () => {
    await page.goto(server.url(p.path));
    const charts = await read(page);
    if (["home", "year", "agency"].includes(p.type) || p.name.includes("hongze")) assert.ok(charts.length > 0, `no charts on /${p.path}`);
    const problems = [];
    for (const c of charts) {
      const fail = (msg) => problems.push(`#${c.id}: ${msg}`);
      if (c.role !== "img") fail(`the svg has role=${c.role}, not img`);
      const tags = c.ids.map((i) => i.tag).join(",");
      if (tags !== "title,desc") fail(`aria-labelledby points at ${tags || "nothing"}, not the svg's title and desc`);
      for (const i of c.ids) if (!i.inside || !i.text) fail(`aria-labelledby ${i.id}: ${i.inside ? "empty" : "not inside the svg"}`);
      if (c.ids[0]?.text !== c.figcaption) fail(`the title "${c.ids[0]?.text}" is not the caption "${c.figcaption}"`);
      if (!c.hasDetails || !c.hasTable) { fail("no details.chart-data table"); continue; }
      if (!c.caption.startsWith(c.figcaption)) fail(`the table caption "${c.caption}" does not name the chart`);
      if (!c.rows.length) { fail("the data table is empty"); continue; }
      if (/chart-bars/.test(c.cls)) checkBars(c, fail);
      else if (/chart-lines/.test(c.cls)) checkLines(c, fail);
      else fail(`unknown kind of chart: ${c.cls}`);
    }
    // The accessible name as Chromium computes it.
    for (const c of charts) {
      const snap = await page.locator(`#${c.id} svg`).ariaSnapshot();
      if (!snap.includes(c.figcaption)) problems.push(`#${c.id}: accessible name not from its title: ${snap.slice(0, 120)}`);
    }
    // The data tables open by keyboard: the summary is a tab stop.
    if (charts.length) {
      const s = page.locator("details.chart-data summary").first();
      await s.focus();
      await page.keyboard.press("Enter");
      assert.ok(await s.evaluate((e) => e.parentElement.open), "Enter on the summary does not open the data table");
      assert.ok(await page.locator("details.chart-data table").first().isVisible());
    }
    assert.equal(problems.length, 0, `charts on /${p.path}:\n  ${problems.join("\n  ")}`);
  });
}
