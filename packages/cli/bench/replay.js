// `npm run bench -w @yardstick/cli [-- <events>]`: the CLI's replay of a generated
// bank-queue stream (default 1,000,000 events), run as users run it (the built binary,
// stdout to a file), in (time, id) order, shuffled (the external sort), and as a table.
// Prints one JSON line per run: wall time, events/s, peak RSS (from /usr/bin/time -v,
// when present) and whether stdout equals the sorted run's. Figures are printed, never
// enforced; issue 15's goal is ≤ 400 MB peak RSS.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../../..");
const bin = join(here, "../bin/yardstick.js");
const policy = join(root, "policies/bank-branch.policy.json");
const count = Number(process.argv[2] ?? 1_000_000);
const { queueEvents, random } = await import(pathToFileURL(join(root, "packages/engine/bench/generate.js")).href);

const dir = mkdtempSync(join(tmpdir(), "yardstick-cli-bench-"));
try {
  const sorted = join(dir, "sorted.ndjson");
  const shuffled = join(dir, "shuffled.ndjson");
  console.error(`# generating ${count} events`);
  await write(sorted, (function* () {
    for (const { t: _t, ...ev } of queueEvents({ seed: 1, count })) yield JSON.stringify(ev) + "\n";
  })());
  await write(shuffled, shuffle(sorted, count));
  const reference = run("replay/sorted", sorted, []);
  run("replay/shuffled", shuffled, [], reference);
  run("replay/table", sorted, ["--format", "table"]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** One replay; `reference` is the sorted run's stdout digest, compared when given. */
function run(name, events, extra, reference) {
  console.error(`# ${name}`);
  const out = join(dir, `${name.replace("/", "-")}.out`);
  const args = [bin, "replay", "--policy", policy, "--events", events, ...extra];
  const timed = existsSync("/usr/bin/time");
  const cmd = timed ? "/usr/bin/time" : process.execPath;
  const start = performance.now();
  const fd = openSync(out, "w");
  const r = spawnSync(cmd, timed ? ["-v", process.execPath, ...args] : args, { stdio: ["ignore", fd, "pipe"], maxBuffer: 1 << 26, encoding: "buffer" });
  const ms = performance.now() - start;
  closeSync(fd);
  const stderr = r.stderr.toString("utf8");
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  // CPU seconds (user + system) are steadier than wall time on a shared machine.
  const times = ["User", "System"].map((k) => new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(stderr));
  const cpu = times.every((m) => m !== null) ? times.reduce((sum, m) => sum + Number(m[1]), 0) : null;
  const digest = createHash("sha256").update(readFileSync(out)).digest("hex");
  const size = statSync(out).size;
  rmSync(out, { force: true });
  const result = {
    bench: name,
    events: count,
    exit: r.status,
    wall_s: Number((ms / 1000).toFixed(1)),
    events_per_s: Math.round(count / (ms / 1000)),
    cpu_s: cpu === null ? null : Number(cpu.toFixed(1)),
    peak_rss_mb: rss ? Math.round(Number(rss[1]) / 1024) : null,
    goal_rss_mb: 400,
    stdout_mb: Math.round(size / 2 ** 20),
    ...(reference === undefined ? {} : { same_results: digest === reference }),
  };
  console.log(JSON.stringify(result));
  if (r.status !== 0) console.error(stderr.split("\n").slice(0, 5).join("\n"));
  return digest;
}

async function write(file, lines) {
  const out = createWriteStream(file);
  let buffer = "";
  for await (const line of lines) {
    buffer += line;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await new Promise((r) => out.once("drain", r));
      buffer = "";
    }
  }
  await new Promise((r) => out.end(buffer, r));
}

/** The sorted file's lines in a seeded random order (a stream of that size fits here; the CLI is what is measured). */
async function* shuffle(file, n) {
  const lines = [];
  let rest = "";
  for await (const chunk of createReadStream(file, "utf8")) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop();
    lines.push(...parts);
  }
  const rnd = random(7);
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  void n;
  for (const l of lines) yield l + "\n";
}
