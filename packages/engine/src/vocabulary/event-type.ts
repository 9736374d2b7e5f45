/**
 * The event-type contract (docs/contracts.md "Event"): lower-case dotted names with at
 * least two parts, each starting with a letter: "guest.seated", "ticket.called",
 * "complaint.filed-again". The policy schema's `eventType` pattern is the same text (a
 * test keeps them equal), and so is the runtime's OpenAPI schema.
 */

/** The pattern without anchors, for embedding in larger expressions (the simulator's quick form). */
export const EVENT_TYPE_SOURCE = "[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)+";

/** The anchored pattern of an event type. */
export const EVENT_TYPE_PATTERN: RegExp = new RegExp(`^${EVENT_TYPE_SOURCE}$`);

/**
 * True when `value` is a well-formed event type.
 * @example isEventType("guest.seated") // true
 * @example isEventType("Guest") // false
 */
export function isEventType(value: unknown): value is string {
  return typeof value === "string" && EVENT_TYPE_PATTERN.test(value);
}
