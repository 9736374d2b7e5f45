/**
 * PostgreSQL for the "postgres" backend: the machine's server on 127.0.0.1:5432 when it
 * answers, else an embedded one (scripts/test-services.mjs). Set before the test workers
 * start, so helpers.ts (and the crash test's spawned server) read TEST_DATABASE_URL.
 */
import { ensurePostgres } from "../../../scripts/test-services.mjs";

export default async function setup(): Promise<() => Promise<void>> {
  const pg = await ensurePostgres();
  process.env.TEST_DATABASE_URL = pg.url;
  if (pg.embedded) console.log(`runtime tests: embedded PostgreSQL at ${pg.url}`);
  return pg.stop;
}
