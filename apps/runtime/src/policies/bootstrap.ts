/**
 * First start: publish and activate the shipped policies (policies/*.policy.json) when
 * the database has no policy at all. Runs under a lock so that two instances starting
 * together on one PostgreSQL publish them once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyDoc } from "@yardstick/engine";
import type { Database } from "../db/database.js";
import type { Logger } from "../observability/logger.js";
import { HttpError } from "../http-error.js";
import type { PolicyStore } from "./store.js";

const ACTOR = "runtime (first start)";

/** Publishes + activates the shipped policies; returns the ids it published. */
export async function bootstrapShippedPolicies(db: Database, store: PolicyStore, dir: string | null, logger: Logger): Promise<string[]> {
  if (!dir || !existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".policy.json"))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(7130003)");
    const any = await tx.query("SELECT 1 FROM policy_versions LIMIT 1");
    if (any.length) return [];
    const published: string[] = [];
    for (const file of files) {
      let doc: PolicyDoc;
      try {
        doc = JSON.parse(readFileSync(join(dir, file), "utf8")) as PolicyDoc;
        const r = await store.publish(doc.id, doc, `shipped policy ${file}`, ACTOR, tx);
        await store.activate(doc.id, r.version, ACTOR, tx);
        published.push(doc.id);
      } catch (err) {
        // A shipped file that does not compile must not stop the runtime: say so and go on.
        const why = err instanceof HttpError ? `${err.code}: ${err.message}` : String(err);
        logger.warn("shipped policy not published", { file, error: why });
      }
    }
    if (published.length) logger.info("published shipped policies", { policies: published });
    return published;
  });
}
