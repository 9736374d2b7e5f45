/**
 * The policy editor: Monaco with the engine's schema (completion, hover) and the
 * engine's diagnostics as markers with quick fixes. Each opened document gets a fresh
 * model whose URI ends in `.policy.json`, which binds the schema.
 *
 * This module pulls in Monaco (several MB): the app loads it lazily (app.tsx), so the
 * first view draws before it arrives.
 *
 * Keyboard users are not trapped: Tab indents, but Esc (or Ctrl+M, Monaco's own
 * binding, or the button above the editor) switches Monaco's tab-focus mode on, and
 * then Tab moves on to the next control. The hint says which mode is on.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Editor, type OnMount } from "@monaco-editor/react";
import type { editor, IDisposable } from "monaco-editor/editor";
import { bindSchemaReference, monaco, POLICY_SUFFIX } from "../../monaco/setup.js";
import { watchModel, type CheckOutcome } from "../../monaco/diagnostics.js";
import { registerQuickFixes } from "../../monaco/code-actions.js";
import { useI18n } from "../../i18n/i18n.js";
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

/** Escape leaves the editor only when Monaco has no use for it (a widget to close, a selection to collapse, a snippet to leave). */
const ESCAPE_IS_FREE =
  "editorTextFocus && !suggestWidgetVisible && !findWidgetVisible && !editorHoverVisible && !editorHasSelection && !editorHasMultipleSelections && " +
  "!inSnippetMode && !parameterHintsVisible && !renameInputVisible && !codeActionMenuVisible && !markersNavigationVisible && !referenceSearchVisible && !inlineSuggestionVisible";

export function EditorPane({ doc, onOutcome, onReady }: Props) {
  const { lang, t } = useI18n();
  const [tabMoves, setTabMoves] = useState(false);
  const langRef = useRef(lang);
  langRef.current = lang;
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

  // Tab-focus mode is this editor's option, set from here: Monaco's own Ctrl+M action
  // flips a global that the option cannot report, so Ctrl+M is bound here too.
  const setTabFocus = (on: boolean) => {
    editorRef.current?.updateOptions({ tabFocusMode: on });
    setTabMoves(on);
  };
  const toggleTabFocus = () => setTabFocus(!editorRef.current?.getOption(monaco.editor.EditorOption.tabFocusMode));

  const handleMount: OnMount = (ed) => {
    editorRef.current = ed;
    const tabFocus = monaco.editor.EditorOption.tabFocusMode;
    setTabMoves(ed.getOption(tabFocus));
    ed.addCommand(monaco.KeyCode.Escape, () => setTabFocus(true), ESCAPE_IS_FREE);
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM, () => setTabFocus(!ed.getOption(tabFocus)), "editorTextFocus");
    registerQuickFixes(() => langRef.current);
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
      <div className="editor-bar">
        <span id="editor-tab-hint" data-testid="tab-hint" aria-live="polite">
          {tabMoves ? t("editor.tabMoves") : t("editor.tabIndents")}
        </span>
        <button type="button" className="small" aria-pressed={tabMoves} onClick={toggleTabFocus} data-testid="tab-toggle">
          {t("editor.tabToggle")}
        </button>
      </div>
      <div className="editor-box">
        <Editor
          // Only the nonce names the model: publishing renames the source but keeps the text.
          path={`file:///policy-${doc.nonce}${POLICY_SUFFIX}`}
          defaultValue={doc.initialText}
          defaultLanguage="json"
          onMount={handleMount}
          loading={<div className="loading">…</div>}
          options={{
            automaticLayout: true,
            ariaLabel: t("editor.label"),
            minimap: { enabled: false },
            tabSize: 2,
            fixedOverflowWidgets: true,
            scrollBeyondLastLine: false,
            // Sticky-scroll lines are focusable: with them, Tab out of the editor stops on
            // each one first.
            stickyScroll: { enabled: false },
            lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
            fontSize: 13,
            // Policies are bilingual: full-width punctuation and dashes are intended, not suspicious.
            unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
          }}
        />
      </div>
    </div>
  );
}
