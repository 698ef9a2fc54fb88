// Test helper: headless Debian Chromium through playwright-core, with console errors and dialogs collected per page.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { chromiumArgs } from "../../scripts/chromium-args.js";


export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions, failed requests and dialogs seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** Opens a page in a fresh context and records everything that would count as an error for a user. */
export async function openPage(browser: Browser, options: { width?: number; height?: number; touch?: boolean } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    acceptDownloads: true,
    deviceScaleFactor: 1,
    hasTouch: options.touch ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog opened: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "";
    // Downloads are handed over to the download manager, which aborts the page request.
    if (failure.includes("ERR_ABORTED")) return;
    problems.push(`request failed: ${request.url()} ${failure}`);
  });
  return { page, context, problems, close: () => context.close() };
}

/** Waits until the viewer has loaded its data and mounted its panels. */
export async function waitForViewer(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === "true" && Boolean(window.__actorGraph?.ready), null, { timeout: 20_000 });
}
