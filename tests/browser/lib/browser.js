// Headless Debian Chromium through playwright-core, with every page watched
// for CSP violations, console errors, uncaught exceptions and failed
// requests.
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

export const WIDTHS = [1280, 375];
export const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// newContext opens a browser context whose pages are watched. problems
// collects what went wrong; allow(path) accepts a 404 for one path (the
// deliberate 404 test).
export async function newContext(browser, { width = 1280, javaScriptEnabled = true, ...opts } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: "zh-CN",
    javaScriptEnabled,
    acceptDownloads: true,
    ...opts,
  });
  const problems = [];
  const allowed = new Set();
  const isAllowed = (u) => { try { return allowed.has(new URL(u).pathname); } catch { return false; } };
  const at = (page) => { try { return page ? page.url() : ""; } catch { return ""; } };
  await context.exposeBinding("__sitegenCSP", ({ page }, v) => {
    problems.push({ kind: "csp", page: at(page), text: `${v.directive} blocked ${v.blocked || "(inline)"} at ${v.source}:${v.line} ${v.sample || ""}` });
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__sitegenCSP({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample });
    });
  });
  context.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const loc = msg.location()?.url || "";
    if (/status of 404/.test(msg.text()) && isAllowed(loc)) return;
    problems.push({ kind: "console", page: at(msg.page()), text: `${msg.text()} (${loc})` });
  });
  context.on("weberror", (e) => problems.push({ kind: "exception", page: at(e.page()), text: String(e.error()) }));
  context.on("requestfailed", (req) => {
    const err = req.failure()?.errorText || "";
    // A download ends its request with ERR_ABORTED in the page; it is not a failure.
    if (err === "net::ERR_ABORTED" && (req.url().startsWith("blob:") || /\.(csv|json)$/.test(new URL(req.url()).pathname))) return;
    problems.push({ kind: "request", page: at(req.frame()?.page()), text: `${req.method()} ${req.url()}: ${err}` });
  });
  context.on("response", (res) => {
    if (res.status() >= 400 && !(res.status() === 404 && isAllowed(res.url()))) {
      problems.push({ kind: "status", page: at(res.frame()?.page()), text: `${res.status()} ${res.request().method()} ${res.url()}` });
    }
  });
  return {
    context,
    problems,
    allow404: (path) => allowed.add(path),
    // take empties the list and returns what was in it.
    take: () => problems.splice(0),
    close: () => context.close(),
  };
}

export function formatProblems(problems) {
  return problems.map((p) => `  [${p.kind}] ${p.page}: ${p.text}`).join("\n");
}

// axe runs axe-core with the WCAG 2.1 A and AA rules and returns its violations.
export async function axe(page) {
  const res = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return res.violations;
}

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.join(" ")}\n      ${(n.failureSummary || "").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 4).join(" / ")}\n      ${n.html.slice(0, 160)}`)
        .join("\n");
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : "";
      return `  ${v.id} (${v.impact}): ${v.help} [${v.nodes.length} element(s)]\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join("\n");
}
