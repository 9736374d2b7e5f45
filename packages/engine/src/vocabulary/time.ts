/**
 * "ISO 8601 time with offset", the one strictness of the contract (docs/contracts.md
 * "Event"): a full date, `T`, hours and minutes, optional seconds with up to 9 fraction
 * digits, and an explicit offset (`Z` or `±hh:mm`). A local time without an offset is
 * refused: it would mean different instants on different machines. The text must also
 * be a real instant (`Date.parse` accepts it).
 *
 * Used for event `time`, the CLI's `--until`, the runtime's `?since`/`?until` and
 * replay bounds, and `deadlineFrom.due` values in event data.
 */
export const ISO_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an ISO 8601 time with offset, or null when `value` is not one.
 * @example parseIsoTime("2026-11-22T12:00:00+08:00") // 1795320000000
 * @example parseIsoTime("2026-11-22T12:00:00") // null (no offset)
 */
export function parseIsoTime(value: unknown): number | null {
  if (typeof value !== "string" || !ISO_TIME_WITH_OFFSET.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** True when `value` is an ISO 8601 time with offset (see {@link parseIsoTime}). */
export function isIsoTime(value: unknown): value is string {
  return parseIsoTime(value) !== null;
}
