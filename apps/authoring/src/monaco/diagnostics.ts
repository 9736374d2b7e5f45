/**
 * The engine's diagnostics (schema, compile, lint) as Monaco markers under their own
 * owner, next to the JSON worker's syntax markers. Runs on every edit, shortly
 * debounced; the last result is kept per model for the quick fixes.
 */
import { checkPolicyText, type CheckResult, type LocatedDiagnostic } from "@yardstick/engine";
import type { editor, IDisposable } from "monaco-editor/editor";
import { monaco } from "./setup.js";
import { measureSince } from "../timing.js";

export const MARKER_OWNER = "yardstick";

export interface CheckOutcome {
  result: CheckResult;
  /** Text that was checked (model version `versionId`). */
  text: string;
  versionId: number;
  /** Time the engine took, ms. */
  ms: number;
}

const lastOutcome = new WeakMap<editor.ITextModel, CheckOutcome>();

/** The last diagnostics published for a model (quick fixes read their paths). */
export function lastCheck(model: editor.ITextModel): CheckOutcome | undefined {
  return lastOutcome.get(model);
}

/** Engine diagnostics → Monaco marker data, codes kept so people can look them up. */
export function toMarkers(diagnostics: readonly LocatedDiagnostic[]): editor.IMarkerData[] {
  return diagnostics
    // Syntax errors are the JSON worker's: it locates them exactly as it parses.
    .filter((d) => d.code !== "parse_invalid_json")
    .map((d) => ({
      severity: d.severity === "error" ? monaco.MarkerSeverity.Error : d.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
      code: d.code,
      source: "yardstick",
      message: d.message,
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: d.endLine,
      endColumn: d.endLine === d.line && d.endColumn <= d.column ? d.column + 1 : d.endColumn,
    }));
}

/**
 * Checks the model now and publishes markers; returns the outcome.
 */
export function checkModel(model: editor.ITextModel): CheckOutcome {
  const text = model.getValue();
  const t = performance.now();
  const result = checkPolicyText(text);
  const outcome: CheckOutcome = { result, text, versionId: model.getVersionId(), ms: performance.now() - t };
  lastOutcome.set(model, outcome);
  monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(result.diagnostics));
  measureSince("yardstick:check", t);
  return outcome;
}

/**
 * Re-checks the model after each edit: at once when the engine is idle, so a single
 * edit shows its markers immediately, and at most every "twice the last check's
 * duration" while someone types, so a large policy never keeps the engine busy more
 * than a third of the time.
 */
export function watchModel(model: editor.ITextModel, onOutcome: (o: CheckOutcome) => void): IDisposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastEnd = 0;
  let gap = 0;
  const run = () => {
    timer = undefined;
    if (model.isDisposed()) return;
    const o = checkModel(model);
    lastEnd = performance.now();
    gap = Math.min(250, 2 * o.ms);
    onOutcome(o);
  };
  run();
  const sub = model.onDidChangeContent(() => {
    // A pending run will read the latest text.
    if (timer === undefined) timer = setTimeout(run, Math.max(0, lastEnd + gap - performance.now()));
  });
  return {
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      sub.dispose();
    },
  };
}
