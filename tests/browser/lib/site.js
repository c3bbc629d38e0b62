// The built site under test and the server that serves it. The site is
// built once by scripts/browser-test.sh (SITE_DIR, built with --base-url
// BASE_PATH); run alone, each test file builds its own copy.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readHeaderRules, headersFor } from "./netlify.js";
import { startServer } from "./server.js";

export const HERE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = resolve(HERE, "../..");
export const BASE = process.env.BASE_PATH || "/sub/";
export const SCREENSHOTS = join(HERE, "screenshots");

let built = null;
export function siteDir() {
  if (built) return built;
  if (process.env.SITE_DIR) {
    built = process.env.SITE_DIR;
  } else {
    const tmp = mkdtempSync(join(tmpdir(), "sitegen-browser-"));
    process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
    built = join(tmp, "site");
    execFileSync("go", ["run", "./cmd/sitegen", "build", "--out", built, "--base-url", BASE], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  }
  if (!existsSync(join(built, "index.html"))) throw new Error(`no built site in ${built}`);
  return built;
}

// readSite reads a file of the built site, by its path below the base.
export function readSite(path) {
  return readFileSync(join(siteDir(), path.replace(/^\//, "")), "utf8");
}

// The policy in the pages' <meta http-equiv="Content-Security-Policy">.
export function metaCSP() {
  const m = readSite("index.html").match(/<meta http-equiv="?Content-Security-Policy"? content="([^"]+)"/i);
  if (!m) throw new Error("the home page carries no Content-Security-Policy meta tag");
  return m[1].replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

// serveSite starts the server with the headers netlify.toml gives each path,
// the Content-Security-Policy among them (it must give one to the pages).
export async function serveSite() {
  const rules = readHeaderRules(join(REPO, "netlify.toml"));
  const csp = headersFor(rules, "/index.html")["Content-Security-Policy"];
  if (!csp) throw new Error("netlify.toml gives the pages no Content-Security-Policy header");
  const server = await startServer({ root: siteDir(), base: BASE, rules });
  server.rules = rules;
  server.csp = csp;
  return server;
}
