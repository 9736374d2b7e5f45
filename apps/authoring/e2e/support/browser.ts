/**
 * Real Chromium through playwright-core, with the flags from TOOLCHAIN.md: CHROMIUM_PATH,
 * else Debian's /usr/bin/chromium, else the one bundled in @sparticuz/chromium
 * (scripts/test-services.mjs). Every request the page (and its workers) makes is recorded, so a
 * test can assert that nothing leaves 127.0.0.1.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromiumPath } from "../../../../scripts/test-services.mjs";
import { repoRoot } from "./servers.js";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export const screenshotDir = join(repoRoot, ".ci/out");

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL requested so far. */
  requests: string[];
  /** Uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** `prepare` runs before the page opens (to route requests, say). */
export async function openBrowser(url: string, viewport = { width: 1500, height: 1000 }, prepare?: (context: BrowserContext) => Promise<void>): Promise<Session> {
  const found = await chromiumPath();
  const browser = await chromium.launch({ executablePath: found.path, args: [...ARGS, ...found.args] }).catch((e: Error) => {
    throw new Error(`Chromium from ${found.source} (${found.path}) did not launch: ${e.message}`);
  });
  const context = await browser.newContext({ viewport, locale: "en-US" });
  await prepare?.(context);
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  return { browser, context, page, requests, errors, close: () => browser.close() };
}

/** URLs that went anywhere but 127.0.0.1 (data: and blob: URLs stay in the page). */
export function foreignRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => {
    const parsed = new URL(u);
    if (parsed.protocol === "data:" || parsed.protocol === "blob:") return false;
    return parsed.hostname !== "127.0.0.1";
  });
}

/** Saves a screenshot in .ci/out/; `fullPage` takes the whole scrollable page. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, name);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Waits until Monaco is up and the engine has published its first check. */
export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__yardstick?.editor()?.getModel()), null, { timeout: 30_000 });
  await page.waitForSelector(".problems h2", { timeout: 30_000 });
}

/** The engine's markers ("yardstick" owner) as `code line:col`. */
export async function engineMarkers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const y = window.__yardstick!;
    const model = y.editor()!.getModel()!;
    return y.monaco.editor
      .getModelMarkers({ resource: model.uri, owner: "yardstick" })
      .map((m) => `${typeof m.code === "string" ? m.code : m.code?.value} ${m.startLineNumber}:${m.startColumn}`);
  });
}
