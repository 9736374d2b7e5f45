/**
 * Deterministic decision ids: the same policy version and events always give the same
 * ids, and a decision whose content changes (a late event moved its anchor, say) gets a
 * new id, so it can supersede the old one instead of colliding with it.
 */
export function decisionId(policy: string, version: number, standard: string, subject: string, obligation: string, status: string, at: string, body: unknown): string {
  return `${policy}@${version}|${standard}|${subject}|${obligation}|${status}|${at}|${fnv1a(JSON.stringify(body))}`;
}

/**
 * The obligation a decision is about: `<standard>|<subject>|<handler's obligation>`, each
 * part with `%` and `|` percent-escaped so that distinct obligations never share an id.
 * A breach and the late stop that reports its overrun share it; so do a decision, the
 * decisions that supersede it and a retraction of it. Reports count obligations by it.
 */
export function obligationId(standard: string, subject: string, obligation: string): string {
  return [standard, subject, obligation].map((p) => p.replace(/%/g, "%25").replace(/\|/g, "%7C")).join("|");
}

/**
 * Recently made ISO strings, direct-mapped by the low bits of the time: a decision
 * repeats its obligation's start and deadline and its instant's `at`, and formatting a
 * Date is a large part of making one. A memo: the same time always gives the same text.
 */
const ISO_SLOTS = 1024;
const isoTimes = new Float64Array(ISO_SLOTS).fill(Number.NaN);
const isoTexts: string[] = new Array<string>(ISO_SLOTS).fill("");

/** ISO 8601 UTC with milliseconds. */
export function iso(ms: number): string {
  const slot = ms & (ISO_SLOTS - 1);
  if (isoTimes[slot] === ms) return isoTexts[slot]!; // slot < ISO_SLOTS
  const text = new Date(ms).toISOString();
  isoTimes[slot] = ms;
  isoTexts[slot] = text;
  return text;
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
