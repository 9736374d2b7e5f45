/**
 * Content hashing: canonical JSON (object keys sorted, no whitespace) so that the same
 * value always hashes the same whatever key order it arrived in.
 */
import { createHash } from "node:crypto";
import { escapePointer } from "@yardstick/engine";

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** "sha256:<hex>" of a text. */
export function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/**
 * The advisory-lock key of a subject: two int32 (pg_advisory_xact_lock(int, int)),
 * from two FNV-1a passes. Two subjects that collide merely share a lock.
 */
export function subjectLockKey(subject: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < subject.length; i++) {
    const c = subject.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return [a | 0, b | 0];
}

/**
 * The JSON pointer of the first string PostgreSQL's jsonb/text cannot store (NUL, or
 * a lone surrogate), or null. Checked before any insert so the caller gets a 400.
 */
export function findUnstorableString(value: unknown, pointer = ""): string | null {
  if (typeof value === "string") return value.includes("\u0000") || !(value as unknown as { isWellFormed(): boolean }).isWellFormed() ? pointer : null;
  if (value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    const bad = findUnstorableString(k, `${pointer}/${escapePointer(k)}`) ?? findUnstorableString(v, `${pointer}/${escapePointer(k)}`);
    if (bad !== null) return bad;
  }
  return null;
}
