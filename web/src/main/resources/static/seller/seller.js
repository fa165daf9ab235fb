// Seller Center inbox: the seller's threads by newest activity with unread badges, the thread view with
// the product or order it is about, and the response-rate figures (shown when the API answers; the panel
// hides itself while `GET /api/chat/threads/response-stats` does not exist yet).
// `tx`, not `t`: this file names threads `t`
import { t as tx } from '/shared/i18n.js';
import {
  startApp, hasRole, Parley, RealtimeClient, normalizeConversation, normalizeMessage, unwrapFrame, itemsOf,
} from '/shared/parley.js';
import {
  h, clear, toastError, errorPanel, connectionBadge, identityBar, signInPicker, avatar, relTimeEl,
  startRelativeClock, formatDuration,
  titleCount, activatable,
} from '/shared/ui.js';
import { notify } from '/shared/attention.js';
import { ChatView } from '/shared/chat.js';
import { subjectCard, subjectLabel } from '/shared/catalog.js';


const state = {
  client: null,
  me: null,
  threads: new Map(),
  cursor: null,
  loaded: false,
  error: null,
  unreadOnly: false,
  selectedId: null,
  chat: null,
  days: 30,
};

const app = document.getElementById('app');
let listEl;
let threadEl;
let inboxEl;
let ratePanel;

function layout() {
  ratePanel = h('section', { class: 'rate-panel card', hidden: true, 'data-testid': 'response-stats' });
  listEl = h('div', { class: 'inbox-scroll', 'data-testid': 'inbox' });
  const unreadToggle = h('input', { type: 'checkbox', 'data-testid': 'unread-only' });
  unreadToggle.addEventListener('change', () => { state.unreadOnly = unreadToggle.checked; renderList(); });
  threadEl = h('section', { class: 'thread card', 'data-testid': 'thread' });
  inboxEl = h('div', { class: 'inbox' },
    h('aside', { class: 'inbox-list card' },
      h('div', { class: 'inbox-tools' }, h('h2', {}, tx('seller.inbox')), h('label', {}, unreadToggle, tx('seller.unread'))),
      listEl),
    threadEl);
  app.replaceChildren(ratePanel, inboxEl);
  renderEmptyThread();
}

function renderEmptyThread() {
  if (state.chat) { state.chat.destroy(); state.chat = null; }
  threadEl.replaceChildren(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '🏪'),
    tx('seller.pick_thread'),
    h('div', { class: 'small' }, tx('seller.masking_note'))));
  inboxEl.classList.remove('show-thread');
  app.classList.remove('show-thread');
}

// --- threads ---------------------------------------------------------------------------------------------

function sellerUnread(t) {
  const u = t.unread || {};
  return Number(u.seller ?? 0) || 0;
}

function activityAt(t) {
  return (t.lastMessage && t.lastMessage.at) || t.lastMessageAt || t.updatedAt || t.createdAt;
}

async function loadThreads({ more = false } = {}) {
  try {
    const page = await Parley.listThreads({ cursor: more ? state.cursor : undefined });
    if (!more) state.threads.clear();
    for (const raw of itemsOf(page)) {
      const t = normalizeConversation(raw);
      if (t.id) state.threads.set(t.id, t);
    }
    state.cursor = (page && page.nextCursor) || null;
    state.loaded = true;
    state.error = null;
  } catch (err) {
    state.error = err;
  }
  renderList();
}

function renderList() {
  titleCount([...state.threads.values()].reduce((n, t) => n + sellerUnread(t), 0));
  clear(listEl);
  if (state.error) { listEl.append(errorPanel(state.error, () => loadThreads())); return; }
  if (!state.loaded) { listEl.append(h('div', { class: 'empty-state' }, tx('common.loading'))); return; }
  const items = [...state.threads.values()]
    .filter((t) => !state.unreadOnly || sellerUnread(t) > 0)
    .sort((a, b) => Date.parse(activityAt(b) || 0) - Date.parse(activityAt(a) || 0));
  if (!items.length) {
    listEl.append(h('div', { class: 'empty-state', 'data-testid': 'inbox-empty' }, h('div', { class: 'big' }, '📭'),
      state.unreadOnly ? tx('seller.no_unread') : tx('seller.no_threads')));
    return;
  }
  listEl.append(h('ul', { class: 'rows' }, items.map((t) => {
    const buyer = t.buyer || { name: tx('common.buyer') };
    const n = sellerUnread(t);
    return activatable(h('li', {
      class: `row${state.selectedId === t.id ? ' selected' : ''}${n ? ' has-unread' : ''}`, 'data-testid': 'thread-row',
      dataset: { id: t.id }, onclick: () => openThread(t),
    }, avatar(buyer),
    h('div', { class: 'row-main' },
      h('div', { class: 'row-top' }, h('span', { class: 'row-name' }, buyer.name)),
      h('div', { class: 'row-preview', 'data-testid': 'row-preview' }, (t.lastMessage && t.lastMessage.preview) || tx('seller.no_messages')),
      h('span', { class: 'chip' }, t.productId ? '🛒' : '🧾', subjectLabel(t))),
    h('div', { class: 'row-side' }, relTimeEl(activityAt(t), 'muted row-meta'),
      n ? h('span', { class: 'unread', 'data-testid': 'unread' }, String(n)) : null)));
  })));
  if (state.cursor) {
    listEl.append(h('button', { class: 'btn btn-secondary btn-sm list-more', type: 'button', onclick: () => loadThreads({ more: true }) }, tx('common.load_more')));
  }
}

function openThread(t) {
  if (state.chat) { state.chat.destroy(); state.chat = null; }
  state.selectedId = t.id;
  const known = state.threads.get(t.id);
  if (known) known.unread = { ...(known.unread || {}), seller: 0 };
  renderList();
  inboxEl.classList.add('show-thread');
  app.classList.add('show-thread');
  const buyer = t.buyer || { name: tx('common.buyer') };
  const chat = new ChatView({ client: state.client, conversationId: t.id, me: state.me, placeholder: tx('seller.reply_placeholder') });
  state.chat = chat;
  threadEl.replaceChildren(
    h('div', { class: 'thread-head' },
      h('button', { class: 'icon-btn back-btn', type: 'button', 'aria-label': tx('common.back'), onclick: () => { state.selectedId = null; renderEmptyThread(); renderList(); } }, '←'),
      avatar(buyer),
      h('div', { class: 'who' }, h('strong', { 'data-testid': 'thread-buyer' }, buyer.name),
        h('div', { class: 'muted small' }, t.orderId ? tx('seller.about_order', { id: t.orderId }) : tx('seller.product_question')))),
    subjectCard(t) || h('span'),
    chat.el);
  chat.load();
  chat.focus();
}

// --- response rate -------------------------------------------------------------------------------------

async function loadResponseStats() {
  let stats;
  try {
    stats = await Parley.responseStats(state.days);
  } catch {
    ratePanel.hidden = true; // a figure panel that fails is hidden rather than shown broken
    return;
  }
  if (!stats) { ratePanel.hidden = true; return; }
  ratePanel.hidden = false;
  const p = periodOf(stats, state.days);
  const rate = first(p, 'responseRate', 'answeredWithin24hRate', 'answeredWithin24hShare', 'rate', 'shareAnsweredWithin24h');
  const ratePct = rate == null ? null : Number(rate) <= 1 ? Number(rate) * 100 : Number(rate);
  const median = medianSeconds(p);
  const total = first(p, 'buyerMessages', 'total', 'messages', 'buyerMessageCount');
  const answered = first(p, 'answeredWithin24h', 'answered', 'answeredCount');
  const periods = h('div', { class: 'periods', role: 'group', 'aria-label': tx('seller.period') }, [7, 30, 90].map((d) =>
    h('button', { type: 'button', class: d === state.days ? 'on' : '', onclick: () => { state.days = d; loadResponseStats(); } }, tx('seller.days', { d }))));
  ratePanel.replaceChildren(
    h('div', { class: 'head' }, h('h2', {}, tx('seller.stats.title')), periods),
    h('div', { class: 'rates' },
      h('div', { class: `rate ${ratePct == null ? '' : ratePct >= 90 ? 'good' : 'warn'}`, 'data-testid': 'response-rate' },
        h('span', { class: 'muted small' }, tx('seller.stats.rate')), h('strong', {}, ratePct == null ? '—' : `${ratePct.toFixed(1)}%`)),
      h('div', { class: 'rate' }, h('span', { class: 'muted small' }, tx('seller.stats.median')),
        h('strong', {}, median == null ? '—' : formatDuration(median))),
      total != null ? h('div', { class: 'rate' }, h('span', { class: 'muted small' }, tx('seller.inbox')), h('strong', {}, String(total))) : null,
      answered != null ? h('div', { class: 'rate' }, h('span', { class: 'muted small' }, tx('seller.stats.answered')), h('strong', {}, String(answered))) : null));
}

function periodOf(stats, days) {
  const list = stats.periods || stats.windows || stats.items;
  if (Array.isArray(list)) {
    return list.find((p) => Number(p.days ?? p.periodDays ?? parseInt(p.period, 10)) === days) || list[0] || {};
  }
  return stats[`${days}d`] || stats[`last${days}Days`] || stats[String(days)] || stats;
}

function first(o, ...names) {
  for (const n of names) if (o && o[n] != null) return o[n];
  return null;
}

function medianSeconds(p) {
  const s = first(p, 'medianResponseSeconds', 'medianResponseTimeSeconds', 'medianSeconds');
  if (s != null) return Number(s);
  const ms = first(p, 'medianResponseMillis', 'medianResponseMs');
  if (ms != null) return Number(ms) / 1000;
  const iso = first(p, 'medianResponseTime', 'medianResponse');
  if (typeof iso === 'string') {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
    if (m) return (Number(m[1] || 0) * 3600) + (Number(m[2] || 0) * 60) + Number(m[3] || 0);
  }
  return typeof iso === 'number' ? iso : null;
}

// --- socket frames ----------------------------------------------------------------------------------------

function listen(client) {
  client.on('message.new', (d) => {
    const m = normalizeMessage(d);
    const t = state.threads.get(m.conversationId);
    if (!t) {
      loadThreads(); // a new thread: read the inbox again
      return;
    }
    t.lastMessage = { preview: m.type === 'image' ? tx('chat.preview.image') : m.content.slice(0, 120), at: m.createdAt, senderType: m.senderType, seq: m.seq };
    const looking = state.selectedId === m.conversationId && document.visibilityState === 'visible';
    if (!looking && m.sender?.id !== state.me.id && m.type !== 'system') {
      t.unread = { ...(t.unread || {}), seller: sellerUnread(t) + 1 };
      notify({ title: tx('attention.new_message', { name: m.sender?.name || tx('chat.someone') }), body: t.lastMessage.preview, tag: m.conversationId });
    }
    renderList();
  });
  client.on('conversation.created', (d) => {
    const c = normalizeConversation(d);
    if (c.kind === 'buyer_seller' && !state.threads.has(c.id)) loadThreads();
  });
  client.on('message.read', (d) => {
    const r = unwrapFrame(d);
    if (r.reader && r.reader.id === state.me.id) {
      const t = state.threads.get(r.conversationId);
      if (t) { t.unread = { ...(t.unread || {}), seller: 0 }; renderList(); }
    }
  });
  client.on('open', ({ reconnect }) => { if (reconnect) loadThreads(); });
}

async function main() {
  let s = null;
  try {
    s = await startApp('seller');
  } catch (err) {
    toastError(err);
  }
  if (!s) { app.replaceChildren(signInPicker('seller')); return; }
  if (!hasRole('SELLER')) {
    app.replaceChildren(h('div', { class: 'picker card' }, h('h2', {}, tx('seller.seller_only')),
      h('p', {}, tx('seller.no_seller_role', { name: s.name })), signInPicker('seller')));
    return;
  }
  state.me = { id: s.userId, name: s.name };
  state.client = new RealtimeClient();
  document.getElementById('conn-slot').append(connectionBadge(state.client));
  document.getElementById('identity-slot').append(identityBar('seller'));
  layout();
  renderList();
  listen(state.client);
  state.client.connect();
  startRelativeClock();
  window.__parley = { client: state.client, state };
  loadResponseStats();
  await loadThreads();
  await openLinkedThread();
}

/** ?thread=<id> (the link in a notification e-mail or push) opens that thread. */
async function openLinkedThread() {
  const id = new URL(location.href).searchParams.get('thread');
  if (!id) return;
  try {
    const linked = state.threads.get(id) || normalizeConversation(await Parley.getConversation(id));
    openThread(linked);
  } catch (err) {
    toastError(err);
  }
}

main();
