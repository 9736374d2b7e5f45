/**
 * PGlite runs one process per data directory: a second process on the same directory
 * corrupts it (TOOLCHAIN.md). A lock file created with O_EXCL names the owner's pid; a
 * lock whose owner is gone (kill -9) is stale and taken over.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Lock files this process holds (a container restarts with the same pid: the file alone cannot tell). */
const held = new Set<string>();

export interface DirLock {
  release(): void;
}

/** Thrown when another live process holds the directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `data directory ${dataDir} is in use by another Yardstick runtime (pid ${pid}). ` +
        `PGlite allows one process per directory: stop that process, or set YARDSTICK_DATA_DIR to another directory, ` +
        `or use PostgreSQL (DATABASE_URL) to run several instances.`,
    );
    this.name = "DataDirLockedError";
  }
}

/**
 * Locks `dataDir` for this process.
 * @example const lock = lockDataDir("./data"); … lock.release();
 */
export function lockDataDir(dataDir: string): DirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "yardstick.lock");
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(path);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held.delete(path);
          if (ownerOf(path) === process.pid) unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = ownerOf(path);
    if (owner !== null && (owner === process.pid ? held.has(path) : isAlive(owner))) throw new DataDirLockedError(dataDir, owner);
    // Stale: move it aside (rename is atomic, so two starters cannot both take it).
    const aside = `${path}.stale-${process.pid}-${attempt}`;
    try {
      renameSync(path, aside);
      unlinkSync(aside);
    } catch {
      /* another starter took it first; try again */
    }
  }
  throw new Error(`could not lock data directory ${dataDir}`);
}

function ownerOf(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** A pid is a live owner when the process exists and (where /proc says) runs node. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return /node/.test(readFileSync(cmdline, "utf8"));
  } catch {
    return true;
  }
}
