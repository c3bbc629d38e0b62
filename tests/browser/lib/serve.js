// `sitegen serve` as a child process, for the live-reload tests: the binary
// built once from the repository, started on a free port, its address read
// from its stderr, stopped (and made to stop) at the end.
import { spawn, execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./site.js";

// buildSitegen compiles ./cmd/sitegen into dir/sitegen with the Go toolchain
// on PATH (GO overrides it) and returns the binary's path.
export function buildSitegen(dir) {
  const bin = join(dir, "sitegen");
  execFileSync(process.env.GO || "go", ["build", "-o", bin, "./cmd/sitegen"], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  return bin;
}

// startServe runs `bin serve --port 0 …args` and resolves, once it serves,
// to {origin, url(path), stderr(), waitFor(re), stop()}. stop() ends it with
// SIGTERM (SIGKILL after 20 s) and resolves to its exit code; a process
// still running when node exits is killed.
export function startServe(bin, args, { timeout = 60_000 } = {}) {
  const child = spawn(bin, ["serve", "--port", "0", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  let err = "";
  const waiters = new Set();
  let exited = null;
  const exit = new Promise((ok) => child.on("exit", (code, signal) => {
    exited = { code, signal };
    process.off("exit", killOnExit);
    for (const w of waiters) w.check();
    ok(exited);
  }));
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s) => {
    err += s;
    for (const w of waiters) w.check();
  });

  // waitFor resolves to the first match of re in stderr (from offset from),
  // within ms; it rejects when the process ends first.
  const waitFor = (re, { from = 0, ms = timeout } = {}) => new Promise((ok, fail) => {
    const w = {
      check() {
        const m = err.slice(from).match(re);
        if (m) { done(); ok(m); } else if (exited) { done(); fail(new Error(`sitegen serve exited (${exited.code ?? exited.signal}) before printing ${re}:\n${err}`)); }
      },
    };
    const timer = setTimeout(() => { done(); fail(new Error(`sitegen serve printed no ${re} in ${ms} ms:\n${err}`)); }, ms);
    const done = () => { clearTimeout(timer); waiters.delete(w); };
    waiters.add(w);
    w.check();
  });

  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exit;
      clearTimeout(t);
    }
    return exited.code ?? exited.signal;
  };

  return waitFor(/^serving .+ at (http:\/\/127\.0\.0\.1:\d+)\/ \(watching/m).then(
    (m) => ({
      origin: m[1],
      url: (path = "/") => m[1] + path,
      stderr: () => err,
      waitFor,
      stop,
    }),
    async (e) => { await stop(); throw e; },
  );
}
