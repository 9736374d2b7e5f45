/**
 * A progress line on stderr for long replays, only when stderr is a terminal (piped or
 * redirected stderr stays clean for scripts). Redrawn in place at most every 250 ms;
 * `done` leaves a last summary line.
 */
import type { Io } from "./io.js";

const REDRAW_MS = 250;
/** How many calls between looks at the clock (reading it per event would cost). */
const EVERY = 4096;

export class Progress {
  private started: number;
  private lastDraw: number;
  private calls = 0;
  private drawn = false;

  constructor(private readonly io: Io) {
    this.started = io.now();
    this.lastDraw = this.started;
  }

  /** A new phase: elapsed time counts from now; a line drawn before is still replaced. */
  restart(): void {
    this.started = this.io.now();
  }

  /** Maybe redraws: `line(elapsedMs)` builds the text only when it is shown. */
  tick(line: (elapsedMs: number) => string): void {
    if (!this.io.errIsTTY || ++this.calls % EVERY !== 0) return;
    const now = this.io.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.io.err(`\r\x1b[K${line(now - this.started)}`);
    this.drawn = true;
  }

  /** The final line (terminals only), replacing the progress line. */
  done(line: (elapsedMs: number) => string): void {
    if (!this.io.errIsTTY) return;
    this.io.err(`${this.drawn ? "\r\x1b[K" : ""}${line(this.io.now() - this.started)}\n`);
  }
}

/** "1,234,567". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 event", "1,234 events". */
export function events(n: number): string {
  return `${count(n)} ${n === 1 ? "event" : "events"}`;
}

/** "1 decision", "1,234 decisions". */
export function decisions(n: number): string {
  return `${count(n)} ${n === 1 ? "decision" : "decisions"}`;
}

/** "45,210 events/s" over `ms`. */
export function rate(n: number, ms: number): string {
  return `${count(ms > 0 ? Math.round((n * 1000) / ms) : 0)} events/s`;
}
