// DOM helpers shared by the Parley apps: element builder, toasts, time formatting, identity bar,
// connection badge, sign-in picker and error panels. No framework: small functions over the DOM.
import { t, dateFormat, lang, setLanguage, LANGUAGES, formatNumber } from './i18n.js';
import {
  DEMO_IDENTITIES, APPS, describeError, signIn, signOut, session,
  SIGN_IN_APPS, SIGN_IN_ERRORS, lastSignInError, signInUrl, signOutEverywhere,
} from './parley.js';

/** h('div', {class: 'x', onclick: fn, dataset: {id}}, child, 'text', [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * A clickable row that the keyboard reaches too: Tab focuses it, Enter or Space opens it (the row stays a list
 * item for screen readers; its text is what they read).
 */
export function activatable(el) {
  el.tabIndex = 0;
  el.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === el) { e.preventDefault(); el.click(); }
  });
  return el;
}

/** The browser would silently cut a paste at maxlength: refuse it whole and say so instead. */
export function refuseLongPaste(field, max) {
  field.addEventListener('paste', (e) => {
    const pasted = (e.clipboardData && e.clipboardData.getData('text')) || '';
    const kept = field.value.length - (field.selectionEnd - field.selectionStart);
    if (kept + pasted.length > max) {
      e.preventDefault();
      toast(t('chat.paste_too_long', { length: formatNumber(kept + pasted.length), max: formatNumber(max) }), 'error');
    }
  });
  return field;
}

let baseTitle = null;

/** The page title carries the unread count ("(3) …"), so a tab in the background says there is something new. */
export function titleCount(n) {
  if (baseTitle === null) baseTitle = document.title;
  document.title = n > 0 ? `(${n > 99 ? '99+' : n}) ${baseTitle}` : baseTitle;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// --- toasts -----------------------------------------------------------------------------------------

let toastHost = null;
/** Shows a toast. kind: info | success | warning | error. */
export function toast(text, kind = 'info', ms = 4500) {
  if (!toastHost) {
    toastHost = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', 'data-testid': 'toasts' });
    document.body.append(toastHost);
  }
  const el = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, text);
  toastHost.append(el);
  setTimeout(() => {
    el.classList.add('toast-out');
    setTimeout(() => el.remove(), 300);
  }, ms);
  return el;
}

export function toastError(err) {
  return toast(describeError(err), 'error', 6000);
}

/** An inline error panel with a retry button, so a failed load never leaves a blank screen. */
export function errorPanel(err, retry) {
  return h('div', { class: 'error-panel', role: 'alert', 'data-testid': 'error-panel' },
    h('div', { class: 'error-title' }, t('ui.load_failed')),
    h('div', { class: 'error-text' }, describeError(err)),
    retry ? h('button', { class: 'btn btn-secondary', onclick: retry }, t('common.retry')) : null);
}

// --- time ------------------------------------------------------------------------------------------

const timeFmt = dateFormat( { hour: '2-digit', minute: '2-digit' });
const dayFmt = dateFormat( { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFmt = dateFormat( { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

export function formatTime(iso) {
  const d = iso ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? timeFmt.format(d) : '';
}

export function formatDay(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  const yesterday = new Date(Date.now() - 86400000);
  if (d.toDateString() === today.toDateString()) return t('ui.today');
  if (d.toDateString() === yesterday.toDateString()) return t('ui.yesterday');
  return dayFmt.format(d);
}

export function formatDateTime(iso) {
  const d = iso ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? dateTimeFmt.format(d) : '';
}

/** "vừa xong", "5 phút trước", "2 giờ trước", else a date. */
export function relativeTime(iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  const s = Math.max(0, Math.round((Date.now() - d.getTime()) / 1000));
  if (s < 45) return t('ui.just_now');
  const m = Math.round(s / 60);
  if (m < 60) return t('ui.minutes_ago', { n: m });
  const hrs = Math.round(m / 60);
  if (hrs < 24) return t('ui.hours_ago', { n: hrs });
  return formatDateTime(iso);
}

/** Seconds as "45 giây", "3 phút", "1 giờ 20 phút". */
export function formatDuration(seconds) {
  if (seconds == null || Number.isNaN(Number(seconds))) return '—';
  const s = Math.round(Number(seconds));
  if (s < 60) return t('ui.seconds', { n: s });
  const m = Math.round(s / 60);
  if (m < 60) return t('ui.minutes', { n: m });
  const hrs = Math.floor(m / 60);
  return m % 60 ? t('ui.hours_minutes', { h: hrs, m: m % 60 }) : t('ui.hours', { h: hrs });
}

/** Keeps every [data-rel-time] element's text current. */
export function startRelativeClock(root = document) {
  setInterval(() => {
    for (const el of root.querySelectorAll('[data-rel-time]')) el.textContent = relativeTime(el.dataset.relTime);
  }, 30000);
}

export function relTimeEl(iso, cls = 'muted') {
  return h('time', { class: cls, datetime: iso || '', dataset: { relTime: iso || '' }, title: formatDateTime(iso) },
    relativeTime(iso));
}

// --- people ----------------------------------------------------------------------------------------

export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/);
  const pick = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : parts[0].slice(0, 2);
  return pick.toUpperCase();
}

export function avatar(person, size = '') {
  const name = (person && person.name) || '?';
  let hash = 0;
  for (const ch of String((person && person.id) || name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return h('span', { class: `avatar avatar-c${hash % 6} ${size}`, title: name, 'aria-hidden': 'true' }, initials(name));
}

// --- page chrome -----------------------------------------------------------------------------------

/** The connection badge: green when the socket is open, amber while reconnecting. */
export function connectionBadge(client) {
  const label = h('span', { class: 'conn-label' }, t('conn.connecting'));
  const badge = h('button', {
    class: 'conn conn-connecting', type: 'button', 'data-testid': 'connection',
    title: t('conn.label'), onclick: () => client.reconnectNow(),
  }, h('span', { class: 'conn-dot' }), label);
  const texts = {
    connecting: t('conn.connecting'), open: t('conn.online'), reconnecting: t('conn.reconnecting'),
    offline: t('conn.offline'), closed: t('conn.disconnected'), idle: '…',
  };
  client.on('state', ({ state }) => {
    badge.className = `conn conn-${state}`;
    badge.dataset.state = state;
    label.textContent = texts[state] || state;
  });
  return badge;
}

/** The signed-in person with a "switch" link back to the picker. */
export function identityBar(app, onSwitch) {
  const s = session();
  if (!s) return h('span');
  if (s.mode === 'cookie') {
    // signed in with a password: sign out here, or everywhere (every device, open sockets close too)
    return h('div', { class: 'identity', 'data-testid': 'identity' },
      avatar({ id: s.userId, name: s.name }, 'avatar-sm'),
      h('span', { class: 'identity-name' }, s.name),
      h('button', {
        class: 'link-btn', type: 'button', 'data-testid': 'sign-out', title: t('ui.sign_out_title'),
        onclick: (e) => { e.currentTarget.disabled = true; signOut(app); },
      }, t('ui.sign_out')),
      h('button', {
        class: 'link-btn', type: 'button', 'data-testid': 'sign-out-everywhere',
        title: t('ui.sign_out_everywhere_title'),
        onclick: (e) => {
          const btn = e.currentTarget;
          btn.disabled = true;
          signOutEverywhere().catch((err) => { btn.disabled = false; toastError(err); });
        },
      }, t('ui.everywhere')));
  }
  return h('div', { class: 'identity', 'data-testid': 'identity' },
    avatar({ id: s.userId, name: s.name }, 'avatar-sm'),
    h('span', { class: 'identity-name' }, s.name),
    h('button', {
      class: 'link-btn', type: 'button', title: t('ui.switch_identity'),
      onclick: () => { signOut(app); if (onSwitch) onSwitch(); else location.reload(); },
    }, t('ui.switch')));
}

/**
 * The in-app picker shown when this tab has no identity for the app: the demo identities meant for it,
 * plus a link to the landing page.
 */
export function signInPicker(app, { onSignedIn, note } = {}) {
  const meant = DEMO_IDENTITIES.filter((i) => i.app === app);
  const error = h('div', { class: 'picker-error', role: 'alert' });
  const list = h('div', { class: 'picker-list' }, meant.map((identity) =>
    h('button', {
      class: 'picker-item', type: 'button', 'data-testid': `pick-${identity.key}`,
      onclick: async (e) => {
        const btn = e.currentTarget;
        btn.disabled = true;
        error.textContent = '';
        try {
          await signIn(app, identity);
          onSignedIn ? onSignedIn() : location.reload();
        } catch (err) {
          error.textContent = describeError(err);
          btn.disabled = false;
        }
      },
    }, avatar({ id: identity.userId, name: identity.name }),
    h('span', { class: 'picker-text' }, h('strong', {}, identity.name), h('small', {}, identity.role)))));
  const withPassword = SIGN_IN_APPS.includes(app) ? [
    h('h2', {}, t('ui.sign_in')),
    h('p', { class: 'muted' }, t('ui.sign_in_note')),
    lastSignInError() ? h('p', { class: 'picker-error', role: 'alert', 'data-testid': 'sign-in-error' },
      SIGN_IN_ERRORS[lastSignInError()] || SIGN_IN_ERRORS.signin_failed) : null,
    h('p', {}, h('a', { class: 'btn btn-primary', href: signInUrl(), 'data-testid': 'sign-in' }, t('ui.sign_in_button'))),
  ] : [];
  return h('div', { class: 'picker card', 'data-testid': 'picker' },
    ...withPassword,
    h('h2', {}, withPassword.length ? t('ui.or_demo') : t('ui.pick_demo')),
    h('p', { class: 'muted' }, note || t('ui.pick_for_app', { title: APPS[app].title })),
    list, error,
    h('p', { class: 'muted small' }, h('a', { href: '/index.html' }, t('ui.home'))));
}

/** Escapes nothing: callers use textContent / h() everywhere, never innerHTML with data. */
export const PRIORITY_LABELS = { low: t('priority.low'), medium: t('priority.medium'), high: t('priority.high'), urgent: t('priority.urgent') };
export const STATUS_LABELS = {
  pending: t('dash.tab.pending'), assigned: t('status.assigned'), resolved: t('dash.resolved'), closed: t('status.closed'), open: t('status.open'),
};

export function priorityBadge(priority) {
  if (!priority) return null;
  return h('span', { class: `badge prio-${priority}` }, PRIORITY_LABELS[priority] || priority);
}

export function statusBadge(status) {
  if (!status) return null;
  return h('span', { class: `badge status-${status}`, 'data-testid': 'status' }, STATUS_LABELS[status] || status);
}

/** A modal dialog; resolves with the chosen value or null. */
export function modal(title, body, actions) {
  return new Promise((resolve) => {
    const close = (value) => { overlay.remove(); resolve(value); };
    const overlay = h('div', { class: 'modal-overlay', onclick: (e) => { if (e.target === overlay) close(null); } },
      h('div', { class: 'modal card', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
        h('h3', {}, title), body,
        h('div', { class: 'modal-actions' },
          h('button', { class: 'btn btn-secondary', type: 'button', onclick: () => close(null) }, t('common.cancel')),
          actions.map((a) => h('button', {
            class: `btn ${a.class || 'btn-primary'}`, type: 'button', 'data-testid': a.testid,
            onclick: () => { const v = a.value(); if (v !== undefined) close(v); },
          }, a.label)))));
    document.body.append(overlay);
    const first = overlay.querySelector('input, select, textarea, button.btn-primary');
    if (first) first.focus();
  });
}

// --- language ---------------------------------------------------------------------------------------

/** The language switch (Tiếng Việt / English): remembered in this browser; the page reloads in the new language. */
export function languageSwitch() {
  return h('select', {
    class: 'lang-switch', 'data-testid': 'lang-switch', 'aria-label': t('lang.label'), title: t('lang.label'),
    onchange: (e) => setLanguage(e.currentTarget.value),
  }, ...LANGUAGES.map((l) => h('option', { value: l, selected: l === lang() }, t(`lang.${l}`))));
}

// every app page has a #lang-slot in its top bar
document.getElementById('lang-slot')?.append(languageSwitch());
