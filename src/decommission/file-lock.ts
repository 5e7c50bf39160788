// A lock file created atomically (O_EXCL), so two decommission runs sharing a machine or a volume
// never overlap. A lock whose process is gone (same host) or older than its time-to-live is taken
// over. Runs on different machines need a shared volume, or the scheduler's own concurrency
// control (the shipped GitHub Actions and CronJob examples set it too).
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import type { Lock, LockHolder } from "./ports.ts";

export function fileLock(path: string, ttlSeconds = 6 * 3600, now: () => Date = () => new Date()): Lock {
  return {
    async acquire() {
      await mkdir(dirname(path), { recursive: true });
      for (let attempt = 0; attempt < 2; attempt++) {
        const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: now().toISOString() };
        try {
          const handle = await open(path, "wx");
          await handle.writeFile(JSON.stringify(me));
          await handle.close();
          return { ok: true as const, release: () => rm(path, { force: true }) };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        const holder = await readHolder(path);
        if (holder && !isStale(holder, ttlSeconds, now())) return { ok: false as const, holder };
        await rm(path, { force: true }); // stale or unreadable: take it over
      }
      const holder = await readHolder(path);
      return { ok: false as const, holder: holder ?? { pid: 0, host: "unknown", startedAt: "unknown" } };
    },
  };
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

function isStale(h: LockHolder, ttlSeconds: number, now: Date): boolean {
  if (now.getTime() - Date.parse(h.startedAt) > ttlSeconds * 1000) return true;
  if (h.host !== hostname()) return false;
  try {
    process.kill(h.pid, 0); // signal 0: does the process exist?
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}
