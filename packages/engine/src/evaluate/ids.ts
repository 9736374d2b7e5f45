/**
 * Deterministic decision ids: the same policy version and events always give the same
 * ids, and a decision whose content changes (a late event moved its anchor, say) gets a
 * new id, so it can supersede the old one instead of colliding with it.
 */
export function decisionId(policy: string, version: number, standard: string, subject: string, obligation: string, status: string, at: string, body: unknown): string {
  return `${policy}@${version}|${standard}|${subject}|${obligation}|${status}|${at}|${fnv1a(JSON.stringify(body))}`;
}

/** ISO 8601 UTC with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** 32-bit FNV-1a as 8 hex digits: a short content fingerprint, not a security hash. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
