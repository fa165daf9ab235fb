/*
 * parley.js — the one module through which the Parley web apps talk to the platform.
 *
 * The apps (served by the gateway from the same origin, no build step, ES modules):
 *   /index.html            landing page: links the apps, picks a demo identity (dev token endpoint)
 *   /widget/index.html     storefront: support chat widget (CUSTOMER) and "chat with the seller" (BUYER)
 *   /dashboard/index.html  staff support dashboard (STAFF, ADMIN): live pending list, the claim, chat, stats
 *   /seller/index.html     Seller Center inbox (SELLER): threads, thread view, response-rate figures
 *
 * Shared client modules (/shared/):
 *   parley.js  this file. Everything that knows the wire:
 *              - sessions, two kinds: a person signed in through the gateway (dashboard, Seller Center: an
 *                HttpOnly session cookie, no token anywhere in the page; a 401 or a closed session sends them
 *                to /auth/sign-in and back to the same route), or a demo identity + JWT per app per tab
 *                (sessionStorage, local stack only: the landing page's picker or ?as=), minted with
 *                POST /api/dev/tokens and re-minted once on a 401;
 *              - `api(path, options)`: fetch with the bearer token, JSON in/out, RFC 9457 problem details
 *                turned into `ApiError` (status, code, detail, problem); `describeError()` makes any error a
 *                readable Vietnamese sentence;
 *              - `Parley.*`: the REST calls the apps use (tickets, claim, lifecycle, messages, receipts,
 *                attachments, threads, counts, stats), each in one place so a contract detail changes here;
 *              - `RealtimeClient`: the /ws socket: token in the handshake, reconnect with capped exponential
 *                back-off + jitter, `resume` with the last seq seen per tracked conversation as the first frame
 *                of every connection, app-level ping, typing frames, frame normalisation (`normalizeMessage`,
 *                `normalizeConversation`, `unwrapFrame`) so the apps see one shape whatever the envelope.
 *   ui.js      DOM helpers: h(), toasts, time formatting, the identity bar, the connection badge,
 *              error panels.
 *   chat.js    ChatView: one conversation's message list + composer, shared by the three apps. Keeps
 *              messages in a Map by id, sorted by seq, de-duplicated across history pages, live frames,
 *              resume replays and optimistic sends (clientMessageId); typing indicator; read ticks;
 *              image attachments; "load older" paging; fills gaps over REST after a reconnect.
 *   catalog.js demo product / order cards for the storefront and Seller Center (there is no catalog API).
 *   parley.css the look: system font stack with full Vietnamese coverage, responsive to phone width.
 *
 * Rules the apps follow: only /api/** and /ws of the same origin; every error becomes a readable message
 * (toast or inline panel), never a blank screen; messages are ordered by seq and de-duplicated by id.
 */

import { t, lang, systemText, localizeMasks } from './i18n.js';

// ---------------------------------------------------------------------------------------------------
// Demo identities and sessions
// ---------------------------------------------------------------------------------------------------

/** The demo people of the local stack. `app` is the app each one is meant for. */
export const DEMO_IDENTITIES = [
  { key: 'customer-an', userId: 'customer-an', name: 'Nguyễn Văn An', roles: ['CUSTOMER'], app: 'widget',
    role: t('common.customer'), blurb: t('demo.an') },
  { key: 'staff-binh', userId: 'staff-binh', name: 'Trần Thị Bình', roles: ['STAFF'], app: 'dashboard',
    role: t('role.staff'), blurb: t('demo.binh') },
  { key: 'staff-chau', userId: 'staff-chau', name: 'Lê Minh Châu', roles: ['STAFF'], app: 'dashboard',
    role: t('role.staff'), blurb: t('demo.chau') },
  { key: 'admin-dung', userId: 'admin-dung', name: 'Phạm Quốc Dũng', roles: ['STAFF', 'ADMIN'], app: 'dashboard',
    role: t('role.admin'), blurb: t('demo.dung') },
  { key: 'buyer-ha', userId: 'buyer-ha', name: 'Hoàng Thu Hà', roles: ['BUYER'], app: 'widget',
    role: t('common.buyer'), blurb: t('demo.ha') },
  { key: 'seller-techzone', userId: 'seller-techzone', name: 'TechZone Official', roles: ['SELLER'], app: 'seller',
    role: t('role.seller'), blurb: t('demo.seller') },
];

export const APPS = {
  widget: { path: '/widget/index.html', title: t('app.widget'), roles: ['CUSTOMER', 'BUYER'] },
  dashboard: { path: '/dashboard/index.html', title: t('app.dashboard'), roles: ['STAFF', 'ADMIN'] },
  seller: { path: '/seller/index.html', title: 'Seller Center', roles: ['SELLER'] },
};

const SESSION_PREFIX = 'parley.session.';
let currentApp = null;
let currentSession = null;
const sessionListeners = new Set();

function readSession(app) {
  try {
    const raw = sessionStorage.getItem(SESSION_PREFIX + app);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function writeSession(app, session) {
  if (session) sessionStorage.setItem(SESSION_PREFIX + app, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_PREFIX + app);
}

/** Mints a token for any identity with the local stack's dev endpoint. */
export async function mintToken({ userId, name, roles }) {
  const body = await request('/api/dev/tokens', { method: 'POST', body: { userId, name, roles }, auth: false });
  const token = body && (body.token || body.accessToken || body.access_token);
  if (!token) throw new ApiError(502, { code: 'no_token', title: 'The token endpoint returned no token' });
  return token;
}

/** Signs this tab into `app` as `identity` ({userId, name, roles}); returns the stored session. */
export async function signIn(app, identity) {
  const token = await mintToken(identity);
  const session = {
    token, userId: identity.userId, name: identity.name, roles: [...identity.roles],
    identityKey: identity.key || null, signedInAt: new Date().toISOString(),
  };
  writeSession(app, session);
  if (app === currentApp) setCurrent(session);
  return session;
}

export function signOut(app = currentApp) {
  if (app === currentApp && isCookieSession()) return signOutOfSession();
  writeSession(app, null);
  if (app === currentApp) setCurrent(null);
}

function setCurrent(session) {
  currentSession = session;
  for (const fn of sessionListeners) fn(session);
}

export function onSessionChange(fn) {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
}

/**
 * Starts an app page: reads this tab's session for `app`. A `?as=<identity key>` in the URL signs in as
 * that demo identity first (the landing page's "open in a new tab" links use it), then is removed from
 * the address bar. Returns the session or null when nobody is signed in.
 */
export async function startApp(app) {
  currentApp = app;
  const url = new URL(location.href);
  const as = url.searchParams.get('as');
  if (as) {
    const identity = DEMO_IDENTITIES.find((i) => i.key === as);
    url.searchParams.delete('as');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    if (identity) {
      await signIn(app, identity);
      return rememberLanguage(currentSession);
    }
  }
  currentSession = readSession(app);
  if (currentSession || !SIGN_IN_APPS.includes(app)) return rememberLanguage(currentSession);
  return rememberLanguage(await startSignedInSession(url));
}

/**
 * Tells the server which language this person reads, so their e-mails and pushes use it too
 * (PUT /api/notifications/preferences/language). Best effort: a failure only leaves e-mails in the old language.
 */
function rememberLanguage(s) {
  if (s) request('/api/notifications/preferences/language', { method: 'PUT', body: { language: lang() } }).catch(() => {});
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Sign-in through the gateway (dashboard, Seller Center): the session is an HttpOnly cookie
// ---------------------------------------------------------------------------------------------------

/** Apps whose people sign in with a password; the storefront widget stays on its own bearer tokens. */
export const SIGN_IN_APPS = ['dashboard', 'seller'];

/** Why the last sign-in came back without a session (`signin_error` from the gateway), or null. */
let signInError = null;
export function lastSignInError() {
  return signInError;
}

export const SIGN_IN_ERRORS = {
  provider_unavailable: t('signin.provider_unavailable'),
  access_denied: t('signin.access_denied'),
  signin_failed: t('signin.failed'),
};

/** The gateway's sign-in, coming back to this very page and route afterwards. */
export function signInUrl() {
  return `/auth/sign-in?return=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}

let leaving = false;
/** The session is gone (expired, revoked, signed out elsewhere): off to sign-in, keeping the route. */
export function goToSignIn() {
  if (!leaving) {
    leaving = true;
    location.assign(signInUrl());
  }
  return new Promise(() => {}); // the page is leaving; nothing after this should render
}

async function startSignedInSession(url) {
  const error = url.searchParams.get('signin_error');
  if (error) {
    url.searchParams.delete('signin_error');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  let me;
  try {
    me = await request('/api/me', { auth: false });
  } catch (e) {
    if (e.status === 401 && !error) return goToSignIn();
    if (e.status === 401 || e.status === 404) {
      // 404: this gateway has no sign-in (no provider configured); the demo picker remains
      signInError = error || null;
      return null;
    }
    throw e;
  }
  currentSession = { mode: 'cookie', token: null, userId: me.id, name: me.name, roles: me.roles || [] };
  return currentSession;
}

function isCookieSession(s = currentSession) {
  return !!s && s.mode === 'cookie';
}

/** The CSRF token the gateway put in the XSRF-TOKEN cookie (readable on purpose; the session cookie is not). */
function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/** Signs this browser out of this session (and out of the identity provider), then leaves the page. */
export async function signOutOfSession() {
  const res = await fetch('/auth/sign-out', {
    method: 'POST', credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken() },
  }).catch(() => null);
  const body = res && res.ok ? await res.json().catch(() => null) : null;
  leaving = true;
  location.assign((body && body.location) || '/');
}

/** Ends every session of this person, on every device; their open sockets close within seconds. */
export async function signOutEverywhere() {
  const body = await request('/api/me/sessions', { method: 'DELETE' });
  leaving = true;
  location.assign((body && body.location) || '/');
}

// ---------------------------------------------------------------------------------------------------
// Storefront customers: the page embedding the widget hands it the token of the shop's signed-in customer
// (docs/STOREFRONT-TOKENS.md). The token stays in memory only; the page is asked again before it expires
// and after a 401 or a refused socket.
// ---------------------------------------------------------------------------------------------------

let hostProvider = null;
let hostRenewTimer = null;
const RENEW_BEFORE_S = 60;

function isHostSession(s = currentSession) {
  return !!s && s.mode === 'host';
}

function sessionFromToken(token) {
  const claims = tokenClaims(token);
  if (!claims.sub) throw new ApiError(401, { code: 'invalid_token', title: 'The storefront gave the widget no valid token' });
  return { mode: 'host', token, userId: claims.sub, name: claims.name || claims.sub, roles: claims.roles || [], exp: claims.exp };
}

/** Asks again shortly before the token expires, so no call ever carries an expired one. */
function scheduleHostRenewal() {
  clearTimeout(hostRenewTimer);
  if (!hostProvider || !currentSession || !currentSession.exp) return;
  const inMs = (currentSession.exp - RENEW_BEFORE_S) * 1000 - Date.now();
  hostRenewTimer = setTimeout(() => { renewHostToken(); }, Math.max(5000, inMs));
}

let hostRenewing = null;
async function renewHostToken() {
  if (!hostProvider) return null;
  if (!hostRenewing) {
    hostRenewing = Promise.resolve().then(() => hostProvider())
      .then((token) => {
        if (!token) return null;
        const fresh = sessionFromToken(token);
        if (currentSession && fresh.userId !== currentSession.userId) {
          // the shop signed in someone else meanwhile: start over as them
          location.reload();
          return null;
        }
        setCurrent(fresh);
        scheduleHostRenewal();
        return fresh.token;
      })
      .catch(() => null)
      .finally(() => { setTimeout(() => { hostRenewing = null; }, 0); });
  }
  return hostRenewing;
}

/**
 * Starts `app` with the token the embedding page gives: `{ token }` (used until it expires) and/or
 * `{ tokenProvider }` (an async function returning a fresh token; called before expiry and after a refusal).
 * Returns the session, or null when the page has no signed-in customer (the provider returns nothing).
 */
export async function startWithHostToken(app, { token, tokenProvider } = {}) {
  currentApp = app;
  hostProvider = tokenProvider || null;
  const first = token || (tokenProvider ? await tokenProvider() : null);
  if (!first) {
    setCurrent(null);
    return null;
  }
  setCurrent(sessionFromToken(first));
  scheduleHostRenewal();
  return currentSession;
}

export function session() {
  return currentSession;
}

export function hasRole(role, s = currentSession) {
  return !!s && Array.isArray(s.roles) && s.roles.includes(role);
}

/** Decodes a JWT's claims (no verification: the server verifies; the UI only reads the expiry). */
export function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(atob(part).split('').map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

let refreshing = null;
/** Gets a fresh token for the current identity (dev endpoint); one refresh at a time. */
async function refreshToken() {
  if (!currentSession || !currentApp) return null;
  if (isCookieSession()) return null; // the gateway refreshes the session's token itself
  if (isHostSession()) return renewHostToken(); // the storefront page hands out its customers' tokens
  if (!refreshing) {
    const s = currentSession;
    refreshing = signIn(currentApp, { key: s.identityKey, userId: s.userId, name: s.name, roles: s.roles })
      .catch(() => null)
      .finally(() => { setTimeout(() => { refreshing = null; }, 0); });
  }
  const s = await refreshing;
  return s && s.token;
}

// ---------------------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------------------

/** An error answer of the API (RFC 9457 problem details) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.code = problem.code || null;
    this.retryAfter = retryAfter;
  }
}

async function request(path, { method = 'GET', body, query, auth = true, headers = {}, form, retried = false, as } = {}) {
  let url = path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const qs = q.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  // the server writes problem details and server-made text in this language
  const h = { Accept: 'application/json, application/problem+json', 'Accept-Language': lang(), ...headers };
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (auth && currentSession && !isCookieSession()) h.Authorization = `Bearer ${currentSession.token}`;
  if (isCookieSession() && method !== 'GET' && method !== 'HEAD') h['X-XSRF-TOKEN'] = csrfToken();
  let res;
  try {
    res = await fetch(url, { method, headers: h, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, { code: 'network_error', title: 'Network error', detail: String(e && e.message || e) });
  }
  if (res.status === 401 && auth && isCookieSession()) return goToSignIn();
  if (res.status === 401 && auth && !retried && currentSession) {
    const fresh = await refreshToken();
    if (fresh) return request(path, { method, body, query, auth, headers, form, retried: true, as });
  }
  const type = res.headers.get('content-type') || '';
  if (as === 'blob' && res.ok) return res.blob();
  let data = null;
  if (res.status !== 204) {
    if (type.includes('json')) {
      try { data = await res.json(); } catch { data = null; }
    } else {
      const text = await res.text().catch(() => '');
      data = text ? { title: text.slice(0, 300) } : null;
    }
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after')) || null;
    const problem = data && typeof data === 'object' ? data : {};
    if (!problem.title) problem.title = res.statusText;
    throw new ApiError(res.status, problem, retryAfter);
  }
  return data;
}

export const api = request;

/** Every REST call the apps make. Contract details (field names, paths) live here and only here. */
export const Parley = {
  // --- tickets (conversation-service) ---
  /** `clientRequestId` makes a retried submit return the ticket the first attempt created. */
  createTicket: ({ subject, message, orderId, productId, priority, clientRequestId }) =>
    request('/api/conversations', {
      method: 'POST',
      body: clean({ subject: subject || undefined, message, orderId: orderId || undefined, productId, priority, clientRequestId }),
    }),
  getConversation: (id) => request(`/api/conversations/${encodeURIComponent(id)}`),
  listConversations: (view, cursor, limit = 30) =>
    request('/api/conversations', { query: { view, cursor, limit } }),
  counts: () => request('/api/conversations/counts'),
  stats: () => request('/api/conversations/stats'),
  claim: (id) => request(`/api/conversations/${encodeURIComponent(id)}/seen`, { method: 'PUT' }),
  resolve: (id) => request(`/api/conversations/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: {} }),
  close: (id) => request(`/api/conversations/${encodeURIComponent(id)}/close`, { method: 'POST', body: {} }),
  reopen: (id) => request(`/api/conversations/${encodeURIComponent(id)}/reopen`, { method: 'POST', body: {} }),
  release: (id) => request(`/api/conversations/${encodeURIComponent(id)}/release`, { method: 'POST', body: {} }),
  transfer: (id, staff) =>
    request(`/api/conversations/${encodeURIComponent(id)}/transfer`, {
      method: 'POST', body: clean({ toStaffId: staff.id, toStaffName: staff.name, note: staff.note }),
    }),

  // --- messages (messaging-service) ---
  history: (id, { before, after, limit = 30 } = {}) =>
    request(`/api/conversations/${encodeURIComponent(id)}/messages`, { query: { before, after, limit } }),
  /** `attachments`: ids from `upload()`; `type` defaults from them on the server. */
  send: (id, { content, type, clientMessageId, replyTo, attachments }) =>
    request(`/api/conversations/${encodeURIComponent(id)}/messages`, {
      method: 'POST',
      body: clean({ content, type, clientMessageId, replyTo, attachments }),
    }),
  /** The author changes a message within the edit window; 409 `edit_window_closed` after it. */
  editMessage: (id, messageId, content) =>
    request(`/api/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}`, {
      method: 'PATCH', body: { content },
    }),
  deleteMessage: (id, messageId) =>
    request(`/api/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}`, { method: 'DELETE' }),
  markRead: (id, upToSeq) =>
    request(`/api/conversations/${encodeURIComponent(id)}/read`, { method: 'POST', body: { upToSeq } }),
  /** Who has read how far: `{items: [{readerId, readerName, readerType, upToSeq, readAt}]}`. */
  readers: (id) => request(`/api/conversations/${encodeURIComponent(id)}/read`),
  /** Uploads a file into a conversation → `{id, url, name, contentType, size}`. */
  upload: (file, conversationId) => {
    const form = new FormData();
    form.append('file', file, file.name || 'image');
    return request(`/api/conversations/${encodeURIComponent(conversationId)}/attachments`, { method: 'POST', form });
  },
  /** Fetches an attachment with the bearer token (for <img> of protected URLs). */
  blob: (url) => request(url, { as: 'blob' }),

  // --- buyer–seller threads ---
  openThread: ({ sellerId, productId, orderId }) =>
    request('/api/chat/threads', { method: 'POST', body: clean({ sellerId, productId, orderId }) }),
  listThreads: ({ cursor, unread, limit = 30 } = {}) =>
    request('/api/chat/threads', { query: { cursor, limit, unread: unread ? 'true' : undefined } }),
  /** Seller response-rate figures; arrives with a later issue. Resolves to null while the API is absent. */
  responseStats: async (days) => {
    try {
      return await request('/api/chat/threads/response-stats', { query: { days } });
    } catch (e) {
      if (e.status === 404 || e.status === 405 || e.status === 501) return null;
      throw e;
    }
  },
};

function clean(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** Items of a list answer (`{items, nextCursor}`, or a bare array from an older server). */
export function itemsOf(list) {
  if (!list) return [];
  if (Array.isArray(list)) return list;
  return list.items || list.content || list.conversations || list.threads || [];
}

export function newClientMessageId() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context; this does not
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------
// Readable errors
// ---------------------------------------------------------------------------------------------------

const CODE_MESSAGES = {
  network_error: t('err.network'),
  already_claimed: t('err.already_claimed'),
  conversation_not_found: t('err.conversation_not_found'),
  not_found: t('err.not_found'),
  validation_failed: t('err.invalid_data'),
  malformed_request: t('err.bad_request'),
  service_unavailable: t('err.unavailable'),
  rate_limited: t('err.too_fast'),
  too_many_requests: t('err.too_fast'),
  forbidden: t('err.forbidden'),
  not_participant: t('err.not_participant'),
  conversation_closed: t('err.closed'),
  illegal_transition: t('err.illegal_transition'),
  invalid_transition: t('err.illegal_transition'),
  capacity_reached: t('err.capacity'),
  staff_capacity_reached: t('err.capacity'),
  attachment_too_large: t('err.too_large'),
  file_too_large: t('err.too_large'),
  unsupported_media_type: t('err.unsupported_type'),
  unsupported_attachment_type: t('err.unsupported_type'),
  content_too_long: t('err.too_long'),
  empty_message: t('err.empty'),
  unauthenticated: t('err.session_expired'),
  staff_at_capacity: t('err.staff_at_capacity'),
  not_claimable: t('err.not_claimable'),
  claim_contended: t('err.claim_contended'),
  not_assignee: t('err.not_assignee'),
  not_a_participant: t('err.not_participant'),
  invalid_transfer_target: t('err.transfer_target'),
  admin_only: t('err.admin_only'),
  invalid_attachment: t('err.invalid_attachment'),
  attachment_type_mismatch: t('err.type_mismatch'),
  too_many_attachments: t('err.too_many_attachments'),
  attachment_not_found: t('err.attachment_not_found'),
  attachment_missing: t('err.no_file'),
  payload_too_large: t('err.payload_too_large'),
  message_not_found: t('err.message_not_found'),
  access_check_unavailable: t('err.access_check'),
  invalid_parameter: t('err.invalid_parameter'),
  role_not_allowed: t('err.role'),
  message_too_long: t('err.too_long'),
  unauthorized: t('err.session_expired'),
  invalid_token: t('err.session_expired'),
};

const STATUS_MESSAGES = {
  0: CODE_MESSAGES.network_error,
  400: t('err.bad_request'),
  401: CODE_MESSAGES.unauthorized,
  403: CODE_MESSAGES.forbidden,
  404: CODE_MESSAGES.not_found,
  409: t('err.conflict'),
  413: t('err.too_large_any'),
  415: CODE_MESSAGES.unsupported_media_type,
  422: t('err.invalid_data'),
  429: CODE_MESSAGES.rate_limited,
  500: t('err.server'),
  502: CODE_MESSAGES.service_unavailable,
  503: CODE_MESSAGES.service_unavailable,
  504: t('err.slow'),
};

/** A readable sentence for any error: the known code's text, plus the server's detail when it adds something. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return t('err.generic', { message: err && err.message ? err.message : err });
  if (err.code === 'already_claimed' || (err.status === 409 && err.problem.claimedBy)) {
    const who = err.problem.claimedBy && err.problem.claimedBy.name;
    if (who) return t('err.claimed_by', { who });
  }
  let text = (err.code && CODE_MESSAGES[err.code]) || STATUS_MESSAGES[err.status]
    || (err.status >= 500 ? STATUS_MESSAGES[500] : t('err.status', { status: err.status }));
  const detail = err.problem.detail;
  if (detail && err.status !== 0 && err.status < 500 && !text.includes(detail)) text += ` ${detail}`;
  const fieldErrors = err.problem.errors || err.problem.fieldErrors || err.problem.violations;
  if (Array.isArray(fieldErrors) && fieldErrors.length) {
    text += ' ' + fieldErrors.slice(0, 3).map((f) => [f.field || f.name || f.pointer, f.message || f.detail]
      .filter(Boolean).join(': ')).join('; ');
  }
  if (err.retryAfter) text += t('err.retry_after', { s: err.retryAfter });
  if (err.code && !CODE_MESSAGES[err.code]) text += t('err.code', { code: err.code });
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Shapes: normalise what frames and lists carry
// ---------------------------------------------------------------------------------------------------

/**
 * A frame's `data` may be the public shape (Message, Conversation), an event payload with the
 * conversationId beside it, or a whole event envelope. This returns one flat object either way.
 */
export function unwrapFrame(data) {
  if (!data || typeof data !== 'object') return {};
  if (data.payload && typeof data.payload === 'object') {
    return {
      ...data.payload,
      conversationId: data.payload.conversationId || data.conversationId,
      eventId: data.eventId, actor: data.actor, occurredAt: data.occurredAt,
    };
  }
  return data;
}

/** A message in the contract's public shape, from a history item, a POST answer or a `message.new` frame. */
export function normalizeMessage(raw, conversationId) {
  const m = unwrapFrame(raw);
  const inner = m.message && typeof m.message === 'object' ? { ...m.message, conversationId: m.message.conversationId || m.conversationId } : m;
  return {
    id: inner.id || inner.messageId,
    conversationId: inner.conversationId || conversationId,
    seq: inner.seq == null ? null : Number(inner.seq),
    sender: inner.sender || { id: inner.senderId, name: inner.senderName },
    senderType: inner.senderType || (inner.type === 'system' ? 'system' : undefined),
    type: inner.type || 'text',
    // text the server wrote comes as {code, params}: rendered in this reader's language, whatever `content` says
    content: inner.text && inner.text.code ? systemText(inner.text)
      : localizeMasks(inner.content == null ? '' : String(inner.content)),
    text: inner.text || null,
    attachments: Array.isArray(inner.attachments) ? inner.attachments : [],
    clientMessageId: inner.clientMessageId || null,
    replyTo: inner.replyTo || null,
    createdAt: inner.createdAt || inner.occurredAt || null,
    editedAt: inner.editedAt || null,
    deletedAt: inner.deletedAt || null,
    readAt: inner.readAt || null,
    readBy: inner.readBy || null,
  };
}

/** Previews the server writes for messages without text. */
const PREVIEW_TOKENS = {
  '[deleted]': t('chat.deleted'), '[image]': t('chat.preview.image'), '[file]': t('chat.preview.file'),
};

/** A conversation (list item, GET answer, claim answer, or a conversation.* event payload). */
export function normalizeConversation(raw) {
  const c = unwrapFrame(raw);
  const conv = c.conversation && typeof c.conversation === 'object' ? c.conversation : c;
  let lastMessage = conv.lastMessage || (conv.firstMessage
    ? { preview: conv.firstMessage, at: conv.createdAt, senderType: 'customer' } : null);
  if (lastMessage && lastMessage.text && lastMessage.text.code) {
    lastMessage = { ...lastMessage, preview: systemText(lastMessage.text) };
  } else if (lastMessage && lastMessage.preview) {
    lastMessage = { ...lastMessage, preview: PREVIEW_TOKENS[lastMessage.preview] || localizeMasks(lastMessage.preview) };
  }
  return { ...conv, id: conv.id || conv.conversationId || c.conversationId, lastMessage };
}

// ---------------------------------------------------------------------------------------------------
// WebSocket
// ---------------------------------------------------------------------------------------------------

/**
 * The /ws socket of one app page. Events (addEventListener / on):
 *   'frame'   every server frame {type, data}; also dispatched by its own type ('message.new' …)
 *   'state'   detail {state: 'connecting'|'open'|'reconnecting'|'offline'|'closed', attempt, reconnect}
 *   'open'    detail {reconnect: boolean} once the socket is open and `resume` was sent
 * Conversations whose messages the page shows are `track()`ed with the last seq seen; that map is what
 * `resume` sends first on every (re)connection, so the server replays what was missed.
 */
export class RealtimeClient extends EventTarget {
  constructor({ path = '/ws', pingEvery = 20000, silenceLimit = 70000, maxBackoff = 15000 } = {}) {
    super();
    this.path = path;
    this.pingEvery = pingEvery;
    this.silenceLimit = silenceLimit;
    this.maxBackoff = maxBackoff;
    this.ws = null;
    this.state = 'idle';
    this.attempt = 0;
    this.everOpened = false;
    this.lastSeq = new Map(); // conversationId -> highest seq seen
    this.stopped = false;
    this.lastFrameAt = 0;
    this.timer = null;
    this.pinger = null;
    this.authFailures = 0;
    this.handshakeFailures = 0;
    window.addEventListener('online', () => { if (this.state !== 'open') this.reconnectNow(); });
    window.addEventListener('offline', () => this.setState('offline'));
  }

  on(type, fn) {
    const listener = (e) => fn(e.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (isCookieSession()) return `${scheme}//${location.host}${this.path}`; // the session cookie authenticates
    const token = currentSession ? currentSession.token : '';
    return `${scheme}//${location.host}${this.path}?access_token=${encodeURIComponent(token)}`;
  }

  connect() {
    this.stopped = false;
    clearTimeout(this.timer);
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    this.setState(this.everOpened ? 'reconnecting' : 'connecting');
    // A refused handshake only shows as close code 1006, so an expired token is renewed before trying.
    if (isCookieSession() && this.handshakeFailures >= 2) {
      // a refused handshake looks like any failure: ask whether the session still exists
      this.handshakeFailures = 0;
      request('/api/me', { auth: false })
        .then(() => this.open())
        .catch((e) => (e.status === 401 ? goToSignIn() : this.scheduleReconnect()));
      return;
    }
    const exp = currentSession && !isCookieSession() && tokenClaims(currentSession.token).exp;
    if ((exp && exp * 1000 < Date.now() + 30000) || (!isCookieSession() && this.handshakeFailures >= 2)) {
      this.handshakeFailures = 0;
      refreshToken().finally(() => this.open());
      return;
    }
    this.open();
  }

  open() {
    if (this.stopped) return;
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      this.handshakeFailures = 0;
      const reconnect = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.authFailures = 0;
      this.lastFrameAt = Date.now();
      this.sendResume(); // first frame of every connection: the server holds live messages until it arrives
      this.setState('open');
      this.emit('open', { reconnect });
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.heartbeat(), this.pingEvery);
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = Date.now();
      let frame;
      try { frame = JSON.parse(e.data); } catch { return; }
      if (!frame || typeof frame.type !== 'string') return;
      this.noteFrameSeq(frame);
      this.emit('frame', frame);
      this.emit(frame.type, frame.data);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pinger);
      if (this.stopped) { this.setState('closed'); return; }
      if (!opened) this.handshakeFailures += 1;
      // 4003: this person's sessions were ended (signed out everywhere, or by an admin)
      if (e.code === 4003) {
        this.setState('closed');
        if (isCookieSession()) goToSignIn();
        return;
      }
      // 4001 on a session: the access token ran out while connected; the gateway renews it on reconnect
      if (e.code === 4001 && isCookieSession()) { this.scheduleReconnect(); return; }
      // 4401/4403/1008: the token was refused. Mint a new one (dev endpoint) before trying again.
      if (e.code === 4401 || e.code === 4403 || e.code === 1008 || e.code === 4001) {
        this.authFailures += 1;
        if (this.authFailures <= 3) refreshToken().finally(() => this.scheduleReconnect());
        else this.setState('closed');
        return;
      }
      this.scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows and reconnects */ };
  }

  /** Closes for good (page leaving, sign out). */
  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.ws) this.ws.close(1000, 'bye');
    this.ws = null;
    this.setState('closed');
  }

  /** Drops the connection as a network failure would (used by tests and the "reconnect" button). */
  drop() {
    if (this.ws) this.ws.close(4000, 'client drop');
  }

  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    if (this.ws) { try { this.ws.close(4000, 'reconnect'); } catch { /* closed already */ } }
    else this.connect();
  }

  scheduleReconnect() {
    if (this.stopped) return;
    this.attempt += 1;
    const base = Math.min(this.maxBackoff, 500 * 2 ** (this.attempt - 1));
    const delay = Math.round(base / 2 + Math.random() * base / 2);
    this.setState(navigator.onLine === false ? 'offline' : 'reconnecting', { delay });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  heartbeat() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastFrameAt > this.silenceLimit) {
      // Nothing at all for too long (not even a pong): the connection is dead even if the browser
      // has not noticed yet. Close it; onclose reconnects and resumes.
      this.ws.close(4000, 'silent');
      return;
    }
    this.send('ping', { at: Date.now() });
  }

  send(type, data) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(data === undefined ? { type } : { type, data }));
    return true;
  }

  typing(conversationId, isTyping = true) {
    return this.send('typing', { conversationId, isTyping });
  }

  /** Follow a conversation: its last seen seq goes into every `resume`. */
  track(conversationId, seq = 0) {
    this.noteSeq(conversationId, seq || 0);
  }

  untrack(conversationId) {
    this.lastSeq.delete(conversationId);
  }

  noteSeq(conversationId, seq) {
    if (!conversationId) return;
    const prev = this.lastSeq.get(conversationId) || 0;
    if (seq == null || Number.isNaN(Number(seq))) { if (!this.lastSeq.has(conversationId)) this.lastSeq.set(conversationId, prev); return; }
    if (Number(seq) > prev || !this.lastSeq.has(conversationId)) this.lastSeq.set(conversationId, Math.max(prev, Number(seq)));
  }

  noteFrameSeq(frame) {
    if (frame.type !== 'message.new') return;
    const m = normalizeMessage(frame.data);
    if (m.conversationId && this.lastSeq.has(m.conversationId)) this.noteSeq(m.conversationId, m.seq);
  }

  sendResume() {
    const conversations = {};
    for (const [id, seq] of this.lastSeq) conversations[id] = seq;
    this.send('resume', { conversations });
  }

  setState(state, extra = {}) {
    this.state = state;
    this.emit('state', { state, attempt: this.attempt, ...extra });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
