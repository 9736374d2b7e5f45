/**
 * Migration V3 (kind states got real field names): states in the old format are dropped
 * (escalation units in shared_states; subjects holding a queue slot), timing-only
 * subjects are kept. The test rolls the database back to "V3 not applied", stores one
 * state of each sort, and migrates again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/db/migrations.js";
import type { Database } from "../src/db/database.js";
import { testDatabase } from "./helpers.js";

const subject = (slots: Record<string, unknown>) => JSON.stringify({ clock: 1, lastEventAt: 1, facts: {}, slots, base: null, tail: [], emitted: [], past: false });

describe("migration V3", () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const d = await testDatabase("pglite");
    db = d.db;
    drop = d.drop;
    await migrate(db);
  });
  afterAll(() => drop());

  it("drops old-format queue subjects and escalation units, keeps timing subjects", async () => {
    await db.query("DELETE FROM yardstick_migrations WHERE version = 3");
    await db.query("INSERT INTO subject_states (subject, policy, version, state) VALUES ('queue-1', 'p', 1, $1::json), ('timing-1', 'p', 1, $2::json)", [
      subject({ Q1: { lines: { "": [{ n: "A1", cls: "", at: 1, id: "e1", to: [], due: null, late: false }] } } }),
      subject({ R1: { started: [], pending: [], required: [], waiting: {}, running: {} } }),
    ]);
    await db.query("INSERT INTO shared_states (policy, version, state) VALUES ('p', 1, $1::json)", [JSON.stringify({ E1: JSON.parse(subject({ E1: { cases: {} } })) })]);
    expect(await migrate(db)).toBe(1);
    expect((await db.query("SELECT subject FROM subject_states ORDER BY subject")).map((r) => r.subject)).toEqual(["timing-1"]);
    expect(await db.query("SELECT * FROM shared_states")).toEqual([]);
  });
});

describe("migration V5", () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const d = await testDatabase("pglite");
    db = d.db;
    drop = d.drop;
    await migrate(db);
  });
  afterAll(() => drop());

  it("adds decisions.obligation: filled from the body where the engine set it, null for older rows, despite the append-only trigger", async () => {
    // Back to "V5 not applied", with one decision of each era stored.
    await db.query("DROP INDEX decisions_obligation");
    await db.query("ALTER TABLE decisions DROP COLUMN obligation");
    await db.query("DELETE FROM yardstick_migrations WHERE version = 5");
    const body = (id: string, extra: Record<string, unknown>) => JSON.stringify({ id, policy: "p", version: 1, standard: "R1", subject: "s", status: "breached", at: "2026-12-01T10:02:00.000Z", ...extra });
    await db.query(
      `INSERT INTO decisions (id, policy, version, standard, subject, status, at, retracted, body) VALUES
       ('new', 'p', 1, 'R1', 's', 'breached', '2026-12-01T10:02:00Z', false, $1::json), ('old', 'p', 1, 'R1', 's', 'breached', '2026-12-01T10:02:00Z', false, $2::json)`,
      [body("new", { obligation: "R1|s|#e1" }), body("old", {})],
    );
    expect(await migrate(db)).toBe(1);
    expect(await db.query("SELECT id, obligation FROM decisions ORDER BY id")).toEqual([
      { id: "new", obligation: "R1|s|#e1" },
      { id: "old", obligation: null },
    ]);
    // Append-only again.
    await expect(db.query("UPDATE decisions SET obligation = 'x'")).rejects.toThrow(/append-only/);
  });
});

describe("migration V6", () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const d = await testDatabase("pglite");
    db = d.db;
    drop = d.drop;
    await migrate(db);
  });
  afterAll(() => drop());

  it("adds the report's columns, filled from each stored decision's body and its first event's data.site", async () => {
    // Back to "V6 not applied", with a breach whose start event names a site and a decision without events.
    await db.query("DROP INDEX decisions_report");
    await db.query("DROP INDEX events_export");
    await db.query("ALTER TABLE decisions DROP COLUMN elapsed_ms, DROP COLUMN over_by_ms, DROP COLUMN severity, DROP COLUMN site");
    await db.query("DELETE FROM yardstick_migrations WHERE version = 6");
    await db.query(`INSERT INTO events (id, t_ms, body) VALUES ('e1', 0, '{"id":"e1","type":"a","subject":"s","time":"1970-01-01T00:00:00Z","data":{"site":"store-7"}}')`);
    const body = (id: string, extra: Record<string, unknown>) => JSON.stringify({ id, policy: "p", version: 1, standard: "R1", subject: "s", status: "breached", at: "2026-12-01T10:02:00.000Z", ...extra });
    await db.query(
      `INSERT INTO decisions (id, policy, version, standard, subject, status, at, retracted, body) VALUES
       ('with', 'p', 1, 'R1', 's', 'breached', '2026-12-01T10:02:00Z', false, $1::json), ('without', 'p', 1, 'R1', 's', 'breached', '2026-12-01T10:02:00Z', false, $2::json)`,
      [body("with", { elapsedMs: 180000, overByMs: 60000, severity: "major", events: ["e1"] }), body("without", { events: [] })],
    );
    expect(await migrate(db)).toBe(1);
    expect(await db.query("SELECT id, elapsed_ms::float8 AS elapsed, over_by_ms::float8 AS over, severity, site FROM decisions ORDER BY id")).toEqual([
      { id: "with", elapsed: 180000, over: 60000, severity: "major", site: "store-7" },
      { id: "without", elapsed: null, over: null, severity: null, site: null },
    ]);
    await expect(db.query("UPDATE decisions SET site = 'x'")).rejects.toThrow(/append-only/);
  });
});
