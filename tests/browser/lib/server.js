// A small static server for the built site, mounted under a sub-path
// (/sub/ by default) as a site built with --base-url /sub/ is deployed.
// It serves only files under the root; a miss gets 404.html with status 404;
// every response carries the headers that netlify.toml gives that path.
// A request for one range of a file gets it (206), as from any static
// host, unless the server is started with ranges: false.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, resolve, sep } from "node:path";
import { headersFor } from "./netlify.js";
import { byteRange } from "./range.js";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

function stat(p) {
  try { return statSync(p); } catch { return null; }
}

// startServer({root, base, rules, extraHeaders, ranges}) → {url, origin, close, log}
// base is the mount path ("/sub/"); rules are netlify.toml [[headers]] rules;
// extraHeaders(sitePath) may add headers the rules lack.
export async function startServer({ root, base = "/sub/", rules = [], extraHeaders = () => ({}), ranges = true }) {
  root = resolve(root);
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let status = 200;
    let file = null;
    let sitePath = null;
    const send = (code, headers, body) => {
      log.push({ method: req.method, path: url.pathname, status: code });
      res.writeHead(code, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { Allow: "GET, HEAD" }, "");
    if (url.pathname + "/" === base) return send(301, { Location: base }, "");
    if (url.pathname.startsWith(base)) {
      let rel;
      try { rel = decodeURIComponent(url.pathname.slice(base.length)); } catch { rel = "\0"; }
      const p = resolve(root, rel);
      if (!rel.includes("\0") && (p === root || p.startsWith(root + sep))) {
        const st = stat(p);
        if (st && st.isDirectory()) {
          if (!url.pathname.endsWith("/")) return send(301, { Location: url.pathname + "/" + url.search }, "");
          const idx = resolve(p, "index.html");
          if (stat(idx)?.isFile()) file = idx;
        } else if (st && st.isFile()) {
          file = p;
        }
        sitePath = "/" + rel;
      }
    }
    if (!file) {
      status = 404;
      file = resolve(root, "404.html");
      sitePath = "/404.html";
    }
    const size = statSync(file).size;
    const headers = {
      "Content-Type": TYPES[extname(file)] || "application/octet-stream",
      "Content-Length": size,
      "Cache-Control": "no-cache",
      ...(ranges ? { "Accept-Ranges": "bytes" } : {}),
      ...extraHeaders(sitePath),
      ...headersFor(rules, sitePath),
    };
    const range = ranges && status === 200 ? byteRange(req.headers.range, size) : null;
    if (range === "unsatisfiable") {
      log.push({ method: req.method, path: url.pathname, status: 416 });
      res.writeHead(416, { "Content-Range": `bytes */${size}` });
      return res.end();
    }
    if (range) {
      status = 206;
      headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
      headers["Content-Length"] = range.end - range.start + 1;
    }
    log.push({ method: req.method, path: url.pathname, status, bytes: headers["Content-Length"] });
    res.writeHead(status, headers);
    if (req.method === "HEAD") return res.end();
    createReadStream(file, range || undefined).pipe(res);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path = "") => origin + base + path.replace(/^\//, ""),
    log,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
