/**
 * Where simulator events come from: a scenario case, pasted NDJSON, or quick lines
 * such as "guest.seated at 12:00". Parsing problems are returned per line, never thrown.
 */
import { caseEvents, EVENT_TYPE_SOURCE, type ScenarioCase, type YardstickEvent } from "@yardstick/engine";
import { zoneOffsetMs } from "./timeline-layout.js";

export interface InputProblem {
  line: number;
  message: string;
}

export interface ParsedEvents {
  events: YardstickEvent[];
  problems: InputProblem[];
}

/**
 * One JSON event per line (or a JSON array). Missing ids become "line-<n>" and a
 * missing subject `defaultSubject`, so short hand-written lines work.
 * @example parseNdjson('{"type":"guest.seated","time":"2026-11-22T12:00:00+08:00"}').events[0].id // "line-1"
 */
export function parseNdjson(text: string, defaultSubject = "sim/1"): ParsedEvents {
  const events: YardstickEvent[] = [];
  const problems: InputProblem[] = [];
  const trimmed = text.trim();
  const lines: Array<{ line: number; value: unknown } | { line: number; error: string }> = [];
  if (trimmed.startsWith("[")) {
    try {
      (JSON.parse(trimmed) as unknown[]).forEach((value, i) => lines.push({ line: i + 1, value }));
    } catch (e) {
      problems.push({ line: 1, message: (e as Error).message });
    }
  } else {
    text.split("\n").forEach((raw, i) => {
      if (raw.trim() === "" || raw.trim().startsWith("//")) return;
      try {
        lines.push({ line: i + 1, value: JSON.parse(raw) });
      } catch (e) {
        lines.push({ line: i + 1, error: (e as Error).message });
      }
    });
  }
  for (const l of lines) {
    if ("error" in l) {
      problems.push({ line: l.line, message: l.error });
      continue;
    }
    const v = l.value as Partial<YardstickEvent> | null;
    if (!v || typeof v !== "object" || typeof v.type !== "string" || typeof v.time !== "string") {
      problems.push({ line: l.line, message: "an event needs at least \"type\" and \"time\"" });
      continue;
    }
    events.push({ ...v, id: v.id ?? `line-${l.line}`, subject: v.subject ?? defaultSubject, type: v.type, time: v.time } as YardstickEvent);
  }
  return { events, problems };
}

export interface QuickOptions {
  /** Local date of times given as HH:MM (YYYY-MM-DD). */
  date: string;
  /** IANA zone of those times (the policy's). */
  timeZone: string;
  subject: string;
}

const QUICK = new RegExp(`^(${EVENT_TYPE_SOURCE})\\s+at\\s+(\\S+)((?:\\s+[^\\s=]+=\\S+)*)\\s*$`);

/**
 * Quick lines: `<type> at <HH:MM[:SS] | ISO time> [field=value …]`. `subject=…` sets the
 * subject; other fields go into `data` (numbers and booleans are parsed).
 * @example parseQuickEvents("guest.seated at 12:00 partySize=4", { date: "2026-11-22", timeZone: "Asia/Shanghai", subject: "t1" })
 */
export function parseQuickEvents(text: string, o: QuickOptions): ParsedEvents {
  const events: YardstickEvent[] = [];
  const problems: InputProblem[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = QUICK.exec(line);
    if (!m) {
      problems.push({ line: i + 1, message: "expected: <event.type> at <HH:MM> [field=value …]" });
      return;
    }
    const time = /^\d{1,2}:\d{2}(:\d{2})?$/.test(m[2]) ? localIso(o.date, m[2], o.timeZone) : m[2];
    if (time === null || Number.isNaN(Date.parse(time))) {
      problems.push({ line: i + 1, message: `"${m[2]}" is not a time` });
      return;
    }
    let subject = o.subject;
    const data: Record<string, unknown> = {};
    for (const pair of m[3].trim().split(/\s+/).filter(Boolean)) {
      const eq = pair.indexOf("=");
      const k = pair.slice(0, eq);
      const v = scalar(pair.slice(eq + 1));
      if (k === "subject") subject = String(v);
      else data[k] = v;
    }
    events.push({ id: `quick-${i + 1}`, type: m[1], subject, time, ...(Object.keys(data).length ? { data } : {}) });
  });
  return { events, problems };
}

function scalar(v: string): unknown {
  if (v === "true" || v === "false") return v === "true";
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/**
 * A local date and time in a zone as ISO 8601 with that zone's offset.
 * @example localIso("2026-11-22", "12:00", "Asia/Shanghai") // "2026-11-22T12:00:00+08:00"
 */
export function localIso(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2], +(t[3] ?? 0));
  let offset: number;
  try {
    // Two passes settle the offset around a daylight-saving change.
    offset = zoneOffsetMs(wall, timeZone);
    offset = zoneOffsetMs(wall - offset, timeZone);
  } catch {
    return null;
  }
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60_000;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d[1]}-${d[2]}-${d[3]}T${pad(+t[1])}:${t[2]}:${t[3] ?? "00"}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The events of a scenario case with ids and subjects filled in ("case<ci>-<n>"), as runScenarios builds them. */
export const scenarioEvents: (c: ScenarioCase, ci: number) => YardstickEvent[] = caseEvents;

/** Events as NDJSON, one per line (to edit a scenario's events by hand). */
export function toNdjson(events: readonly YardstickEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n");
}
