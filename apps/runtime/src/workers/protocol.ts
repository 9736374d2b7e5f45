/** Messages between the main thread and the evaluation workers (structured-cloned). */
import type { HttpErrorCode } from "../http-codes.js";

export type WorkerTask =
  | {
      kind: "evaluate";
      /** A policy document (inline, or a stored version's). */
      doc: unknown;
      version?: number;
      /** Prefix of diagnostic paths: "/policy" for an inline document. */
      prefix: string;
      events: unknown[];
      until?: string;
    }
  | {
      kind: "diff";
      from: { doc: unknown; version: number };
      to: { doc: unknown; version: number };
      /** The stored events as one JSON array (text is cheap to hand over; parsed in the worker). */
      eventsJson: string;
      until: string;
      /** Most changes listed in the answer (all are counted in `transitions` and `counts`). */
      changeLimit: number;
      /** Copied into the answer as they are: what was replayed. */
      about: { events: number; replayFrom: string; replayTo: string };
    };

export type WorkerAnswer =
  | { ok: true; json: string }
  | { ok: false; status: number; code: HttpErrorCode; message: string; details: Record<string, unknown>; bug?: boolean };
