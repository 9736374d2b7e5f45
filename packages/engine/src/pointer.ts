/** JSON pointers (RFC 6901): the one place segments are escaped. */

/** Escapes one JSON-pointer segment. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
