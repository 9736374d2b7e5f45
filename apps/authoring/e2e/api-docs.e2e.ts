/**
 * The runtime's /docs in real Chromium: Swagger UI (served by the runtime from
 * swagger-ui-dist, nothing fetched from elsewhere) renders /openapi.json under the
 * runtime's CSP with no page error, lists the operations, and "Try it out" on GET
 * /v1/keys/me with an auditor key authorised answers 200 from the live runtime.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { foreignRequests, openBrowser, screenshot, type Session } from "./support/browser.js";

const runtimeUrl = inject("runtimeUrl");
const auditorKey = inject("auditorKey");

describe("API docs (/docs) in Chromium", () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser(`${runtimeUrl}/docs`);
  });
  afterAll(async () => s?.close());

  it("renders every operation with Swagger UI, and tries one against the runtime", async () => {
    const { page } = s;
    await page.locator(".opblock").first().waitFor({ timeout: 30_000 });
    const summaries = await page.locator(".opblock-summary-path").allInnerTexts();
    expect(summaries.map((t) => t.replace(/\u200b/g, ""))).toEqual(expect.arrayContaining(["/v1/events", "/v1/decisions/stream-tokens", "/v1/webhooks", "/v1/reports/compliance", "/v1/keys/me"]));
    // Authorise with the key, then try GET /v1/keys/me.
    await page.locator("button.authorize").first().click();
    await page.locator(".auth-container input").first().fill(auditorKey);
    await page.locator(".auth-btn-wrapper button.authorize").first().click();
    await page.locator("button.btn-done, .close-modal").first().click();
    const op = page.locator(".opblock-get", { has: page.locator(".opblock-summary-path", { hasText: /^\/v1\/keys\/me$/ }) }).first();
    await op.locator(".opblock-summary").click();
    await op.locator("button.try-out__btn").click();
    await op.locator("button.execute").click();
    const code = op.locator(".live-responses-table tbody .response-col_status").first();
    await code.waitFor({ timeout: 15_000 });
    expect((await code.innerText()).trim()).toBe("200");
    expect(await op.locator(".live-responses-table .microlight, .live-responses-table pre").first().innerText()).toContain('"role": "auditor"');
    await screenshot(page, "runtime-docs.png");
    expect(s.errors).toEqual([]);
    expect(foreignRequests(s.requests)).toEqual([]);
  });
});
