// Test helper: headless Debian Chromium through playwright-core, with console errors and dialogs collected per page.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { chromiumArgs } from "../../scripts/chromium-args.js";
import { startServer, type TestServer } from "./_server.js";

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
export interface PageOptions {
  width?: number;
  height?: number;
  touch?: boolean;
}

export async function openPage(browser: Browser, options: PageOptions = {}): Promise<WatchedPage> {
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

/** A suite's viewer: a server and a browser started once per file, and pages closed after each test. */
export interface ViewerSuite {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Opens the viewer at `query` in a fresh page and waits until it is ready. */
  open(query?: string, options?: PageOptions): Promise<WatchedPage>;
}

/** Registers the suite's hooks; `dataDir` is the graph-data directory to serve (the curated data when omitted). */
export function viewerSuite(dataDir?: string): ViewerSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let current: WatchedPage | null = null;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(dataDir), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`viewerSuite: the ${what} starts in beforeAll`);
    return value;
  };
  const suite: ViewerSuite = {
    get server() {
      return started(server, "server");
    },
    get browser() {
      return started(browser, "browser");
    },
    async open(query = "/", options = {}) {
      current = await openPage(suite.browser, options);
      await current.page.goto(`${suite.server.url}${query}`);
      await waitForViewer(current.page);
      return current;
    },
  };
  return suite;
}
