/**
 * The simulator in real Chromium: a scenario case drawn on the timeline (R1 breached),
 * decisions explained on click, quick lines, the scenario tests run in the page, and a
 * simulation worker that cannot run reported as such.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { join } from "node:path";
import { shippedCaseCount } from "./support/policies.js";
import { foreignRequests, openBrowser, screenshotDir, waitForEditor, type Session } from "./support/browser.js";
import { typeOver } from "./support/editor.js";

/** The restaurant policy's scenario cases, counted from its file (they grow as cases are added). */
const DINING_CASES = shippedCaseCount("restaurant-dining");

let s: Session;

beforeAll(async () => {
  s = await openBrowser(inject("previewUrl"), { width: 1500, height: 1300 });
  await s.page.evaluate(() => localStorage.clear());
  await s.page.reload();
  await waitForEditor(s.page);
});

afterAll(async () => {
  await s?.close();
});

const CASE = "R1 breach is a fact at 12:02:00 even when no later event ever arrives";

/** The full name of the scenario case that starts with `prefix`. */
async function caseLabel(prefix: string): Promise<string> {
  const labels = await s.page.$$eval('select[aria-label="Case"] option', (os) => os.map((o) => o.textContent ?? ""));
  const label = labels.find((l) => l.startsWith(prefix));
  if (!label) throw new Error(`no case "${prefix}…" in ${JSON.stringify(labels)}`);
  return label;
}

describe("simulator", () => {
  it("shows R1 breached on the timeline for the breach scenario", async () => {
    await s.page.selectOption('select[aria-label="Case"]', { label: CASE });
    const r1 = s.page.locator('svg.timeline g.row[data-key="R1"]');
    await expect.poll(() => r1.locator(".bar").first().getAttribute("data-status")).toBe("breached");
    expect(await r1.locator(".mark-breach").count()).toBe(1);
    expect(await r1.locator(".overrun").count()).toBe(1);
    await r1.locator(".bar").first().click();
    const detail = await s.page.textContent('[data-testid="decision-detail"]');
    expect(detail).toContain("breached");
    expect(detail).toContain("no guest.greeted within 2 min");
    expect(detail).toContain("guest.seated");
    await s.page.locator("section.simulator").screenshot({ path: join(screenshotDir, "authoring-timeline.png") });
  });

  it("draws met and breached apart for drinks served at different times", async () => {
    await s.page.selectOption('select[aria-label="Case"]', { label: "two drinks ordered together and served apart: one met, one breached; R4 waits for the last" });
    const statuses = async () => s.page.$$eval('svg.timeline g.row[data-key^="R2/"] .bar', (bars) => bars.map((b) => b.getAttribute("data-status")).sort());
    await expect.poll(statuses).toEqual(["breached", "met"]);
  });

  it("runs the policy's scenario tests in the page, and a change that breaks one shows it failing", async () => {
    const results = s.page.locator('[data-testid="scenario-results"]');
    await expect.poll(() => results.locator("h3").textContent()).toMatch(new RegExp(`\\b${DINING_CASES} passed, 0 failed`));
    await typeOver(s.page, '"PT2M"', '"PT3M"');
    await expect.poll(() => results.locator("h3").textContent()).toMatch(/[1-9]\d* failed/);
    expect(await results.locator('li.fail').first().textContent()).toContain("R1");
    await typeOver(s.page, '"PT3M"', '"PT2M"');
    await expect.poll(() => results.locator("h3").textContent()).toMatch(new RegExp(`\\b${DINING_CASES} passed, 0 failed`));
  });

  it("simulates quick lines typed by hand", async () => {
    await s.page.click('button[role="tab"]:has-text("Quick lines")');
    await s.page.fill('textarea[aria-label="Quick lines"]', "guest.seated at 12:00");
    // The small form appends a line: pick the type and the time, press Add.
    await s.page.selectOption('[data-testid="quick-form"] select[aria-label="Event type"]', "guest.greeted");
    await s.page.fill('[data-testid="quick-form"] input[type="time"]', "12:01:30");
    await s.page.click('[data-testid="quick-form"] button');
    expect(await s.page.inputValue('textarea[aria-label="Quick lines"]')).toBe("guest.seated at 12:00\nguest.greeted at 12:01:30");
    const r1 = s.page.locator('svg.timeline g.row[data-key="R1"]');
    await expect.poll(() => r1.locator(".bar").first().getAttribute("data-status")).toBe("met");
    expect(await s.page.textContent('[data-testid="sim-summary"]')).toContain("2 events");
  });

  it("draws escalation levels as steps and a queue violation as a mark", async () => {
    await s.page.selectOption('select[aria-label="Open policy"]', "shipped:complaint-handling");
    await s.page.click('button[role="tab"]:has-text("Scenario case")');
    await s.page.selectOption('select[aria-label="Case"]', { label: await caseLabel("a media risk makes it hot") });
    const c1 = s.page.locator('svg.timeline g.row[data-key="C1"]');
    await expect.poll(() => c1.locator(".step").evaluateAll((steps) => steps.map((x) => x.getAttribute("data-level")))).toEqual(["hot", "major"]);
    await c1.locator(".steps").click();
    expect(await s.page.textContent('[data-testid="decision-detail"]')).toContain("major");

    await s.page.selectOption('select[aria-label="Open policy"]', "shipped:bank-branch");
    await s.page.selectOption('select[aria-label="Case"]', { index: 0 });
    await expect.poll(() => s.page.locator('svg.timeline g.row[data-key^="Q1"] .mark-violation').count()).toBe(1);
    await s.page.locator('svg.timeline g.row[data-key^="Q1"] .mark-violation').click();
    expect(await s.page.textContent('[data-testid="decision-detail"]')).toContain("violation");
  });

  it("shows a worker that cannot run as a message instead of waiting forever", async () => {
    const other = await openBrowser(inject("previewUrl"), { width: 1500, height: 1000 }, async (context) => {
      await context.route(/simulate\.worker/, (route) => route.abort());
    });
    try {
      await waitForEditor(other.page);
      await expect.poll(() => other.page.locator('[data-testid="sim-fault"]').textContent(), { timeout: 15_000 }).toMatch(/^The simulation stopped: /);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("made no request outside 127.0.0.1", () => {
    expect(foreignRequests(s.requests)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
