// Shared pieces of the browser tests: Debian's Chromium through playwright-core, one isolated browser
// context per person (its own sessionStorage, like a separate browser), sign-in with the dev token endpoint,
// screenshots, and a clear failure when the stack is not running.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BASE_URL = (process.env.PARLEY_URL || 'http://localhost:8080').replace(/\/$/, '');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.resolve(HERE, '..', 'screenshots');
/** Generous: the whole stack shares two cores with the browser. */
export const WAIT = Number(process.env.E2E_TIMEOUT_MS || 20000);
/** Unique per run, so tickets and threads of earlier runs never match. */
export const RUN = process.env.E2E_RUN_ID || Date.now().toString(36);
/** Every person's window: E2E_VIEWPORT=375x740 runs the same flows on a phone-sized screen. */
const [VIEW_W, VIEW_H] = (process.env.E2E_VIEWPORT || '1280x860').split('x').map(Number);
export const VIEWPORT = { width: VIEW_W, height: VIEW_H };

// playwright-core's launch() already gives Chromium a fresh, empty --user-data-dir of its own.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH or run deploy/e2e/run.sh)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Fails fast with a readable message when nothing answers at BASE_URL. */
export async function requireStack() {
  try {
    const res = await fetch(`${BASE_URL}/index.html`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`GET /index.html answered ${res.status}`);
  } catch (e) {
    throw new Error(`The Parley stack is not reachable at ${BASE_URL} (${e.message}). Start it with deploy/local/run.sh, `
      + 'or point PARLEY_URL at a running gateway.');
  }
}

export async function mintToken(identity) {
  const res = await fetch(`${BASE_URL}/api/dev/tokens`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: identity.userId, name: identity.name, roles: identity.roles }),
  });
  if (!res.ok) throw new Error(`POST /api/dev/tokens answered ${res.status}: ${await res.text()}`);
  const body = await res.json();
  return body.token;
}

/**
 * Opens `app` ('widget' | 'dashboard' | 'seller') in a fresh browser context signed in as `identity`
 * ({userId, name, roles}): for the widget, the demo shop's signed-in customer (the shop's login gets the token);
 * for the other apps, the demo session the landing page would store (dev token), put in sessionStorage first.
 */
export async function openAs(browser, app, identity, { viewport = VIEWPORT } = {}) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(WAIT);
  let key;
  let value;
  if (app === 'widget') {
    // a storefront customer: signed in to the demo shop, whose login hands the widget its token
    key = 'demo-shop.customer';
    value = { customerId: identity.userId, name: identity.name, roles: identity.roles };
  } else {
    key = `parley.session.${app}`;
    value = { token: await mintToken(identity), userId: identity.userId, name: identity.name, roles: identity.roles, identityKey: null };
  }
  await context.addInitScript(([k, v]) => {
    if (!sessionStorage.getItem(k)) sessionStorage.setItem(k, v);
  }, [key, JSON.stringify(value)]);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(`${BASE_URL}/${app}/index.html`);
  await waitConnected(page);
  return page;
}

/** Waits until the page's socket is open. */
export async function waitConnected(page) {
  await page.locator('[data-testid="connection"][data-state="open"]').waitFor({ timeout: WAIT });
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Polls `fn` until it returns a truthy value (no fixed sleeps). */
export async function eventually(fn, { timeout = WAIT, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`Timed out after ${timeout} ms waiting for ${message} (last: ${last})`);
}

/** Texts of the messages shown in a page's open chat, in display order. */
export async function messageTexts(page) {
  return page.locator('[data-testid="messages"] [data-testid="message-text"]').allTextContents();
}

/** A 64×64 PNG (a colour gradient) built in memory, for the attachment test. */
export function tinyPng(size = 64) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const o = y * (size * 3 + 1) + 1 + x * 3;
      raw[o] = 47 + x * 2; raw[o + 1] = 91 + y; raw[o + 2] = 234;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
