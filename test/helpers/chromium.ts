/**
 * Test helper: Debian's headless Chromium driven by playwright-core, for tests that must see
 * a page the way a browser renders it (the backtest HTML report). Playwright's own browser
 * download cannot run here, so the system binary is used; a missing binary is a failure that
 * says how to install it, never a skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags that keep Chromium quiet on a machine without a network or a GPU. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** `CHROMIUM_PATH` from the environment, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env['CHROMIUM_PATH'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

/**
 * A headless Chromium with a fresh profile in a temp dir (removed on close).
 * @example const b = await launchChromium(process.env); const page = await b.context.newPage(); await b.close();
 */
export async function launchChromium(env: Readonly<Record<string, string | undefined>>): Promise<TestBrowser> {
  const executablePath = chromiumPath(env);
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath} (set CHROMIUM_PATH to use another binary); install Debian's package with ` +
        '`apt-get update && apt-get install -y chromium` (`bash .ci/run` does this)',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'keeper-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS, acceptDownloads: true });
    return {
      context,
      async close() {
        try {
          await context.close();
        } finally {
          rmSync(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (cause) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`cannot start Chromium at ${executablePath}`, { cause });
  }
}
