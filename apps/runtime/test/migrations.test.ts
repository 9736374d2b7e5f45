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
