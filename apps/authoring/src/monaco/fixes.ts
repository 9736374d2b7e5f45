/**
 * Quick fixes for the engine's diagnostics. The engine says what to change
 * (`Diagnostic.fix`: set the value at a JSON pointer); this file turns that into plain
 * text edits (offset, length, replacement) with jsonc-parser, so the layout of the
 * rest of the text is kept and the edits can be tested without Monaco.
 */
import { modify } from "jsonc-parser";
import { pointerSegments, type Diagnostic } from "@yardstick/engine";

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

/** The diagnostic's fix as text edits of `text`; empty when it has none (or it no longer applies to the text). */
export function quickFixes(text: string, d: Pick<Diagnostic, "fix">): QuickFix[] {
  if (!d.fix) return [];
  try {
    const edits = d.fix.edits.flatMap((e) =>
      modify(text, pointerSegments(e.path), e.value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" } }).map((m) => ({ offset: m.offset, length: m.length, text: m.content })),
    );
    return edits.length === 0 ? [] : [{ title: d.fix.title, edits }];
  } catch {
    // jsonc-parser refuses a path the text does not have (an edit made since the check).
    return [];
  }
}
