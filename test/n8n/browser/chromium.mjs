// Debian's chromium driven by playwright-core (no browser download): headless, offline, a fresh
// profile per context, and a small check list shared by the browser suites.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors } from 'playwright-core';

// n8n's editor marks its elements with data-test-id.
selectors.setTestIdAttribute('data-test-id');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser context with its own fresh profile (--user-data-dir), removed on close. */
export async function freshContext(options = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run bash scripts/n8n/ensure-chromium.sh`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(30_000);
  const close = context.close.bind(context);
  context.close = async () => {
    await close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

/** TAP-like checks: `ok - …` / `not ok - …`, counted; a failed check does not stop the suite. */
export function checkList(log = console.log) {
  const counts = { passed: 0, failed: 0 };
  const check = (name, cond, detail = '') => {
    if (cond) counts.passed += 1;
    else counts.failed += 1;
    log(`${cond ? 'ok' : 'not ok'} - ${name}${cond || !detail ? '' : `: ${detail}`}`);
    return cond;
  };
  return { check, counts };
}

export const show = (v) => JSON.stringify(v)?.slice(0, 600);
