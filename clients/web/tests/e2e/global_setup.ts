// Starts one natterd for the end-to-end run: an ephemeral port, a temporary
// data directory, the built web app as its web root, and rate limits high
// enough for many registrations from one address.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, "../..");
const repoDir = path.resolve(webDir, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export interface RunningNatterd {
  url: string;
  // natterd's --data-dir (mail lands in its outbox/).
  dataDir: string;
  stop(): Promise<void>;
}

// Starts natterd on an ephemeral port (or `options.listen`) with a temporary
// data directory and the built web app (or `options.webRoot`); extra flags
// are appended.
export async function startNatterd(extraArgs: string[] = [], options: { listen?: string; webRoot?: string } = {}): Promise<RunningNatterd> {
  const binary = process.env.NATTERD ?? path.join(repoDir, "build/dev/src/app/natterd");
  const webRoot = options.webRoot ?? path.join(webDir, "dist");
  if (!existsSync(binary)) throw new Error(`natterd not found at ${binary}; build it or set NATTERD`);
  if (!existsSync(path.join(webRoot, "index.html"))) throw new Error(`${webRoot}/index.html missing; run npm run build`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "natter-web-e2e-"));
  const logFile = path.join(dataDir, "natterd.log");
  const log = openSync(logFile, "w");
  const child: ChildProcess = spawn(
    binary,
    [
      "--listen", options.listen ?? "127.0.0.1:0",
      "--data-dir", path.join(dataDir, "data"),
      "--create-data-dir",
      "--web-root", webRoot,
      "--threads", "2",
      "--login-rate-per-address", "100000",
      "--register-rate-per-address", "100000",
      "--login-rate-per-account", "100000",
      ...extraArgs,
    ],
    { stdio: ["ignore", log, log] },
  );
  let exited = false;
  let stopped = false;
  child.on("exit", () => (exited = true));

  const port = await new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const text = readFileSync(logFile, "utf8");
      const m = text.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) return resolve(Number(m[1]));
      if (exited) return reject(new Error(`natterd exited during start-up:\n${text}`));
      if (Date.now() - started > 60_000) return reject(new Error(`natterd did not start listening:\n${text}`));
      setTimeout(poll, 50);
    };
    poll();
  });

  return {
    url: `http://127.0.0.1:${port}`,
    dataDir: path.join(dataDir, "data"),
    // Idempotent: a test may stop its server and leave the same stop to its
    // afterAll as well.
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (!exited) {
        const done = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await done;
      }
      // NATTER_E2E_KEEP_LOG prints natterd's whole log; NATTER_E2E_LOG_TAIL=N
      // its last N lines (ctest sets it: its output shows only on a failure).
      const tail = Number(process.env.NATTER_E2E_LOG_TAIL ?? 0);
      if (process.env.NATTER_E2E_KEEP_LOG) console.log(readFileSync(logFile, "utf8"));
      else if (tail > 0) console.log(`natterd's log, last ${tail} lines:\n` + readFileSync(logFile, "utf8").split("\n").slice(-tail).join("\n"));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startNatterd();
  project.provide("baseUrl", server.url);
  return server.stop;
}
