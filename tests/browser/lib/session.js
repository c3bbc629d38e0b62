// One served site, one browser and one context for a test file. After the
// file's tests, it fails when the context saw a CSP violation, a console
// error or a failed request.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite } from "./site.js";
import { launch, newContext, formatProblems } from "./browser.js";

export function session({ width = 1280 } = {}) {
  const s = {};
  before(async () => {
    s.server = await serveSite();
    s.browser = await launch();
    s.ctx = await newContext(s.browser, { width });
  });
  after(async () => {
    const problems = s.ctx?.take() || [];
    await s.browser?.close();
    await s.server?.close();
    assert.equal(problems.length, 0, `problems in the browser:\n${formatProblems(problems)}`);
  });
  return s;
}
