/**
 * The editor in real Chromium against the built app (`vite preview`): local-only
 * loading, engine markers with codes, quick fixes, schema hover and completion, the
 * outline, and drafts that survive a reload.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { engineMarkers, foreignRequests, openBrowser, screenshot, waitForEditor, type Session } from "./support/browser.js";
import { cursorInto, editorText, selectText, typeOver, undoUntil } from "./support/editor.js";

let s: Session;

beforeAll(async () => {
  s = await openBrowser(inject("previewUrl"));
  await s.page.evaluate(() => localStorage.clear());
  await s.page.reload();
  await waitForEditor(s.page);
});

afterAll(async () => {
  await s?.close();
});

describe("editor", () => {
  it("loads with no request leaving 127.0.0.1 and opens the first shipped policy clean", async () => {
    // Hover needs the JSON worker: wait for it so its requests are recorded too.
    await cursorInto(s.page, '"within"', 2);
    await s.page.evaluate(() => window.__yardstick!.editor()!.trigger("test", "editor.action.showHover", {}));
    await s.page.waitForSelector(".monaco-hover:not(.hidden)", { state: "visible" });
    expect(s.requests.length).toBeGreaterThan(3);
    expect(s.requests.some((u) => u.includes("json.worker"))).toBe(true);
    expect(foreignRequests(s.requests)).toEqual([]);
    expect(s.errors).toEqual([]);
    expect(await s.page.inputValue('select[aria-label="Open policy"]')).toBe("shipped:restaurant-dining");
    expect(await engineMarkers(s.page)).toEqual([]);
  });

  it("shows the schema's description on hover", async () => {
    await cursorInto(s.page, '"within"', 2);
    await s.page.evaluate(() => window.__yardstick!.editor()!.trigger("test", "editor.action.showHover", {}));
    await expect.poll(() => s.page.textContent(".monaco-hover:not(.hidden)").catch(() => "")).toContain("The time limit, inclusive");
    await s.page.keyboard.press("Escape");
  });

  it("completes property names from the schema", async () => {
    const before = await editorText(s.page);
    const at = await selectText(s.page, '"warnBefore": "PT30S"');
    await s.page.evaluate(
      ({ line }) => {
        const ed = window.__yardstick!.editor()!;
        ed.setPosition({ lineNumber: line, column: ed.getModel()!.getLineMaxColumn(line) });
      },
      at,
    );
    await s.page.keyboard.insertText(",\n");
    await s.page.evaluate(() => window.__yardstick!.editor()!.trigger("test", "editor.action.triggerSuggest", {}));
    await expect.poll(() => s.page.textContent(".suggest-widget").catch(() => ""), { timeout: 15_000 }).toContain("deadlineFrom");
    await s.page.keyboard.press("Escape");
    await undoUntil(s.page, before);
    expect(await editorText(s.page)).toBe(before);
  });

  it("marks an error with its code where it is, and clears it when fixed", async () => {
    const at = await typeOver(s.page, '"PT1M"', '"1 minute"');
    await expect.poll(() => engineMarkers(s.page)).toEqual([`schema_invalid ${at.line}:${at.column - 10}`]);
    const problems = await s.page.textContent(".problems");
    expect(problems).toContain("schema_invalid");
    // Hovering the squiggle shows the engine's message with its code.
    await s.page.evaluate(({ line, column }) => {
      const ed = window.__yardstick!.editor()!;
      ed.setPosition({ lineNumber: line, column: column - 8 });
      ed.trigger("test", "editor.action.showHover", {});
    }, at);
    await expect.poll(() => s.page.textContent(".monaco-hover:not(.hidden)").catch(() => "")).toContain("schema_invalid");
    await screenshot(s.page, "authoring-editor.png");
    await s.page.keyboard.press("Escape");
    // Fix it with the quick fix the marker offers (the marker sits on the property's key).
    await s.page.evaluate(({ line, column }) => window.__yardstick!.editor()!.setPosition({ lineNumber: line, column: column - 8 }), at);
    await s.page.keyboard.press("Control+.");
    await s.page.waitForSelector(".action-widget", { state: "visible" });
    expect(await s.page.textContent(".action-widget")).toContain('Write it as ISO 8601: "PT1M"');
    await s.page.keyboard.press("Enter");
    await expect.poll(() => editorText(s.page)).toContain('"within": "PT1M"');
    await expect.poll(() => engineMarkers(s.page)).toEqual([]);
    expect(await s.page.textContent(".problems")).toContain("No problems.");
  });

  it("offers a quick fix for a duplicate id", async () => {
    const at = await typeOver(s.page, '"R1-VIP"', '"R1"');
    await expect.poll(() => engineMarkers(s.page)).toEqual([`compile_duplicate_id ${at.line}:${at.column - 6}`]);
    await s.page.evaluate(({ line, column }) => window.__yardstick!.editor()!.setPosition({ lineNumber: line, column: column + 1 }), at);
    await s.page.keyboard.press("Control+.");
    await s.page.waitForSelector(".action-widget", { state: "visible" });
    expect(await s.page.textContent(".action-widget")).toContain('Rename to "R1-2"');
    await s.page.keyboard.press("Enter");
    await expect.poll(() => editorText(s.page)).toContain('"id": "R1-2"');
    await expect.poll(() => engineMarkers(s.page)).toEqual([]);
    await typeOver(s.page, '"R1-2"', '"R1-VIP"');
  });

  it("offers to replace vague wording by the standard's own limit", async () => {
    const at = await typeOver(s.page, '"Greet a seated guest within 2 minutes"', '"Greet a seated guest promptly"');
    await expect.poll(() => engineMarkers(s.page)).toEqual([`lint_vague_wording ${at.line}:${at.column - 6}`]);
    await s.page.evaluate(({ line, column }) => window.__yardstick!.editor()!.setPosition({ lineNumber: line, column: column - 4 }), at);
    await s.page.keyboard.press("Control+.");
    await s.page.waitForSelector(".action-widget", { state: "visible" });
    expect(await s.page.textContent(".action-widget")).toContain("State the limit (2 min)");
    await s.page.keyboard.press("Enter");
    await expect.poll(() => editorText(s.page)).toContain('"en": "Greet a seated guest within 2 min"');
    await expect.poll(() => engineMarkers(s.page)).toEqual([]);
  });

  it("changes a target from the outline without touching the JSON by hand", async () => {
    const r1 = s.page.locator('.outline-item[data-standard="R1"]');
    await r1.locator('input[type="number"]').fill("3");
    await expect.poll(() => editorText(s.page)).toContain('"within": "PT3M",\n      "warnBefore"');
    await r1.locator('select[aria-label="within unit"]').selectOption("s");
    await expect.poll(() => editorText(s.page)).toContain('"within": "PT3S"');
    await r1.locator('input[type="number"]').fill("120");
    await expect.poll(() => editorText(s.page)).toContain('"within": "PT120S"');
    // The JSON → outline direction: an edit in the text shows in the outline.
    await typeOver(s.page, '"PT120S"', '"PT2M"');
    await expect.poll(() => r1.locator('input[type="number"]').inputValue()).toBe("2");
    await expect.poll(() => r1.locator('select[aria-label="within unit"]').inputValue()).toBe("min");
  });

  it("edits timing standards in the form view, both ways, leaving the rest of the JSON as it was", async () => {
    const before = await editorText(s.page);
    await s.page.click('.side-switch button:has-text("Form")');
    const r1 = s.page.locator('[data-testid="standard-form"] fieldset[data-standard="R1"]');
    await r1.locator('input[lang="zh-CN"]').fill("2 分钟内招呼入座的客人");
    await expect.poll(() => editorText(s.page)).toContain('"zh-CN": "2 分钟内招呼入座的客人"');
    await r1.locator('select[aria-label="Clock starts on R1"]').selectOption("drink.ordered");
    await expect.poll(() => editorText(s.page)).toContain('"start": "drink.ordered"');
    await r1.locator('select[aria-label="within unit"]').selectOption("h");
    await expect.poll(() => editorText(s.page)).toContain('"within": "PT2H"');
    // Nothing else moved: the text is the one before with exactly these three values changed
    // (R1 is the first standard, so the first "start" and "within" are its own).
    const expected = before
      .replace('"zh-CN": "客人入座后 2 分钟内招呼"', '"zh-CN": "2 分钟内招呼入座的客人"')
      .replace('"start": "guest.seated"', '"start": "drink.ordered"')
      .replace('"within": "PT2M"', '"within": "PT2H"');
    expect(expected).not.toBe(before);
    expect(await editorText(s.page)).toBe(expected);
    await undoUntil(s.page, before);
    expect(await editorText(s.page)).toBe(before);
    // The JSON → form direction.
    await typeOver(s.page, '"PT2M"', '"PT5M"');
    await expect.poll(() => r1.locator('input[type="number"]').first().inputValue()).toBe("5");
    await typeOver(s.page, '"PT5M"', '"PT2M"');
    // A new standard from the form, with the next free id.
    await s.page.click('[data-testid="form-add"]');
    await expect.poll(() => s.page.locator('[data-testid="standard-form"] fieldset').last().getAttribute("data-standard")).toMatch(/^S\d+$/);
    await undoUntil(s.page, before);
    expect(await editorText(s.page)).toBe(before);

    // Conditions in the builder: R1-VIP starts only when the table is a VIP table.
    const startOf = async (id: string) => (JSON.parse(await editorText(s.page)) as { standards: Array<{ id: string; start: unknown }> }).standards.find((x) => x.id === id)!.start;
    const vip = s.page.locator('[data-testid="standard-form"] fieldset[data-standard="R1-VIP"] [data-testid="condition-builder"]');
    await vip.waitFor();
    expect(await vip.locator(".rule-value").inputValue()).toBe("true");
    expect(await vip.locator("select.rule-fields").inputValue()).toBe("data:$.vip");
    await vip.locator("select.rule-operators").selectOption("notEqual");
    // By hand: {all: [one rule]} is written back as that rule, with the new operator.
    await expect.poll(() => startOf("R1-VIP")).toEqual({ event: "guest.seated", when: { fact: "data", path: "$.vip", operator: "notEqual", value: true } });
    // The JSON → builder direction.
    await typeOver(s.page, '"notEqual"', '"equal"');
    await expect.poll(() => vip.locator("select.rule-operators").inputValue()).toBe("equal");
    // A condition added from the form to a plain start event.
    await r1.locator('[data-testid="add-when-start"]').click();
    await expect.poll(() => startOf("R1")).toEqual({ event: "guest.seated", when: { fact: "data", path: "$.partySize", operator: "equal", value: true } });
    await r1.locator('[data-testid="condition-builder"] .rule-value').fill("6");
    // The value reaches the JSON before the operator changes: a change made while the
    // previous edit's echo from the JSON is on its way can be overwritten by it (seen once
    // in CI: the value went back to true).
    await expect.poll(() => startOf("R1")).toEqual({ event: "guest.seated", when: { fact: "data", path: "$.partySize", operator: "equal", value: 6 } });
    await r1.locator('[data-testid="condition-builder"] select.rule-operators').selectOption("greaterThanInclusive");
    await expect.poll(() => startOf("R1")).toEqual({ event: "guest.seated", when: { fact: "data", path: "$.partySize", operator: "greaterThanInclusive", value: 6 } });
    await undoUntil(s.page, before);
    expect(await editorText(s.page)).toBe(before);
    await s.page.click('.side-switch button:has-text("Outline")');
  });

  it("keeps unsaved changes across a reload", async () => {
    await typeOver(s.page, '"PT4M"', '"PT6M"');
    await expect.poll(() => s.page.isVisible('[data-testid="draft-note"]')).toBe(true);
    await s.page.reload();
    await waitForEditor(s.page);
    expect(await editorText(s.page)).toContain('"within": "PT6M"');
    expect(await s.page.textContent('[data-testid="draft-note"]')).toContain("draft was restored");
    s.page.once("dialog", (d) => void d.accept());
    await s.page.click('[data-testid="draft-note"] button');
    await expect.poll(() => editorText(s.page)).not.toContain('"PT6M"');
    expect(await s.page.isVisible('[data-testid="draft-note"]')).toBe(false);
  });

  it("switches the interface, the policy text and <html lang> to Chinese", async () => {
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe("en");
    await s.page.selectOption('select[aria-label="Language"]', "zh-CN");
    await expect.poll(() => s.page.textContent(".outline")).toContain("客人入座后 2 分钟内招呼");
    expect(await s.page.textContent(".tabs")).toContain("编辑与模拟");
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    // A reload starts in the chosen language, <html lang> too.
    await s.page.reload();
    await waitForEditor(s.page);
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    await s.page.selectOption('select[aria-label="语言"]', "en");
    await expect.poll(() => s.page.textContent(".outline")).toContain("Greet a seated guest within 2 minutes");
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe("en");
  });

  it("lets keyboard users out of the editor: Escape, then Tab moves on; Ctrl+M gives Tab back", async () => {
    const hint = s.page.locator('[data-testid="tab-hint"]');
    const inEditor = () => s.page.evaluate(() => Boolean(document.activeElement?.closest(".monaco-editor")));
    await selectText(s.page, '"within"');
    const before = await editorText(s.page);
    expect(await hint.textContent()).toContain("Tab indents here");
    // The first Escape is Monaco's: it collapses the selection; the next one is the way out.
    await s.page.keyboard.press("Escape");
    expect(await s.page.evaluate(() => window.__yardstick!.editor()!.getSelection()!.isEmpty())).toBe(true);
    expect(await hint.textContent()).toContain("Tab indents here");
    await s.page.keyboard.press("Escape");
    await expect.poll(() => hint.textContent()).toContain("Tab moves the focus out of the editor");
    expect(await s.page.getAttribute('[data-testid="tab-toggle"]', "aria-pressed")).toBe("true");
    expect(await inEditor()).toBe(true);
    await s.page.keyboard.press("Tab");
    expect(await inEditor()).toBe(false);
    expect(await s.page.evaluate(() => document.activeElement?.tagName)).toBe("BUTTON");
    expect(await editorText(s.page)).toBe(before);
    // Back in the editor, Ctrl+M makes Tab indent again.
    await cursorInto(s.page, '"within"', 2);
    await s.page.keyboard.press("Control+m");
    await expect.poll(() => hint.textContent()).toContain("Tab indents here");
    expect(await s.page.getAttribute('[data-testid="tab-toggle"]', "aria-pressed")).toBe("false");
  });

  it("made no request outside 127.0.0.1 in all of the above", () => {
    expect(foreignRequests(s.requests)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
