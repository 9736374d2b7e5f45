/**
 * `yardstick report --server URL --from T --to T [--policy P] [--standard S]
 * [--group-by day|week|site|severity|standard] [--tz ZONE] [--format table|csv|json]`:
 * the runtime's compliance report (GET /v1/reports/compliance, a manager's or auditor's
 * key) printed as a table, CSV or the server's JSON.
 */
import { formatDuration } from "@yardstick/engine";
import { CliError, type Io } from "../io.js";
import { isoTime, parseCommand, required } from "../args.js";
import { apiKey, endpoint, getJson } from "../http.js";

export const reportHelp = `Usage: yardstick report --server URL --from T --to T [options]

Prints the compliance report of the runtime (GET URL/v1/reports/compliance): per group,
obligations, met, breached, share met, p50/p90 time taken and overrun minutes.
  --from T, --to T   the window: obligations whose first outcome is ≥ from and < to
                     (ISO 8601 times with offset, at most 400 days apart)
  --policy P         only this policy (its timezone cuts the days)
  --standard S       only this standard
  --group-by G       day (default), week, site, severity or standard
  --tz ZONE          IANA zone for days and weeks (default: the policy's, else UTC)
  --format F         table (default), csv or json (the server's answer)
  --server URL       the runtime, e.g. http://localhost:8080
  --key KEY          the API key (manager, auditor or admin); default: YARDSTICK_KEY
Exits 1 when the server refuses.`;

const GROUP_BYS = ["day", "week", "site", "severity", "standard"];
const FORMATS = ["table", "csv", "json"];

interface Row {
  group: string | null;
  obligations: number;
  met: number;
  breached: number;
  shareMet: number | null;
  p50ElapsedMs: number | null;
  p90ElapsedMs: number | null;
  overrunMinutes: number;
}

export async function report(argv: string[], io: Io): Promise<number> {
  const options = {
    server: { type: "string" },
    key: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    policy: { type: "string" },
    standard: { type: "string" },
    "group-by": { type: "string" },
    tz: { type: "string" },
    format: { type: "string" },
  } as const;
  const { values, positionals } = parseCommand("report", argv, options, reportHelp);
  if (positionals.length) throw new CliError([`yardstick report: unexpected argument "${positionals[0]}"`, "Try: yardstick report --help"]);
  const from = isoTime("report", required("report", values.from, "from"), "from")!;
  const to = isoTime("report", required("report", values.to, "to"), "to")!;
  const groupBy = values["group-by"] ?? "day";
  if (!GROUP_BYS.includes(groupBy)) throw new CliError(`yardstick report: --group-by must be one of ${GROUP_BYS.join(", ")}; got "${groupBy}"`);
  const format = values.format ?? "table";
  if (!FORMATS.includes(format)) throw new CliError(`yardstick report: --format must be one of ${FORMATS.join(", ")}; got "${format}"`);
  const server = required("report", values.server, "server");
  const key = apiKey("report", values.key, io);
  const url = endpoint("report", server, "v1/reports/compliance");
  for (const [name, v] of [["policy", values.policy], ["standard", values.standard], ["from", from], ["to", to], ["groupBy", groupBy], ["tz", values.tz]] as const) {
    if (typeof v === "string") url.searchParams.set(name, v);
  }
  const { body } = await getJson("report", io, url, key);
  const r = body as { groups?: Row[]; total?: Row };
  if (!Array.isArray(r?.groups) || !r.total) throw new CliError("yardstick report: the server answered without a report");
  if (format === "json") io.out(JSON.stringify(body) + "\n");
  else if (format === "csv") io.out(csv(r.groups, r.total));
  else io.out(table(groupBy, r.groups, r.total));
  return 0;
}

const CSV_HEADER = ["group", "obligations", "met", "breached", "shareMet", "p50ElapsedMs", "p90ElapsedMs", "overrunMinutes", "total"];

/** Raw numbers, one row per group, then the total (total=true). Values are never quoted-worthy except a group name. */
function csv(groups: Row[], total: Row): string {
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (x: Row, isTotal: boolean) => [x.group, x.obligations, x.met, x.breached, x.shareMet, x.p50ElapsedMs, x.p90ElapsedMs, x.overrunMinutes, isTotal].map(field).join(",") + "\r\n";
  return CSV_HEADER.join(",") + "\r\n" + groups.map((g) => line(g, false)).join("") + line(total, true);
}

const ms = (v: number | null) => (v === null ? "" : formatDuration(Math.round(v)));

/** Aligned columns; numbers right-aligned; the total last. */
function table(groupBy: string, groups: Row[], total: Row): string {
  const head = [groupBy.toUpperCase(), "OBLIGATIONS", "MET", "BREACHED", "MET %", "P50", "P90", "OVERRUN MIN"];
  const cells = (x: Row, label: string) => [label, String(x.obligations), String(x.met), String(x.breached), x.shareMet === null ? "" : (x.shareMet * 100).toFixed(1), ms(x.p50ElapsedMs), ms(x.p90ElapsedMs), String(Math.round(x.overrunMinutes * 10) / 10)];
  const rows = [head, ...groups.map((g) => cells(g, g.group ?? "(none)")), cells(total, "TOTAL")];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ").trimEnd() + "\n").join("");
}
