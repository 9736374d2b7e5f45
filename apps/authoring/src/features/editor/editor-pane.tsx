/**
 * The policy editor: Monaco with the engine's schema (completion, hover) and the
 * engine's diagnostics as markers with quick fixes. Each opened document gets a fresh
 * model whose URI ends in `.policy.json`, which binds the schema.
 */
import { useCallback, useEffect, useRef } from "react";
import { Editor, type OnMount } from "@monaco-editor/react";
import type { editor, IDisposable } from "monaco-editor/editor";
import { bindSchemaReference, monaco, POLICY_SUFFIX } from "../../monaco/setup.js";
import { watchModel, type CheckOutcome } from "../../monaco/diagnostics.js";
import { registerQuickFixes } from "../../monaco/code-actions.js";
import type { OpenDocument } from "./use-document.js";

/** What the rest of the app may do to the editor. */
export interface EditorApi {
  getText(): string;
  /** Applies text edits as one undoable step. */
  applyEdits(edits: ReadonlyArray<{ offset: number; length: number; content: string }>, label: string): void;
  /** Moves the cursor to a line and column (1-based) and shows it. */
  reveal(line: number, column: number): void;
  revealOffset(offset: number): void;
}

interface Props {
  doc: OpenDocument;
  onOutcome(o: CheckOutcome): void;
  onReady(api: EditorApi | null): void;
}

declare global {
  interface Window {
    /** Hooks for the browser tests and the benchmark. */
    __yardstick?: { monaco: typeof monaco; editor: () => editor.IStandaloneCodeEditor | null };
  }
}

export function EditorPane({ doc, onOutcome, onReady }: Props) {
  const outcomeRef = useRef(onOutcome);
  outcomeRef.current = onOutcome;
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const watchers = useRef<IDisposable[]>([]);
  const previousModel = useRef<editor.ITextModel | null>(null);

  const attach = useCallback((model: editor.ITextModel | null) => {
    watchers.current.forEach((w) => w.dispose());
    watchers.current = [];
    if (previousModel.current && previousModel.current !== model && !previousModel.current.isDisposed()) previousModel.current.dispose();
    previousModel.current = model;
    if (!model) return;
    bindSchemaReference(model.getValue(), model.uri.toString());
    watchers.current.push(watchModel(model, (o) => outcomeRef.current(o)));
  }, []);

  const handleMount: OnMount = (ed) => {
    editorRef.current = ed;
    registerQuickFixes();
    window.__yardstick = { monaco, editor: () => editorRef.current };
    ed.onDidChangeModel(() => attach(ed.getModel()));
    attach(ed.getModel());
    onReady({
      getText: () => ed.getValue(),
      applyEdits(edits, label) {
        const model = ed.getModel();
        if (!model) return;
        ed.pushUndoStop();
        ed.executeEdits(
          label,
          edits.map((e) => {
            const a = model.getPositionAt(e.offset);
            const b = model.getPositionAt(e.offset + e.length);
            return { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), text: e.content };
          }),
        );
        ed.pushUndoStop();
      },
      reveal(line, column) {
        ed.setPosition({ lineNumber: line, column });
        ed.revealPositionInCenter({ lineNumber: line, column });
        ed.focus();
      },
      revealOffset(offset) {
        const p = ed.getModel()?.getPositionAt(offset);
        if (!p) return;
        ed.setPosition(p);
        ed.revealPositionInCenterIfOutsideViewport(p);
        ed.focus();
      },
    });
  };

  useEffect(
    () => () => {
      watchers.current.forEach((w) => w.dispose());
      onReady(null);
    },
    [onReady],
  );

  return (
    <div className="editor-host" data-testid="policy-editor">
      <Editor
        // Only the nonce names the model: publishing renames the source but keeps the text.
        path={`file:///policy-${doc.nonce}${POLICY_SUFFIX}`}
        defaultValue={doc.initialText}
        defaultLanguage="json"
        onMount={handleMount}
        loading={<div className="loading">…</div>}
        options={{
          automaticLayout: true,
          minimap: { enabled: false },
          tabSize: 2,
          fixedOverflowWidgets: true,
          scrollBeyondLastLine: false,
          lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
          fontSize: 13,
          // Policies are bilingual: full-width punctuation and dashes are intended, not suspicious.
          unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
        }}
      />
    </div>
  );
}
