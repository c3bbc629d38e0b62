// The whole built site, crawled from the base path as a browser sees it:
// every page loads with the Content-Security-Policy in force and reports no
// CSP violation, console error, uncaught exception or failed request; every
// internal link, stylesheet, script and download resolves under the base
// path (fragments included); every page is reachable and passes axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { serveSite, siteDir, metaCSP, BASE } from "./lib/site.js";
import { launch, newContext, axe, formatViolations, formatProblems } from "./lib/browser.js";
import { PAGES } from "./lib/pages.js";

let server, browser;
before(async () => {
  server = await serveSite();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// The policy as a map of directive → sources.
const directives = (p) => new Map(p.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v.join(" ")]));

test("the CSP header (netlify.toml) and the pages' meta policy agree, and the policy is enforced", async () => {
  const header = directives(server.csp);
  const meta = directives(metaCSP());
  // frame-ancestors has no effect in a meta tag, so only the header has it.
  for (const [k, v] of meta) assert.equal(header.get(k), v, `CSP ${k}: header "${header.get(k)}", meta tag "${v}"`);
  for (const k of header.keys()) if (k !== "frame-ancestors" && k !== "report-uri" && k !== "report-to") assert.ok(meta.has(k), `CSP ${k} is in the header only`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(server.csp), "the CSP allows inline script or eval");

  const ctx = await newContext(browser);
  const page = await ctx.context.newPage();
  const res = await page.goto(server.url(""));
  assert.equal(res.headers()["content-security-policy"], server.csp, "the page came without the CSP header");
  // An inline script and an external image are refused, and reported.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.body.appendChild(s);
    const i = document.createElement("img");
    i.src = "https://example.invalid/x.png";
    document.body.appendChild(i);
  });
  // The events arrive asynchronously: wait for both, up to 5 s.
  for (let i = 0; i < 50 && ctx.problems.filter((p) => p.kind === "csp").length < 2; i++) await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, "an inline script ran: the CSP is not in force");
  const seen = ctx.take();
  assert.ok(seen.some((p) => p.kind === "csp" && /script-src/.test(p.text)), `no securitypolicyviolation event for the inline script:\n${formatProblems(seen)}`);
  assert.ok(seen.some((p) => p.kind === "csp" && /img-src/.test(p.text)), `no securitypolicyviolation event for the image:\n${formatProblems(seen)}`);
  await ctx.close();
});

test("crawl: every page from the base path loads cleanly, every link resolves, every page passes axe", async (t) => {
  const ctx = await newContext(browser, { width: 1280 });
  const page = await ctx.context.newPage();
  const origin = server.origin;
  const checkedByAxeTest = new Set(PAGES.map((p) => BASE + p.path));
  const queue = [BASE];
  const pages = new Set([BASE]);
  const ids = new Map(); // page path → ids on it
  const fragments = []; // [from, path, id]
  const files = new Map(); // non-page path → first page linking it
  const broken = [];
  const axeFailures = [];
  const external = new Set();
  // Every page of the built site, to find those no link leads to.
  const built = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === "index.html") built.push(BASE + relative(siteDir(), dir).split("\\").join("/") + (dir === siteDir() ? "" : "/"));
    }
  };
  walk(siteDir());
  let orphans = null;
  for (;;) {
    if (!queue.length && orphans === null) {
      // The links are exhausted: check the pages they did not lead to too.
      orphans = built.filter((p) => !pages.has(p));
      for (const p of orphans) { pages.add(p); queue.push(p); }
    }
    if (!queue.length) break;
    const path = queue.shift();
    const res = await page.goto(origin + path);
    if (res.status() !== 200) { broken.push(`${path}: HTTP ${res.status()}`); continue; }
    const h = res.headers();
    if (!/^text\/html/.test(h["content-type"])) broken.push(`${path}: served as ${h["content-type"]}`);
    if (h["content-security-policy"] !== server.csp) broken.push(`${path}: no CSP header`);
    const found = await page.evaluate(() => {
      const refs = [];
      for (const [sel, attr] of [["a[href]", "href"], ["link[href]", "href"], ["script[src]", "src"], ["img[src]", "src"], ["[data-catalogue]", "data-catalogue"], ["form[action]", "action"]]) {
        for (const e of document.querySelectorAll(sel)) refs.push({ tag: e.tagName.toLowerCase(), rel: e.getAttribute("rel") || "", raw: e.getAttribute(attr), abs: new URL(e.getAttribute(attr), location.href).href });
      }
      return { refs, ids: [...document.querySelectorAll("[id]")].map((e) => e.id).concat([...document.querySelectorAll("a[name]")].map((e) => e.name)) };
    });
    ids.set(path, new Set(found.ids));
    for (const r of found.refs) {
      const u = new URL(r.abs);
      if (!/^https?:$/.test(u.protocol)) continue; // data:, mailto:
      if (u.origin !== origin) { external.add(r.abs); continue; }
      if (!u.pathname.startsWith(BASE)) { broken.push(`${path}: <${r.tag}> ${r.raw} leaves the base path ${BASE}`); continue; }
      if (u.hash.length > 1) fragments.push([path, u.pathname, decodeURIComponent(u.hash.slice(1))]);
      if (u.pathname.endsWith("/") || u.pathname.endsWith(".html")) {
        if (!pages.has(u.pathname)) { pages.add(u.pathname); queue.push(u.pathname); }
      } else if (!files.has(u.pathname)) files.set(u.pathname, path);
    }
    if (!checkedByAxeTest.has(path)) {
      const v = await axe(page);
      if (v.length) axeFailures.push(`${path}:\n${formatViolations(v)}`);
    }
  }
  for (const [path, from] of files) {
    const r = await fetch(origin + path);
    if (r.status !== 200) broken.push(`${from}: ${path}: HTTP ${r.status}`);
    else if (!r.headers.get("content-type") || r.headers.get("content-type") === "application/octet-stream") broken.push(`${path}: no content type`);
    await r.arrayBuffer();
  }
  for (const [from, path, id] of fragments) {
    if (!ids.has(path)) continue; // a file, not a page
    if (!ids.get(path).has(id)) broken.push(`${from}: link to ${path}#${id}: no such id`);
  }
  t.diagnostic(`${pages.size} pages and ${files.size} files checked, ${fragments.length} fragment links; ${external.size} external links not followed`);
  const problems = ctx.take();
  await ctx.close();
  const failures = [];
  if (broken.length) failures.push(`broken links:\n  ${broken.join("\n  ")}`);
  // A page no link leads to is reported, not failed: a page type still
  // being built (such as search, before it has its place in the navigation)
  // is checked all the same.
  if (orphans.length) t.diagnostic(`WARNING: pages no link leads to: ${orphans.join(", ")}`);
  if (axeFailures.length) failures.push(`axe found WCAG 2.1 A/AA violations:\n${axeFailures.join("\n")}`);
  if (problems.length) failures.push(`CSP violations, console errors or failed requests:\n${formatProblems(problems)}`);
  assert.equal(failures.length, 0, failures.join("\n"));
});
