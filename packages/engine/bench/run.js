// `npm run bench` (packages/engine): builds, then runs every bench/*.bench.js module in
// sequence, in file-name order, in this one process (started with --expose-gc).
//
// A bench module default-exports `async function (ctx)` and reports through
// `ctx.emit(result)`, which prints the result as one JSON line on stdout. Results with
// `same_results: false` make the run exit 1 (a faster path that disagrees is a bug);
// speed goals are printed, never enforced here or in tests. Progress goes to stderr.
//
// ctx = { emit, engine, dist, root }
//   engine  the built public surface (dist/src/index.js)
//   dist    absolute path of dist/src, for internals a bench compares (e.g. json-rules-engine/)
//   root    the repository root (policies/ lives there)
//
// Usage: npm run bench -w @yardstick/engine [-- <filter>]   (filter: substring of a file name)
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "../dist/src");
const root = join(here, "../../..");

if (!existsSync(join(dist, "index.js"))) {
  console.error("dist/src/index.js is missing: run `npm run build -w @yardstick/engine` first (`npm run bench` does).");
  process.exit(1);
}
if (typeof globalThis.gc !== "function") console.error("note: run with --expose-gc for steadier figures");

const filter = process.argv[2] ?? "";
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.js") && f.includes(filter))
  .sort();
const engine = await import(pathToFileURL(join(dist, "index.js")).href);
let disagreements = 0;
const emit = (result) => {
  if (result.same_results === false) disagreements++;
  console.log(JSON.stringify(result));
};

for (const file of files) {
  console.error(`# ${file}`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  await mod.default({ emit, engine, dist, root });
}
if (files.length === 0) console.error(`no bench/*.bench.js matches "${filter}"`);
if (disagreements > 0) {
  console.error(`${disagreements} bench(es) found different results between the fast path and the reference`);
  process.exitCode = 1;
}
