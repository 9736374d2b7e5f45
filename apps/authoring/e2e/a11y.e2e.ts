/**
 * Accessibility and layout in real Chromium, against the real runtime: axe-core (read
 * from node_modules and injected into the page, never fetched) on every view — edit &
 * simulate, the form view, sign-in, versions, the activation dialog, compare — at 1440×900 and
 * 390×844, in English and Chinese. No serious or critical violation may remain. At
 * 390 px the editor keeps its height, the timeline the width of the screen, the
 * history its Open/Activate buttons, and nothing scrolls sideways. Screenshots of each
 * view go to .ci/out/authoring-a11y-*.png.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { foreignRequests, openBrowser, screenshot, screenshotDir, waitForEditor, type Session } from "./support/browser.js";
import { repoRoot } from "./support/servers.js";

const runtimeUrl = inject("runtimeUrl");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

declare global {
  interface Window {
    axe?: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }> };
  }
}

/** axe's serious and critical violations on the page as it is now, as "impact id: where". */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not added as an inline <script>: the app's CSP
  // (rightly) refuses inline scripts, and the test must not weaken it.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(`${axeSource}\n;true`);
  return page.evaluate(async () => {
    const r = await window.axe!.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`);
  });
}

/**
 * What makes the page wider than the window (it would scroll sideways on a phone): []
 * when nothing does, else the outermost elements that stick out.
 */
async function overflowX(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    const out = (e: Element | null) => e !== null && e.getBoundingClientRect().right > window.innerWidth + 0.5;
    return [...document.querySelectorAll("body *")]
      .filter((e) => out(e) && !out(e.parentElement))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right=${Math.round(e.getBoundingClientRect().right)}`);
  });
}

async function publishTwoVersions(): Promise<void> {
  const doc = JSON.parse(readFileSync(join(repoRoot, "policies/promises.policy.json"), "utf8")) as { title: { en: string; "zh-CN": string } };
  const second = { ...doc, title: { ...doc.title, en: `${doc.title.en} (reviewed)` } };
  for (const [policy, message] of [[doc, "as shipped"], [second, "title reviewed"]] as const) {
    const res = await fetch(`${runtimeUrl}/v1/policies/promises/versions`, {
      method: "POST",
      headers: { authorization: `Bearer ${inject("managerKey")}`, "content-type": "application/json" },
      body: JSON.stringify({ policy, message }),
    });
    expect(res.ok, `publish promises: ${res.status} ${await res.text()}`).toBe(true);
  }
  const res = await fetch(`${runtimeUrl}/v1/policies/promises/activate`, {
    method: "POST",
    headers: { authorization: `Bearer ${inject("managerKey")}`, "content-type": "application/json" },
    body: JSON.stringify({ version: 1 }),
  });
  expect(res.ok, `activate promises v1: ${res.status}`).toBe(true);
}

const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;
const LANGS = ["en", "zh-CN"] as const;

beforeAll(async () => {
  if (!runtimeUrl) throw new Error(`runtime unavailable: ${inject("runtimeError")}`);
  await publishTwoVersions();
});

describe.each(SIZES.flatMap((size) => LANGS.map((lang) => ({ size, lang }))))("every view at $size.width×$size.height in $lang", ({ size, lang }) => {
  let s: Session;
  const name = (view: string) => `authoring-a11y-${view}-${size.width}-${lang}.png`;
  const narrow = size.width < 800;
  const tab = (i: number) => s.page.locator('nav.tabs button[role="tab"]').nth(i);

  beforeAll(async () => {
    s = await openBrowser(runtimeUrl!, size);
    await s.page.evaluate((lang) => {
      localStorage.clear();
      localStorage.setItem("yardstick.lang", lang);
    }, lang);
    await s.page.reload();
    await waitForEditor(s.page);
    await s.page.selectOption("header select >> nth=0", "shipped:promises");
    await waitForEditor(s.page);
  });

  afterAll(async () => {
    await s?.close();
  });

  it("edit & simulate", async () => {
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe(lang);
    await s.page.waitForSelector("svg.timeline g.row .bar");
    if (narrow) {
      // The editor keeps a usable height, the timeline the screen's width.
      const editor = (await s.page.locator('[data-testid="policy-editor"]').boundingBox())!;
      expect(editor.height).toBeGreaterThanOrEqual(300);
      expect(editor.width).toBeGreaterThanOrEqual(size.width - 40);
      const timeline = (await s.page.locator("svg.timeline").boundingBox())!;
      expect(timeline.width).toBeGreaterThanOrEqual(320);
      expect(timeline.x + timeline.width).toBeLessThanOrEqual(size.width);
    }
    expect(await overflowX(s.page)).toEqual([]);
    await screenshot(s.page, name("edit"), narrow);
    expect(await seriousViolations(s.page)).toEqual([]);
    // With a decision's detail open.
    await s.page.locator("svg.timeline g.row .bar").first().click();
    await s.page.waitForSelector('[data-testid="decision-detail"]');
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it("the form view", async () => {
    await s.page.locator(".side-switch button").nth(1).click();
    await s.page.waitForSelector('[data-testid="standard-form"] fieldset');
    expect(await overflowX(s.page)).toEqual([]);
    // With a condition builder open.
    await s.page.locator('[data-testid="add-when-start"]').first().click();
    await s.page.waitForSelector('[data-testid="condition-builder"] .rule');
    expect(await overflowX(s.page)).toEqual([]);
    await s.page.locator('[data-testid="standard-form"]').screenshot({ path: join(screenshotDir, name("form")) });
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.page.locator('[data-testid="standard-form"] fieldset button.link:has-text("' + (lang === "en" ? "no condition" : "不设条件") + '")').first().click();
    await expect.poll(() => s.page.locator('[data-testid="condition-builder"]').count()).toBe(0);
    await s.page.locator(".side-switch button").nth(0).click();
  });

  it("sign-in", async () => {
    await tab(1).click();
    await s.page.waitForSelector("form.sign-in");
    expect(await overflowX(s.page)).toEqual([]);
    await screenshot(s.page, name("sign-in"));
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it("versions, signed in as a manager", async () => {
    await s.page.fill('form.sign-in input[type="password"]', inject("managerKey"));
    await s.page.click('form.sign-in button[type="submit"]');
    const row = s.page.locator('[data-testid="history"] tr[data-version="2"]');
    await row.waitFor();
    // Open and Activate are on screen, not cut off.
    for (const button of [row.locator("button").nth(0), row.locator("button").nth(1)]) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    }
    expect(await overflowX(s.page)).toEqual([]);
    await screenshot(s.page, name("versions"), narrow);
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it("the activation dialog", async () => {
    await s.page.locator('[data-testid="history"] tr[data-version="2"] button').nth(1).click();
    await expect.poll(() => s.page.isEnabled('[data-testid="activate-confirm"]')).toBe(true);
    await s.page.waitForSelector('[data-testid="activate-dialog"] [data-testid="structural-changes"]');
    await screenshot(s.page, name("activate"));
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.page.keyboard.press("Escape");
    await expect.poll(() => s.page.locator('[data-testid="activate-dialog"]').count()).toBe(0);
  });

  it("compare", async () => {
    await tab(2).click();
    await s.page.click("section.diff .row-inputs button >> nth=0");
    await s.page.waitForSelector('[data-testid="diff-editor"] .monaco-diff-editor');
    await s.page.waitForSelector('[data-testid="behaviour-changes"]');
    expect(await overflowX(s.page)).toEqual([]);
    await screenshot(s.page, name("compare"), narrow);
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it("made no request outside 127.0.0.1 and raised no page error", () => {
    expect(foreignRequests(s.requests)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});

describe("first load", () => {
  it("needs at most 1.5 MB of JavaScript before the first view draws; Monaco comes in its own chunk", () => {
    // What index.html loads before anything else: its entry script and module preloads.
    const dist = join(repoRoot, "apps/authoring/dist");
    const html = readFileSync(join(dist, "index.html"), "utf8");
    const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const bytes = scripts.reduce((n, f) => n + readFileSync(join(dist, f)).length, 0);
    expect(scripts.length).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    // Monaco's editor core is not among them.
    expect(scripts.some((f) => readFileSync(join(dist, f), "utf8").includes("DiffEditorWidget"))).toBe(false);
  });
});
