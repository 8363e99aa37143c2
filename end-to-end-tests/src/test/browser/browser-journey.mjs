// What every browser journey shares (PrivacyCenterIT's privacy-center.mjs, SignUpIT's sign-up.mjs): its settings from
// the environment, timestamped steps, screenshots kept as artefacts, and one headless Chromium on a fresh profile that
// screenshots every open page when a check fails and exits non-zero then.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TIMEOUT = 60_000;

/** An environment variable the journey cannot run without. */
export function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}`);
  return value;
}

export function step(text) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
}

/** A full-page screenshot in ARTIFACTS. */
export async function shot(page, name) {
  await page.screenshot({ path: join(required('ARTIFACTS'), `${name}.png`), fullPage: true });
}

/**
 * Runs `journey(context)` in headless Chromium (CHROMIUM, default /usr/bin/chromium) on a fresh profile (no cookies,
 * cache or sessions from an earlier run), then exits: 0 when every check passed, 1 after screenshotting each open page
 * (`describe(page)` adds what the log says of it).
 */
export async function runJourney(journey, { contextOptions = {}, describe = async () => '' } = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), 'kidsafe-chromium-'));
  mkdirSync(required('ARTIFACTS'), { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  context.setDefaultTimeout(TIMEOUT);
  let failed = false;
  try {
    await journey(context);
    step('all checks passed');
  } catch (error) {
    failed = true;
    console.error(error);
    for (const [index, page] of context.pages().entries()) {
      console.error(`page ${index} at ${page.url()}${await describe(page)}`);
      await shot(page, `failure-${index}`).catch(() => {});
    }
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
