// Test helper: headless Debian Chromium through playwright-core, with console errors and dialogs collected per page.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { chromiumArgs } from "../../scripts/chromium-args.js";
import { colourStats, decodePng } from "./_png.js";
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

/** The camera once it has stopped moving (fits and flights animate; a loaded machine slows them down). */
export async function settledCamera(page: Page): Promise<unknown> {
  let last = await page.evaluate(() => window.__actorGraph!.camera());
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const now = await page.evaluate(() => window.__actorGraph!.camera());
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/**
 * The colour statistics of a screenshot of `selector` once it shows a drawn graph (at least `distinct` colours and a
 * `share` of non-background pixels), or the last ones after 10 s: sigma draws on animation frames, later on a loaded machine.
 */
export async function paintedStats(page: Page, selector: string, distinct: number, share: number): Promise<{ distinct: number; nonBackground: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stats = colourStats(decodePng(await page.locator(selector).screenshot()));
    if ((stats.distinct > distinct && stats.nonBackground > share) || Date.now() > deadline) return stats;
    await page.waitForTimeout(200);
  }
}

/** A suite's viewer: a server and a browser started once per file, and pages closed after each test. */
export interface ViewerSuite<S extends TestServer = TestServer> {
  readonly server: S;
  readonly browser: Browser;
  /** Opens the viewer at `query` in a fresh page and waits until it is ready. */
  open(query?: string, options?: PageOptions): Promise<WatchedPage>;
  /** A fresh watched page that has not navigated anywhere (for pages other than the viewer). */
  page(options?: PageOptions): Promise<WatchedPage>;
}

export interface SuiteOptions<S extends TestServer> {
  /** The graph-data directory to serve, or a function that writes one in beforeAll (the curated data when omitted). */
  data?: string | (() => Promise<string>);
  /** Starts the service over the data (the read-only test server by default; the edit tests start an editable one). */
  start?: (dataDir: string | undefined) => Promise<S>;
  /** Runs after the server and browser are closed (to remove what `data` wrote). */
  cleanup?: () => Promise<void>;
}

/** Registers the suite's hooks: one server and one browser per file, every page it opened closed after each test. */
export function viewerSuite<S extends TestServer = TestServer>(options: string | SuiteOptions<S> = {}): ViewerSuite<S> {
  const { data, start = startServer as unknown as NonNullable<SuiteOptions<S>["start"]>, cleanup } = typeof options === "string" ? { data: options } : options;
  let server: S | undefined;
  let browser: Browser | undefined;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    const dataDir = typeof data === "function" ? await data() : data;
    [server, browser] = await Promise.all([start(dataDir), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`viewerSuite: the ${what} starts in beforeAll`);
    return value;
  };
  const suite: ViewerSuite<S> = {
    get server() {
      return started(server, "server");
    },
    get browser() {
      return started(browser, "browser");
    },
    async page(pageOptions = {}) {
      const watched = await openPage(suite.browser, pageOptions);
      pages.push(watched);
      return watched;
    },
    async open(query = "/", pageOptions = {}) {
      const watched = await suite.page(pageOptions);
      await watched.page.goto(`${suite.server.url}${query}`);
      await waitForViewer(watched.page);
      return watched;
    },
  };
  return suite;
}
