/**
 * Quick fixes (Monaco code actions) for the engine's markers: the lightbulb on each
 * diagnostic that carries a fix (a duplicate id, an unknown event type, vague wording,
 * a duration in words). The engine says what to change; fixes.ts makes the text edits.
 */
import type { IDisposable, editor, languages } from "monaco-editor/editor";
import { monaco } from "./setup.js";
import { MARKER_OWNER, lastCheck } from "./diagnostics.js";
import { quickFixes } from "./fixes.js";

let registered: IDisposable | null = null;

/** Registers the provider once for JSON models. */
export function registerQuickFixes(): void {
  if (registered) return;
  registered = monaco.languages.registerCodeActionProvider("json", {
    provideCodeActions(model, _range, context) {
      const outcome = lastCheck(model);
      if (!outcome || outcome.versionId !== model.getVersionId()) return { actions: [], dispose() {} };
      const actions: languages.CodeAction[] = [];
      for (const marker of context.markers) {
        if (marker.source !== MARKER_OWNER) continue;
        const d = outcome.result.diagnostics.find(
          (x) => x.code === codeOf(marker) && x.line === marker.startLineNumber && x.column === marker.startColumn,
        );
        if (!d) continue;
        quickFixes(outcome.text, d).forEach((fix, i) => {
          actions.push({
            title: fix.title,
            kind: "quickfix",
            diagnostics: [marker],
            isPreferred: i === 0,
            edit: {
              edits: fix.edits.map((e) => ({
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: rangeOf(model, e.offset, e.length), text: e.text },
              })),
            },
          });
        });
      }
      return { actions, dispose() {} };
    },
  });
}

function codeOf(marker: editor.IMarkerData): string | undefined {
  return typeof marker.code === "string" ? marker.code : marker.code?.value;
}

function rangeOf(model: editor.ITextModel, offset: number, length: number) {
  const a = model.getPositionAt(offset);
  const b = model.getPositionAt(offset + length);
  return new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
}
