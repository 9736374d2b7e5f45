/**
 * The form view's model: the timing standards of a policy text as form fields, and the
 * text edits (jsonc-parser `modify`) that write a field back. Edits touch only the
 * property they change, so the rest of the text (formatting, key order, comments)
 * stays as the author left it.
 */
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type Edit } from "jsonc-parser";

/** One timing standard as the form shows it. */
export interface TimingFields {
  index: number;
  id: string;
  /** Title per language; `plain` when the title is one string for every language. */
  title: { en: string; "zh-CN": string; plain: boolean };
  /** The event type, or null when the matcher is more than one event (a list) or has more than a condition: JSON only. */
  start: string | null;
  stop: string | null;
  /** The matcher's condition (`when`), when it has one. */
  startWhen?: unknown;
  stopWhen?: unknown;
  within?: string;
  warnBefore?: string;
  severity?: string;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" } };

/**
 * The timing standards of a policy text (whatever parses of it).
 * @example timingFields('{"standards":[{"id":"R1","kind":"timing","start":"a","stop":"b","within":"PT2M"}]}')[0].start // "a"
 */
export function timingFields(text: string): TimingFields[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const standards = root && findNodeAtLocation(root, ["standards"]);
  if (!standards || standards.type !== "array") return [];
  const out: TimingFields[] = [];
  (standards.children ?? []).forEach((node, index) => {
    if (node.type !== "object") return;
    const s = getNodeValue(node) as Record<string, unknown>;
    if (s.kind !== "timing") return;
    const title = s.title;
    const text = (lang: "en" | "zh-CN") =>
      typeof title === "string" ? title : title && typeof title === "object" ? String((title as Record<string, unknown>)[lang] ?? "") : "";
    out.push({
      index,
      id: typeof s.id === "string" ? s.id : "",
      title: { en: text("en"), "zh-CN": text("zh-CN"), plain: typeof title === "string" },
      start: matcherParts(s.start)?.event ?? null,
      stop: matcherParts(s.stop)?.event ?? null,
      ...(matcherParts(s.start)?.when !== undefined ? { startWhen: matcherParts(s.start)!.when } : {}),
      ...(matcherParts(s.stop)?.when !== undefined ? { stopWhen: matcherParts(s.stop)!.when } : {}),
      ...(typeof s.within === "string" ? { within: s.within } : {}),
      ...(typeof s.warnBefore === "string" ? { warnBefore: s.warnBefore } : {}),
      ...(typeof s.severity === "string" ? { severity: s.severity } : {}),
    });
  });
  return out;
}

/** A matcher the form can show: one event, with or without a condition. */
function matcherParts(m: unknown): { event: string; when?: unknown } | null {
  if (typeof m === "string") return { event: m };
  if (m && typeof m === "object" && !Array.isArray(m)) {
    const keys = Object.keys(m);
    const { event, when } = m as { event?: unknown; when?: unknown };
    if (typeof event !== "string" || !keys.every((k) => k === "event" || k === "when")) return null;
    return when === undefined ? { event } : { event, when };
  }
  return null;
}

/**
 * Edits that set the event of a start or stop matcher, keeping its condition.
 * @example setMatcherEvent(text, 0, "start", "guest.seated")
 */
export function setMatcherEvent(text: string, index: number, which: "start" | "stop", event: string): Edit[] {
  const hasWhen = timingFields(text).find((f) => f.index === index)?.[which === "start" ? "startWhen" : "stopWhen"] !== undefined;
  return modify(text, hasWhen ? ["standards", index, which, "event"] : ["standards", index, which], event, FORMAT);
}

/**
 * Edits that set (or, with undefined, remove) the condition of a start or stop matcher;
 * without a condition the matcher is written as the plain event name again.
 */
export function setMatcherCondition(text: string, index: number, which: "start" | "stop", condition: unknown): Edit[] {
  const f = timingFields(text).find((x) => x.index === index);
  const event = f?.[which];
  if (!f || event === null || event === undefined) return [];
  if (condition === undefined) return modify(text, ["standards", index, which], event, FORMAT);
  const hasWhen = f[which === "start" ? "startWhen" : "stopWhen"] !== undefined;
  return hasWhen ? modify(text, ["standards", index, which, "when"], condition, FORMAT) : modify(text, ["standards", index, which], { event, when: condition }, FORMAT);
}

/**
 * The data fields the policy declares for its events ("partySize", "vip"), for the
 * condition builder's field list, in document order without repeats.
 */
export function declaredDataFields(text: string): string[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const events = root && findNodeAtLocation(root, ["events"]);
  if (events?.type !== "object") return [];
  const out = new Set<string>();
  for (const prop of events.children ?? []) {
    const data = prop.children?.[1] && findNodeAtLocation(prop.children[1], ["data"]);
    for (const field of data?.type === "object" ? (data.children ?? []) : []) {
      const key = field.children?.[0]?.value;
      if (typeof key === "string") out.add(key);
    }
  }
  return [...out];
}

/** A field the form writes. */
export type FormField = "id" | "start" | "stop" | "within" | "warnBefore" | "severity" | { title: "en" | "zh-CN" };

/**
 * Edits that set one field of the timing standard at `index` (undefined removes an
 * optional one). A title that was one plain string becomes a per-language object.
 * @example applyEdits(text, setFormField(text, 0, { title: "zh-CN" }, "2 分钟内招呼"))
 */
export function setFormField(text: string, index: number, field: FormField, value: string | undefined): Edit[] {
  const at = (...path: Array<string | number>) => ["standards", index, ...path];
  if (typeof field === "object") {
    // The schema wants no empty text: a language left blank is dropped.
    const text1 = value === "" ? undefined : value;
    const current = timingFields(text).find((f) => f.index === index)?.title;
    if (!current || current.plain || !hasObject(text, at("title"))) {
      const next: Record<string, string> = {};
      for (const lang of ["en", "zh-CN"] as const) {
        const v = lang === field.title ? text1 : current?.[lang];
        if (v) next[lang] = v;
      }
      return modify(text, at("title"), next, FORMAT);
    }
    return modify(text, at("title", field.title), text1, FORMAT);
  }
  return modify(text, at(field), value, FORMAT);
}

function hasObject(text: string, path: Array<string | number>): boolean {
  const root = parseTree(text, [], { allowTrailingComma: true });
  return (root && findNodeAtLocation(root, path)?.type) === "object";
}

/**
 * Edits that append a timing standard: the next free "S<n>" id, the first two declared
 * events as start and stop, 2 minutes, a title in both languages to rewrite.
 */
export function addTimingStandard(text: string, events: readonly string[]): Edit[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const standards = root && findNodeAtLocation(root, ["standards"]);
  const list = standards?.type === "array" ? (getNodeValue(standards) as Array<{ id?: unknown }>) : [];
  const ids = new Set(list.map((s) => s?.id));
  let n = list.length + 1;
  while (ids.has(`S${n}`)) n++;
  const standard = {
    id: `S${n}`,
    kind: "timing",
    title: { en: `New standard S${n}`, "zh-CN": `新标准 S${n}` },
    start: events[0] ?? "",
    stop: events[1] ?? events[0] ?? "",
    within: "PT2M",
  };
  if (!standards) return modify(text, ["standards"], [standard], FORMAT);
  return modify(text, ["standards", list.length], standard, { ...FORMAT, isArrayInsertion: true });
}

/**
 * Edits that declare an event type in the policy's `events` vocabulary (no description
 * yet: the schema wants none rather than an empty one); nothing when it is declared
 * already or not a valid event type.
 */
export function declareEvent(text: string, name: string): Edit[] {
  if (!EVENT_NAME.test(name)) return [];
  const root = parseTree(text, [], { allowTrailingComma: true });
  const events = root && findNodeAtLocation(root, ["events"]);
  if (events?.type === "object" && (events.children ?? []).some((p) => p.children?.[0]?.value === name)) return [];
  return modify(text, ["events", name], {}, FORMAT);
}

/** An event type as the schema's `eventType` has it: lower-case words joined by dots ("guest.seated"). */
export const EVENT_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** `applyEdits` from jsonc-parser, for tests and callers without an editor. */
export { applyEdits };
