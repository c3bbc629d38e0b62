// Reads the [[headers]] rules of netlify.toml: the response headers the
// production host adds to the built site. Only the part of TOML those rules
// use is understood (tables, arrays of tables, basic and literal strings,
// multi-line strings); anything else in the file is skipped.
import { readFileSync } from "node:fs";

function unquote(v) {
  v = v.trim();
  if (v.startsWith('"""') || v.startsWith("'''")) return v.slice(3, -3).replace(/\\\r?\n\s*/g, "");
  if (v.startsWith('"')) return JSON.parse(v);
  if (v.startsWith("'")) return v.slice(1, -1);
  return v;
}

// parseHeaderRules returns [{for: "/*", values: {Name: "value"}}] in file order.
export function parseHeaderRules(text) {
  const rules = [];
  let table = null; // the current table name
  let rule = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith("#")) continue;
    const arr = line.match(/^\[\[\s*([^\]]+?)\s*\]\]$/);
    const tbl = line.match(/^\[\s*([^\]]+?)\s*\]$/);
    if (arr) {
      table = arr[1];
      if (table === "headers") { rule = { for: "", values: {} }; rules.push(rule); }
      continue;
    }
    if (tbl) { table = tbl[1]; continue; }
    const kv = line.match(/^("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/);
    if (!kv) continue;
    let value = kv[2];
    for (const q of ['"""', "'''"]) {
      if (value.startsWith(q) && (value.length < 6 || !value.endsWith(q))) {
        while (i + 1 < lines.length && !value.endsWith(q)) value += "\n" + lines[++i];
      }
    }
    value = value.replace(/\s+#[^"']*$/, "");
    const key = unquote(kv[1]);
    if (table === "headers" && rule && key === "for") rule.for = unquote(value);
    else if (table === "headers.values" && rule) rule.values[key] = unquote(value).replace(/\s*\n\s*/g, " ");
  }
  return rules;
}

export function readHeaderRules(file) {
  return parseHeaderRules(readFileSync(file, "utf8"));
}

// headersFor returns the headers the rules give a site path (with a leading
// slash, relative to the site root), later rules overriding earlier ones.
export function headersFor(rules, path) {
  const out = {};
  for (const r of rules) {
    const re = new RegExp("^" + r.for.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
    if (re.test(path)) Object.assign(out, r.values);
  }
  return out;
}
