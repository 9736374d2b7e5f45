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
  /** The event type, or null when the matcher is more than one plain event (a condition, a list): JSON only. */
  start: string | null;
  stop: string | null;
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
      start: plainEvent(s.start),
      stop: plainEvent(s.stop),
      ...(typeof s.within === "string" ? { within: s.within } : {}),
      ...(typeof s.warnBefore === "string" ? { warnBefore: s.warnBefore } : {}),
      ...(typeof s.severity === "string" ? { severity: s.severity } : {}),
    });
  });
  return out;
}

function plainEvent(m: unknown): string | null {
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && !Array.isArray(m)) {
    const keys = Object.keys(m);
    const event = (m as { event?: unknown }).event;
    if (keys.length === 1 && typeof event === "string") return event;
  }
  return null;
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
