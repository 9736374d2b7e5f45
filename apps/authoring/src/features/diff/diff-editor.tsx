/**
 * Monaco's diff editor on two documents, read-only. Loaded lazily (diff-view.tsx): it
 * pulls in Monaco.
 *
 * Teardown order matters: @monaco-editor/react 4.7 disposes both text models before the
 * diff widget, and Monaco 0.52+ then reports "TextModel got disposed before
 * DiffEditorWidget model got reset" (monaco-react issue #647; seen here when the
 * language was switched on the Compare view). So the library keeps its models, and this
 * component detaches them from the widget first and disposes them itself, in a
 * layout-effect cleanup, which React runs before the library's own (passive) cleanup.
 */
import { useLayoutEffect, useRef } from "react";
import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import { monaco } from "../../monaco/setup.js";

type DiffWidget = Parameters<DiffOnMount>[0];

interface Props {
  original: string;
  modified: string;
  /** Distinct per pair of documents: each pair gets its own models. */
  pathPrefix: string;
  /** Screen-reader names of the two sides. */
  labels: { original: string; modified: string };
}

export function PolicyDiffEditor({ original, modified, pathPrefix, labels }: Props) {
  const widget = useRef<DiffWidget | null>(null);
  useLayoutEffect(
    () => () => {
      const ed = widget.current;
      widget.current = null;
      const models = ed?.getModel();
      ed?.setModel(null);
      models?.original.dispose();
      models?.modified.dispose();
    },
    [],
  );
  return (
    <DiffEditor
      original={original}
      modified={modified}
      originalModelPath={`${pathPrefix}-a.json`}
      modifiedModelPath={`${pathPrefix}-b.json`}
      language="json"
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(ed) => {
        widget.current = ed;
        // The diff editor drops originalAriaLabel/modifiedAriaLabel whenever it recomputes
        // its sides' options (Monaco 0.57): name the two editors, and name them again.
        for (const [side, label] of [
          [ed.getOriginalEditor(), labels.original],
          [ed.getModifiedEditor(), labels.modified],
        ] as const) {
          const name = () => {
            if (side.getOption(monaco.editor.EditorOption.ariaLabel) !== label) side.updateOptions({ ariaLabel: label });
          };
          name();
          side.onDidChangeConfiguration((e) => e.hasChanged(monaco.editor.EditorOption.ariaLabel) && name());
        }
      }}
      options={OPTIONS}
    />
  );
}

/** One object for every render: a new one would make the wrapper call updateOptions each time. */
const OPTIONS = {
  readOnly: true,
  automaticLayout: true,
  minimap: { enabled: false },
  renderSideBySide: true,
  // Narrow screens: one column, inline.
  useInlineViewWhenSpaceIsLimited: true,
  scrollBeyondLastLine: false,
  // Show the changes, folded between a few lines of context.
  hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 20 },
  unicodeHighlight: { ambiguousCharacters: false },
} as const;
