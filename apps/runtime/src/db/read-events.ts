/**
 * Stored event bodies in a time range, read in pages through a cursor. One query of
 * 150,000 rows blocked the event loop for 2–3 s on PGlite (it builds the whole result
 * inside one call); fetched 2,000 rows at a time with a yield between, the longest
 * block is one page's (/healthz during a diff, issue 14). No ORDER BY: the engine's
 * replay orders what it gets (a shuffled stream replays like the sorted one), and an
 * unsorted cursor streams instead of sorting the whole range first.
 */
import type { Database } from "./database.js";

const PAGE_ROWS = 2_000;

/**
 * The bodies (as JSON text) of the events with `from` ≤ time < `to` whose type `keep`
 * accepts, or `null` when the range holds more than `max` events.
 */
export async function readEventBodies(db: Database, from: number, to: number, keep: (type: string) => boolean, max: number): Promise<string[] | null> {
  return db.transaction(async (tx) => {
    await tx.query("DECLARE stored_events NO SCROLL CURSOR FOR SELECT body::text AS body, body->>'type' AS type FROM events WHERE t_ms >= $1 AND t_ms < $2", [from, to]);
    const bodies: string[] = [];
    for (let seen = 0; ; ) {
      const rows = await tx.query<{ body: string; type: string }>(`FETCH ${PAGE_ROWS} FROM stored_events`);
      seen += rows.length;
      if (seen > max) return null;
      for (const r of rows) if (keep(r.type)) bodies.push(r.body);
      if (rows.length < PAGE_ROWS) return bodies;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}
