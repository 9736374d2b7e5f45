/**
 * The outline: one line per standard (id, title, start → stop, within, severity),
 * read from the JSON text with jsonc-parser so it follows the editor even while the
 * document is invalid, and the text edits that change a target without touching the
 * rest of the formatting.
 */
import { findNodeAtLocation, getNodeValue, modify, parseTree, type Edit, type Node } from "jsonc-parser";
import type { LocalizedText } from "@yardstick/engine";

export interface OutlineItem {
  /** Position in `standards`. */
  index: number;
  id: string;
  kind: string;
  title?: LocalizedText;
  severity?: string;
  /** Event types that start the clock; a trailing "?" marks a matcher with a condition. */
  start: string[];
  stop: string[];
  /** The time limit (ISO 8601 duration) when the standard has a fixed one. */
  within?: string;
  /** Where the deadline comes from when it is carried by the event (promises). */
  deadlineFrom?: string;
  /** Escalation levels, in order, when the standard has them. */
  levels: string[];
  /** Queue standards: the longest wait per ticket class (ISO 8601 durations). */
  maxWait?: Record<string, string>;
  /** Queue standards: closing time (local HH:MM). */
  closing?: string;
  /** Offset and length of the standard in the text (to reveal it). */
  offset: number;
  length: number;
}

export interface Outline {
  id?: string;
  title?: LocalizedText;
  /** Declared event types (the `events` vocabulary), in document order. */
  events: string[];
  items: OutlineItem[];
}

/**
 * Reads the outline of a policy document. Tolerates broken JSON: whatever parses is shown.
 * @example extractOutline('{"standards":[{"id":"R1","kind":"timing","start":"guest.seated","stop":"guest.greeted","within":"PT2M"}]}').items[0].within // "PT2M"
 */
export function extractOutline(text: string): Outline {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== "object") return { events: [], items: [] };
  const value = (path: Array<string | number>, from: Node = root): unknown => {
    const node = findNodeAtLocation(from, path);
    return node ? getNodeValue(node) : undefined;
  };
  const standards = findNodeAtLocation(root, ["standards"]);
  const items: OutlineItem[] = [];
  (standards?.type === "array" ? (standards.children ?? []) : []).forEach((node, index) => {
    if (node.type !== "object") return;
    const get = (key: string) => value([key], node);
    const deadline = get("deadlineFrom") as { due?: string; within?: string } | undefined;
    const kind = asString(get("kind")) ?? "?";
    const maxWait = get("maxWait");
    items.push({
      index,
      id: asString(get("id")) ?? `#${index + 1}`,
      kind,
      title: asText(get("title")),
      severity: asString(get("severity")),
      // A queue's clock runs from issuing a ticket to calling it.
      // A rule judges the events it is `on`, at once: those are its start.
      start: matcherNames(get(kind === "queue" ? "issue" : kind === "rule" ? "on" : "start")),
      stop: matcherNames(get(kind === "queue" ? "call" : "stop")),
      within: asString(get("within")),
      deadlineFrom: deadline && typeof deadline === "object" ? (deadline.due ?? deadline.within) : undefined,
      levels: levelNames(get("levels")),
      ...(maxWait && typeof maxWait === "object" && !Array.isArray(maxWait) ? { maxWait: stringValues(maxWait) } : {}),
      ...(typeof get("closing") === "string" ? { closing: get("closing") as string } : {}),
      offset: node.offset,
      length: node.length,
    });
  });
  const vocabulary = findNodeAtLocation(root, ["events"]);
  const events = vocabulary?.type === "object" ? (vocabulary.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === "string") : [];
  return { id: asString(value(["id"])), title: asText(value(["title"])), events, items };
}

/** Event type names of a matcher or matcher list; "?" marks a conditional one. */
export function matcherNames(m: unknown): string[] {
  const list = Array.isArray(m) ? m : m === undefined ? [] : [m];
  return list.flatMap((x) => {
    if (typeof x === "string") return [x];
    if (x && typeof x === "object" && typeof (x as { event?: unknown }).event === "string") {
      const { event, when } = x as { event: string; when?: unknown };
      return [when === undefined ? event : `${event}?`];
    }
    return [];
  });
}

function levelNames(levels: unknown): string[] {
  if (!Array.isArray(levels)) return [];
  return levels.flatMap((l) => {
    if (typeof l === "string") return [l];
    const named = l as { id?: unknown; name?: unknown; level?: unknown } | null;
    const name = named?.id ?? named?.level ?? named?.name;
    return typeof name === "string" ? [name] : [];
  });
}

function stringValues(o: object): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function asText(v: unknown): LocalizedText | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, string>;
  return undefined;
}

/** Formatting jsonc-parser uses for inserted properties: two spaces, like the shipped files. */
const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" } };

/** A field of a standard the outline edits: its limit, its severity, a queue class's maximum wait. */
export type StandardField = "within" | "severity" | ["maxWait", string];

/**
 * Edits that set (or, with `undefined`, remove) one property of standard `index`.
 * @example applyEdits(text, setStandardField(text, 0, "within", "PT3M"))
 */
export function setStandardField(text: string, index: number, field: StandardField, value: string | undefined): Edit[] {
  return modify(text, ["standards", index, ...(Array.isArray(field) ? field : [field])], value, FORMAT);
}
