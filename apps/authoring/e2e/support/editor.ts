/** Editor helpers for browser tests: select text in Monaco and type over it like a user. */
import type { Page } from "playwright-core";

/** Selects the first occurrence of `text` (after `after`, when given) and focuses the editor. */
export async function selectText(page: Page, text: string, after?: string): Promise<{ line: number; column: number }> {
  return page.evaluate(
    ([text, after]) => {
      const ed = window.__yardstick!.editor()!;
      const model = ed.getModel()!;
      const m = window.__yardstick!.monaco;
      const from = after ? model.findMatches(after, false, false, true, null, false)[0]?.range.getEndPosition() : undefined;
      const match = from ? model.findNextMatch(text, from, false, true, null, false) : model.findMatches(text, false, false, true, null, false)[0];
      if (!match) throw new Error(`not in the editor: ${text}`);
      ed.setSelection(match.range);
      ed.revealRangeInCenter(match.range, m.editor.ScrollType.Immediate);
      ed.focus();
      return { line: match.range.startLineNumber, column: match.range.startColumn };
    },
    [text, after ?? ""] as const,
  );
}

/**
 * Replaces the first occurrence of `text` with `replacement` as one user edit (like a
 * paste: undoable, no auto-closing quotes, which typing a `"` over a selection would add).
 */
export async function typeOver(page: Page, text: string, replacement: string, after?: string): Promise<{ line: number; column: number }> {
  const at = await selectText(page, text, after);
  await page.evaluate((replacement) => {
    const ed = window.__yardstick!.editor()!;
    ed.pushUndoStop();
    ed.executeEdits("test", [{ range: ed.getSelection()!, text: replacement, forceMoveMarkers: true }]);
    ed.pushUndoStop();
  }, replacement);
  return at;
}

export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => window.__yardstick!.editor()!.getValue());
}

/** Puts the cursor `inside` characters into the first occurrence of `text`. */
export async function cursorInto(page: Page, text: string, inside = 1): Promise<void> {
  const at = await selectText(page, text);
  await page.evaluate(({ line, column }) => window.__yardstick!.editor()!.setPosition({ lineNumber: line, column }), { line: at.line, column: at.column + inside });
}

/**
 * Undoes in the editor until the text is `text` again (typing may take several undo
 * steps). The editor gets the focus first: with the focus in a form field, "undo" is
 * that field's own undo.
 */
export async function undoUntil(page: Page, text: string): Promise<void> {
  await page.evaluate((text) => {
    const ed = window.__yardstick!.editor()!;
    ed.focus();
    for (let i = 0; i < 10 && ed.getValue() !== text; i++) ed.trigger("test", "undo", {});
  }, text);
}
