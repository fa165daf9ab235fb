// Shared helpers of the API sweeps: plain fetch against a running Parley stack, through the gateway only.
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { writeFileSync, appendFileSync } from 'node:fs';

export const BASE = (process.env.PARLEY_URL || 'http://localhost:8080').replace(/\/$/, '');
// per-run suffix: earlier runs' data never matches this run's users
export const RUN = process.env.E2E_RUN_ID || crypto.randomUUID().slice(0, 8);
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 20000);

let rateLimitWaits = 0;
/** How often a call waited out a 429 (Retry-After) before its real answer. */
export const rateLimitWaitCount = () => rateLimitWaits;

// ---------------------------------------------------------------------------------------------------
// PARLEY_AUTH=session: staff, admins and sellers call as a browser would after signing in with a password
// (a session cookie and the X-XSRF-TOKEN header), through the gateway's OIDC sign-in at the local identity
// provider; customers and buyers keep bearer tokens (the storefront's). Their "token" is then a handle,
// `session:<n>`, to a cookie jar.
// ---------------------------------------------------------------------------------------------------

export const AUTH = process.env.PARLEY_AUTH === 'session' ? 'session' : 'bearer';
/** The demo accounts of the identity provider that stand in for the sweeps' staff, admin and seller. */
const ACCOUNTS = {
  staff: ['staff-binh', 'binh-parley', ['STAFF']],
  'other-staff': ['staff-chau', 'chau-parley', ['STAFF']],
  admin: ['admin-dung', 'dung-parley', ['STAFF', 'ADMIN']],
  seller: ['seller-techzone', 'techzone-parley', ['SELLER']],
};
const jars = [];

function cookieHeader(jar) {
  return [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
}

function remember(jar, res) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!value || attributes.some((a) => /max-age=0/i.test(a.trim()))) jar.delete(name);
    else jar.set(name, value);
  }
}

/** Signs in at the gateway with a password, following every redirect by hand; returns a session handle. */
async function signInWithPassword(username, password) {
  const gateway = new Map();
  const provider = new Map();
  const hop = async (url, jar, options = {}) => {
    const res = await fetch(url, { redirect: 'manual', ...options,
      headers: { Accept: 'text/html', ...(options.headers || {}), Cookie: cookieHeader(jar) } });
    remember(jar, res);
    return res;
  };
  const next = (res, base) => new URL(res.headers.get('location'), base).toString();
  let res = await hop(`${BASE}/auth/sign-in?return=%2F`, gateway);
  res = await hop(next(res, BASE), gateway);
  const authorize = next(res, BASE);
  res = await hop(authorize, provider);
  res = await hop(next(res, authorize), provider);
  const csrf = ((await res.text()).match(/name="_csrf" value="([^"]+)"/) || [])[1];
  assert.ok(csrf, `the sign-in page of ${authorize}`);
  res = await hop(new URL('/login', authorize).toString(), provider, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
  res = await hop(next(res, authorize), provider);
  const callback = next(res, authorize);
  assert.ok(callback.startsWith(BASE), `back to the gateway after signing in ${username}: ${callback}`);
  res = await hop(callback, gateway);
  res = await hop(`${BASE}/api/me`, gateway, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, `${username} signed in`);
  jars.push(gateway);
  return `session:${jars.length - 1}`;
}

function sessionJar(token) {
  return typeof token === 'string' && token.startsWith('session:') ? jars[Number(token.slice(8))] : null;
}

/** One HTTP call. body: object (JSON), string or Buffer (sent as is), or undefined. Never throws on a status. */
export async function call(token, method, path, body, { contentType, headers = {} } = {}) {
  const h = { ...headers };
  const jar = sessionJar(token);
  if (jar) {
    h.Cookie = cookieHeader(jar);
    if (method !== 'GET' && method !== 'HEAD') h['X-XSRF-TOKEN'] = jar.get('XSRF-TOKEN') || '';
  } else if (token) {
    h.Authorization = `Bearer ${token}`;
  }
  let payload;
  if (body !== undefined && body !== null) {
    if (typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array || body instanceof FormData) {
      payload = body;
    } else {
      payload = JSON.stringify(body);
    }
    if (contentType !== null && !(body instanceof FormData)) h['Content-Type'] = contentType || 'application/json';
  } else if (contentType) {
    h['Content-Type'] = contentType;
  }
  let res;
  // these sweeps do not test rate limits (the gateway's own tests do): a 429 is pacing, so wait as told and resend
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(BASE + path, { method, headers: h, body: payload, signal: AbortSignal.timeout(30000) });
    } catch (e) {
      return { status: 599, text: `no answer: ${e.cause?.code || e.message}`, json: null, headers: new Headers() };
    }
    if (res.status !== 429 || attempt >= 30) break;
    rateLimitWaits++;
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number(res.headers.get('retry-after')) || 1, 15) * 1000));
  }
  if (jar) remember(jar, res);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, text, json, headers: res.headers };
}

/** Mints a dev token (local profile of the gateway). */
export async function token(userId, roles, name = userId) {
  const r = await call(null, 'POST', '/api/dev/tokens', { userId, name, roles });
  assert.equal(r.status, 200, `dev token for ${userId}: ${r.status} ${r.text}`);
  return r.json.token;
}

/** A person of this run: { id, roles, token }. */
export async function person(label, ...roles) {
  const account = AUTH === 'session' && ACCOUNTS[label.replace(/^sweep-/, '')];
  if (account) {
    const [username, password, accountRoles] = account;
    return { id: username, roles: accountRoles, token: await signInWithPassword(username, password) };
  }
  const id = `api-${label}-${RUN}`;
  return { id, roles, token: await token(id, roles, `${label} ${RUN}`) };
}

/** Fails with a readable message when nothing answers at PARLEY_URL. */
export async function requireStack() {
  const r = await call(null, 'GET', '/actuator/health');
  if (r.status === 599) {
    throw new Error(`Nothing answers at ${BASE} (${r.text}). Start the stack: deploy/local/run.sh`);
  }
}

/** Polls fn until it returns a truthy value, with a deadline (no sleeps as waits). */
export async function eventually(fn, what, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export function short(text, n = 160) {
  const s = String(text ?? '');
  return s.length > n ? `${s.slice(0, n)}…(${s.length})` : s;
}

/** Asserts a problem detail: status in the expected set, RFC 9457 body with a code. */
export function assertProblem(r, statuses, label) {
  const expected = [].concat(statuses);
  assert.ok(expected.includes(r.status), `${label}: expected ${expected.join('/')}, got ${r.status} ${short(r.text)}`);
  const ct = r.headers.get('content-type') || '';
  assert.ok(ct.includes('application/problem+json'), `${label}: content-type ${ct}, body ${short(r.text)}`);
  assert.ok(r.json && typeof r.json.code === 'string' && r.json.code, `${label}: problem without code: ${short(r.text)}`);
}

/** A tiny valid PNG (1×1). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export function pngForm(name = 'pixel.png') {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), name);
  return form;
}

/** A browser-like Web Push subscription (a real P-256 public key, 16 bytes of auth). */
export function pushSubscription(label) {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `https://push.example.test/${label}/${RUN}/${crypto.randomUUID()}`,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') },
  };
}

/**
 * WebSocket handshake through the gateway with node:http (Node 20 has no WebSocket client):
 * resolves with the HTTP status (101 when upgraded).
 */
export function wsHandshake(tokenValue) {
  const jar = sessionJar(tokenValue);
  const url = new URL(BASE + '/ws' + (tokenValue && !jar ? `?access_token=${encodeURIComponent(tokenValue)}` : ''));
  return new Promise((resolve) => {
    const req = http.request({
      host: url.hostname, port: url.port || 80, path: url.pathname + url.search, method: 'GET',
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        ...(jar ? { Cookie: cookieHeader(jar) } : {}),
      },
      timeout: 15000,
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(101); });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('timeout', () => { req.destroy(); resolve(599); });
    req.on('error', () => resolve(599));
    req.end();
  });
}

/** Counts for run.sh's summary line (SUMMARY_FILE, one "key n" per line). */
export function report(key, n) {
  if (process.env.SUMMARY_FILE) appendFileSync(process.env.SUMMARY_FILE, `${key} ${n}\n`);
}
export { writeFileSync };

/**
 * Reads the server's WebSocket frames (unmasked, possibly split or several per chunk) from an upgraded socket
 * and calls onFrame(opcode, payload) for each; `head` is what arrived with the upgrade response.
 * onFrame returns false to stop reading (the socket is closing).
 */
export function readFrames(socket, head, onFrame) {
  let buf = head && head.length ? Buffer.from(head) : Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0] & 0x0f;
      let len = buf[1] & 0x7f;
      let offset = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); offset = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); offset = 10; }
      if (buf.length < offset + len) return;
      const payload = buf.subarray(offset, offset + len);
      buf = buf.subarray(offset + len);
      if (onFrame(opcode, payload) === false) return;
    }
  });
}

/**
 * A minimal WebSocket client (Node 20 has none built in): upgrades through the gateway and collects the text
 * frames the server sends as parsed JSON in `frames`. Enough for reading Parley's event frames; it never sends.
 */
export function wsConnect(tokenValue) {
  const jar = sessionJar(tokenValue);
  const url = new URL(BASE + '/ws' + (jar ? '' : '?access_token=' + encodeURIComponent(tokenValue)));
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port || 80, path: url.pathname + url.search, method: 'GET',
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        ...(jar ? { Cookie: cookieHeader(jar) } : {}),
      },
      timeout: 15000,
    });
    req.on('upgrade', (res, socket, head) => {
      const client = { frames: [], close: () => socket.destroy() };
      readFrames(socket, head, (opcode, payload) => {
        if (opcode === 1) {
          try { client.frames.push(JSON.parse(payload.toString('utf8'))); } catch { client.frames.push({ raw: payload.toString('utf8') }); }
        }
      });
      socket.on('error', () => {});
      resolve(client);
    });
    req.on('response', (res) => { res.resume(); reject(new Error(`WebSocket refused: ${res.statusCode}`)); });
    req.on('timeout', () => { req.destroy(); reject(new Error('WebSocket handshake timed out')); });
    req.on('error', reject);
    req.end();
  });
}

/** True when a frame is about the conversation (any field of its data names it). */
export function mentions(frame, conversationId) {
  return JSON.stringify(frame).includes(conversationId);
}
