// Staff support dashboard: counters, the live pending list, the claim, my tickets, the chat, lifecycle
// actions and the stats panel (seed section 7 and 9).
//
// Live updates come from the socket: `conversation.created` adds a ticket to the pending list,
// `conversation.claimed` removes it (with a toast naming who took it), `conversation.updated` moves a
// ticket between lists, `message.new` updates previews and unread badges. After a reconnect the lists and
// counts are reloaded, since frames may have been missed while away.
import { t } from '/shared/i18n.js';
import {
  startApp, session, hasRole, Parley, RealtimeClient, normalizeConversation, normalizeMessage, unwrapFrame, itemsOf,
  describeError, DEMO_IDENTITIES,
} from '/shared/parley.js';
import {
  h, clear, toast, toastError, errorPanel, connectionBadge, identityBar, signInPicker, avatar, relTimeEl,
  startRelativeClock, priorityBadge, statusBadge, formatDuration, formatDateTime, modal,
  titleCount, activatable,
} from '/shared/ui.js';
import { ChatView } from '/shared/chat.js';
import { notify } from '/shared/attention.js';
import { showSessionsAdmin } from '/dashboard/sessions.js';
import { subjectCard } from '/shared/catalog.js';


const PRIORITY_RANK = { urgent: 0, high: 1, medium: 2, low: 3 };
const NEW_FOR_MS = 5 * 60 * 1000;

const state = {
  client: null,
  me: null,
  tab: 'pending',
  lists: { pending: new Map(), mine: new Map(), resolved: new Map(), all: new Map() },
  cursors: { pending: null, mine: null, resolved: null, all: null },
  loaded: { pending: false, mine: false, resolved: false, all: false },
  errors: {},
  counts: { pending: null, mine: null, resolved: null },
  selectedId: null,
  selected: null,
  chat: null,
  claiming: new Set(),
  freshIds: new Set(),
  liveAdded: new Map(), // id -> when a frame added it (pending list)
  liveRemoved: new Map(), // id -> when a frame or a claim removed it
};

const app = document.getElementById('app');
let listEl;
let contentEl;
let mainEl;
let tabsEl;
let countersEl;

// --- layout ------------------------------------------------------------------------------------------

function layout() {
  countersEl = h('div', { class: 'counters' });
  tabsEl = h('div', { class: 'tabs', role: 'tablist' });
  listEl = h('div', { class: 'list-scroll', 'data-testid': 'list' });
  contentEl = h('section', { class: 'content card', 'data-testid': 'content' });
  mainEl = h('div', { class: 'dash-main' },
    h('aside', { class: 'sidebar card' }, tabsEl, listEl),
    contentEl);
  app.replaceChildren(countersEl, mainEl);
  renderCounters();
  renderTabs();
  renderEmptyContent();
}

function tabsDef() {
  const tabs = [
    { key: 'pending', label: t('dash.tab.pending') },
    { key: 'mine', label: t('dash.tab.mine') },
    { key: 'resolved', label: t('dash.tab.done') },
  ];
  if (hasRole('ADMIN')) tabs.push({ key: 'all', label: t('dash.tab.all') });
  tabs.push({ key: 'stats', label: t('dash.tab.stats') });
  if (hasRole('ADMIN')) tabs.push(sessionsTab());
  return tabs;
}

function renderCounters() {
  const c = state.counts;
  const card = (key, icon, label) => h('button', {
    class: `counter counter-${key} card${state.tab === key ? ' on' : ''}`, type: 'button', 'data-testid': `count-${key}`,
    onclick: () => selectTab(key),
  }, h('span', { class: 'ic', 'aria-hidden': 'true' }, icon),
  h('span', {}, h('div', { class: 'num', 'data-testid': `count-${key}-value` }, c[key] == null ? '–' : String(c[key])),
    h('div', { class: 'lbl' }, label)));
  countersEl.replaceChildren(card('pending', '📬', t('dash.tab.pending')), card('mine', '💼', t('dash.tab.mine')), card('resolved', '✅', t('dash.resolved')));
}

function renderTabs() {
  tabsEl.replaceChildren(...tabsDef().map((tab) => {
    const n = tab.key === 'pending' ? state.lists.pending.size : tab.key === 'mine' ? state.lists.mine.size : null;
    return h('button', {
      class: `tab${state.tab === tab.key ? ' on' : ''}`, role: 'tab', type: 'button', 'data-testid': `tab-${tab.key}`,
      'aria-selected': state.tab === tab.key ? 'true' : 'false', onclick: () => selectTab(tab.key),
    }, tab.label, n != null && state.loaded[tab.key] ? h('span', { class: 'count' }, String(n)) : null);
  }));
}

function selectTab(tab) {
  state.tab = tab;
  renderTabs();
  renderCounters();
  if (tab === 'stats') {
    clear(listEl);
    listEl.append(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '📊'), t('dash.stats_on_right')));
    showStats();
    return;
  }
  if (tab === 'sessions') {
    openSessionsTab();
    return;
  }
  if (!state.loaded[tab]) loadList(tab);
  else renderList();
  if (state.selected == null && !contentEl.querySelector('.chat')) renderEmptyContent();
}

function renderEmptyContent() {
  if (state.chat) { state.chat.destroy(); state.chat = null; }
  contentEl.replaceChildren(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '💬'),
    h('div', {}, t('dash.pick_ticket')),
    h('div', { class: 'small' }, t('dash.open_claims'))));
  mainEl.classList.remove('show-content');
}

// --- data --------------------------------------------------------------------------------------------

async function loadCounts() {
  try {
    const c = await Parley.counts();
    state.counts = {
      pending: num(c.pending), mine: num(c.mine ?? c.assignedToMe ?? c.assigned), resolved: num(c.resolved),
    };
  } catch {
    // Counters fall back to the list sizes we know, and show "–" for what we do not.
    state.counts = {
      pending: state.loaded.pending ? state.lists.pending.size : null,
      mine: state.loaded.mine ? state.lists.mine.size : null,
      resolved: state.counts.resolved,
    };
  }
  renderCounters();
}

let countsTimer = null;
function refreshCountsSoon() {
  clearTimeout(countsTimer);
  countsTimer = setTimeout(loadCounts, 400);
}

function num(v) {
  return v == null ? null : Number(v);
}

async function loadList(view, { more = false } = {}) {
  if (!more) state.errors[view] = null;
  if (view === state.tab && !more && !state.loaded[view]) {
    clear(listEl);
    listEl.append(h('div', { class: 'empty-state' }, t('common.loading')));
  }
  const started = Date.now();
  try {
    const page = await Parley.listConversations(view, more ? state.cursors[view] : undefined);
    const list = state.lists[view];
    // Frames that arrived while the request was in flight are newer than the page: keep what they added,
    // and do not bring back what they removed.
    const keep = more ? [] : [...list.values()].filter((c) => (state.liveAdded.get(c.id) || 0) >= started);
    if (!more) list.clear();
    for (const raw of itemsOf(page)) {
      const c = normalizeConversation(raw);
      if (c.kind && c.kind !== 'support') continue; // admins' "all" also holds buyer–seller threads
      if (c.id && !((state.liveRemoved.get(c.id) || 0) >= started)) list.set(c.id, c);
    }
    for (const c of keep) if (!list.has(c.id)) list.set(c.id, c);
    state.cursors[view] = (page && page.nextCursor) || null;
    state.loaded[view] = true;
  } catch (err) {
    state.errors[view] = err;
  }
  if (view === state.tab) renderList();
  renderTabs();
}

function sortedList(view) {
  const items = [...state.lists[view].values()];
  if (view === 'pending') {
    return items.sort((a, b) => (PRIORITY_RANK[a.priority] ?? 2) - (PRIORITY_RANK[b.priority] ?? 2)
      || time(a.createdAt) - time(b.createdAt));
  }
  return items.sort((a, b) => time(activityAt(b)) - time(activityAt(a)));
}

function activityAt(c) {
  return (c.lastMessage && c.lastMessage.at) || c.updatedAt || c.createdAt;
}

function time(iso) {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function staffUnread(c) {
  const u = c.unread || {};
  return Number(u.staff ?? 0) || 0;
}

// --- list rendering -------------------------------------------------------------------------------------

function renderList() {
  titleCount([...state.lists.mine.values()].reduce((n, c) => n + staffUnread(c), 0));
  if (state.tab === 'sessions') return; // the admin's sessions pane owns the list column
  const view = state.tab;
  if (view === 'stats') return;
  const scroll = listEl.scrollTop;
  clear(listEl);
  if (state.errors[view]) {
    listEl.append(errorPanel(state.errors[view], () => loadList(view)));
    return;
  }
  const items = sortedList(view);
  if (!items.length) {
    const empty = {
      pending: ['🎉', t('dash.empty.pending'), t('dash.empty.pending_hint')],
      mine: ['☕', t('dash.empty.mine'), t('dash.empty.mine_hint')],
      resolved: ['📁', t('dash.empty.resolved'), ''],
      all: ['📭', t('dash.empty.all'), ''],
    }[view];
    listEl.append(h('div', { class: 'empty-state', 'data-testid': 'list-empty' }, h('div', { class: 'big' }, empty[0]),
      h('div', {}, empty[1]), h('div', { class: 'small' }, empty[2])));
    return;
  }
  listEl.append(h('ul', { class: 'rows', 'data-testid': `list-${view}` }, items.map((c) => renderRow(c, view))));
  if (state.cursors[view]) {
    listEl.append(h('button', { class: 'btn btn-secondary btn-sm list-more', type: 'button', onclick: () => loadList(view, { more: true }) },
      t('common.load_more')));
  }
  listEl.scrollTop = scroll;
}

function renderRow(c, view) {
  const customer = c.customer || c.buyer || { name: t('common.customer') };
  const preview = (c.lastMessage && c.lastMessage.preview) || c.subject || '';
  const isNew = view === 'pending' && (state.freshIds.has(c.id) || Date.now() - time(c.createdAt) < NEW_FOR_MS);
  const unread = view === 'mine' ? staffUnread(c) : 0;
  const action = view === 'pending'
    ? h('button', {
      class: 'btn btn-primary btn-sm claim-btn', type: 'button', 'data-testid': 'claim',
      disabled: state.claiming.has(c.id),
      onclick: (e) => { e.stopPropagation(); claim(c); },
    }, t('dash.view_details'))
    : view === 'mine' ? h('span', { class: 'btn btn-secondary btn-sm' }, t('dash.chat_now')) : null;
  const row = activatable(h('li', {
    class: `row${state.selectedId === c.id ? ' selected' : ''}${unread ? ' has-unread' : ''}${state.freshIds.has(c.id) ? ' row-enter' : ''}`,
    'data-testid': 'ticket-row', dataset: { id: c.id, ticket: c.ticketNumber || '' },
    onclick: () => (view === 'pending' ? claim(c) : openConversation(c)),
  },
  avatar(customer),
  h('div', { class: 'row-main' },
    h('div', { class: 'row-top' },
      isNew ? h('span', { class: 'badge badge-new' }, t('dash.new_badge')) : null,
      view !== 'pending' ? statusBadge(c.status) : null,
      c.priority && c.priority !== 'medium' ? priorityBadge(c.priority) : null,
      h('span', { class: 'row-name', 'data-testid': 'row-name' }, customer.name)),
    h('div', { class: 'row-preview', 'data-testid': 'row-preview' }, preview ? `“${preview}”` : ''),
    h('div', { class: 'row-meta muted' }, c.ticketNumber ? `#${c.ticketNumber} · ` : '',
      relTimeEl(view === 'pending' ? c.createdAt : activityAt(c), 'muted'),
      view === 'all' && c.assignedTo ? ` · ${c.assignedTo.name}` : '')),
  h('div', { class: 'row-side' }, action,
    unread ? h('span', { class: 'unread', 'data-testid': 'unread', title: t('dash.unread', { count: unread }) }, String(unread)) : null)));
  return row;
}

/** Removes a row with a short animation, then re-renders. */
function vanish(view, id) {
  state.liveRemoved.set(id, Date.now());
  const had = state.lists[view].delete(id);
  if (!had) return;
  if (view === 'pending' && state.counts.pending) { state.counts.pending -= 1; renderCounters(); }
  const row = state.tab === view && listEl.querySelector(`[data-testid="ticket-row"][data-id="${cssEscape(id)}"]`);
  renderTabs();
  if (row) {
    row.classList.add('row-leave');
    row.dataset.leaving = 'true';
    setTimeout(() => { if (state.tab === view) renderList(); }, 350);
  } else if (state.tab === view) renderList();
}

function cssEscape(s) {
  return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
}

// --- the claim ------------------------------------------------------------------------------------------

async function claim(c) {
  if (state.claiming.has(c.id)) return;
  state.claiming.add(c.id);
  renderList();
  try {
    const won = normalizeConversation(await Parley.claim(c.id));
    state.lists.pending.delete(c.id);
    state.liveRemoved.set(c.id, Date.now());
    state.lists.mine.set(won.id, { ...c, ...won });
    toast(t('dash.claimed_you', { number: won.ticketNumber ? '#' + won.ticketNumber : '' }), 'success', 2500);
    state.tab = 'mine';
    renderTabs();
    renderCounters();
    renderList();
    openConversation(state.lists.mine.get(won.id));
  } catch (err) {
    if (err.status === 409) {
      const who = err.problem.claimedBy && err.problem.claimedBy.name;
      toast(who ? t('dash.claimed_by', { number: (c.ticketNumber ? '#' + c.ticketNumber : ''), who }) : describeError(err), 'warning', 6000);
      vanish('pending', c.id);
    } else if (err.status === 404) {
      toast(t('dash.ticket_gone'), 'warning');
      vanish('pending', c.id);
    } else {
      toastError(err);
    }
  } finally {
    state.claiming.delete(c.id);
    if (state.tab === 'pending') renderList();
    refreshCountsSoon();
  }
}

// --- the chat window -----------------------------------------------------------------------------------

function canWrite(c) {
  return (c.status === 'assigned' && c.assignedTo && c.assignedTo.id === state.me.id) || hasRole('ADMIN');
}

function openConversation(c) {
  if (state.chat) { state.chat.destroy(); state.chat = null; }
  state.selectedId = c.id;
  state.selected = c;
  renderList();
  mainEl.classList.add('show-content');
  const head = h('div', { class: 'chat-head', 'data-testid': 'chat-head' });
  const chat = new ChatView({
    client: state.client, conversationId: c.id, me: state.me,
    placeholder: t('dash.composer_placeholder'),
  });
  state.chat = chat;
  contentEl.replaceChildren(head, subjectCard(c) || h('span'), chat.el);
  renderChatHead(c);
  chat.load();
  if (state.lists.mine.has(c.id)) {
    state.lists.mine.get(c.id).unread = { ...(c.unread || {}), staff: 0 };
    renderList();
  }
  // The list may hold an older copy: read the ticket fresh for the header.
  Parley.getConversation(c.id).then((fresh) => {
    if (state.selectedId !== c.id) return;
    state.selected = { ...state.selected, ...normalizeConversation(fresh) };
    renderChatHead(state.selected);
  }).catch(() => {});
}

function renderChatHead(c) {
  const head = contentEl.querySelector('.chat-head');
  if (!head) return;
  const customer = c.customer || { name: t('common.customer') };
  const mineNow = c.assignedTo && c.assignedTo.id === state.me.id;
  const admin = hasRole('ADMIN');
  const actions = [];
  if (c.status === 'assigned' && (mineNow || admin)) {
    actions.push(actionBtn(t('dash.action.resolve'), 'btn-success', 'resolve', () => lifecycle(c, 'resolve')));
    actions.push(actionBtn(t('dash.action.release'), 'btn-secondary', 'release', () => lifecycle(c, 'release')));
    actions.push(actionBtn(t('dash.action.transfer'), 'btn-secondary', 'transfer', () => transfer(c)));
  }
  if (c.status === 'resolved' && (mineNow || admin)) {
    actions.push(actionBtn(t('dash.action.reopen'), 'btn-secondary', 'reopen', () => lifecycle(c, 'reopen')));
    actions.push(actionBtn(t('dash.action.close'), 'btn-danger', 'close', () => lifecycle(c, 'close')));
  }
  if (c.status === 'pending') {
    actions.push(actionBtn(t('dash.action.claim'), 'btn-primary', 'claim-open', () => claim(c)));
  }
  head.replaceChildren(
    h('button', { class: 'icon-btn back-btn', type: 'button', 'data-testid': 'back-to-list', 'aria-label': t('common.back'), onclick: () => { state.selectedId = null; state.selected = null; renderEmptyContent(); renderList(); } }, '←'),
    avatar(customer),
    h('div', { class: 'who' },
      h('strong', { 'data-testid': 'chat-customer' }, customer.name),
      h('div', { class: 'meta' },
        c.ticketNumber ? h('span', {}, `#${c.ticketNumber}`) : null,
        statusBadge(c.status), priorityBadge(c.priority),
        c.subject ? h('span', {}, `· ${c.subject}`) : null,
        c.assignedTo && !mineNow ? h('span', {}, t('dash.handling_suffix', { name: c.assignedTo.name })) : null)),
    h('div', { class: 'actions' }, actions));
  if (state.chat) {
    if (canWrite(c)) state.chat.setCanPost(true);
    else if (c.status === 'pending') state.chat.setCanPost(false, t('dash.claim_to_reply'));
    else if (c.status === 'closed') state.chat.setCanPost(false, t('dash.ticket_closed'));
    else if (c.status === 'resolved') state.chat.setCanPost(false, t('dash.ticket_resolved_hint'));
    else state.chat.setCanPost(false, c.assignedTo ? t('dash.handling', { name: c.assignedTo.name }) : t('dash.not_yours'));
  }
}

function actionBtn(label, cls, testid, fn) {
  return h('button', { class: `btn btn-sm ${cls}`, type: 'button', 'data-testid': `action-${testid}`, onclick: async (e) => {
    const b = e.currentTarget;
    b.disabled = true;
    try { await fn(); } finally { b.disabled = false; }
  } }, label);
}

const DONE_TEXT = {
  resolve: t('dash.done.resolved'), release: t('dash.done.released'), reopen: t('dash.done.reopened'), close: t('dash.done.closed'),
};

async function lifecycle(c, action) {
  try {
    const updated = normalizeConversation(await Parley[action](c.id));
    toast(DONE_TEXT[action], 'success', 2500);
    place({ ...c, ...updated });
    if (action === 'release') {
      state.selectedId = null;
      state.selected = null;
      renderEmptyContent();
    }
  } catch (err) {
    toastError(err);
  }
  refreshCountsSoon();
}

async function transfer(c) {
  const known = new Map();
  for (const i of DEMO_IDENTITIES) if (i.roles.includes('STAFF') && i.userId !== state.me.id) known.set(i.userId, i.name);
  for (const s of state.staffFromStats || []) if (s.id && s.id !== state.me.id) known.set(s.id, s.name || s.id);
  const select = h('select', { 'data-testid': 'transfer-select' },
    [...known].map(([id, name]) => h('option', { value: id }, `${name} (${id})`)),
    h('option', { value: '' }, t('dash.transfer.other')));
  const otherId = h('input', { type: 'text', placeholder: t('dash.transfer.staff_id'), hidden: true });
  const otherName = h('input', { type: 'text', placeholder: t('dash.transfer.staff_name'), hidden: true });
  select.addEventListener('change', () => { otherId.hidden = otherName.hidden = select.value !== ''; });
  const body = h('div', {}, h('p', { class: 'muted' }, t('dash.transfer_hint', { number: (c.ticketNumber ? '#' + c.ticketNumber : '') })),
    h('label', { class: 'field' }, h('span', {}, t('dash.transfer.target')), select), otherId, otherName);
  const target = await modal(t('dash.transfer.title'), body, [{
    label: t('dash.action.transfer'), testid: 'transfer-confirm',
    value: () => {
      if (select.value) return { id: select.value, name: known.get(select.value) };
      if (!otherId.value.trim()) { otherId.focus(); return undefined; }
      return { id: otherId.value.trim(), name: otherName.value.trim() || otherId.value.trim() };
    },
  }]);
  if (!target) return;
  try {
    const updated = normalizeConversation(await Parley.transfer(c.id, target));
    toast(t('dash.transferred_to', { name: target.name }), 'success');
    place({ ...c, ...updated, assignedTo: updated.assignedTo || target });
  } catch (err) {
    toastError(err);
  }
  refreshCountsSoon();
}

/** Puts a conversation in the lists its state says it belongs to, and out of the others. */
function place(c) {
  if (!c || !c.id) return;
  if (c.kind && c.kind !== 'support') return;
  const mine = c.status === 'assigned' && c.assignedTo && c.assignedTo.id === state.me.id;
  const want = {
    pending: c.status === 'pending',
    mine,
    resolved: c.status === 'resolved' && (!c.assignedTo || c.assignedTo.id === state.me.id || hasRole('ADMIN')),
    all: hasRole('ADMIN'),
  };
  for (const view of Object.keys(want)) {
    if (!state.loaded[view]) continue;
    const list = state.lists[view];
    if (want[view]) {
      list.set(c.id, { ...(list.get(c.id) || {}), ...c });
      if (view === 'pending') { state.liveAdded.set(c.id, Date.now()); state.liveRemoved.delete(c.id); }
    }
    else if (list.has(c.id)) { if (view === 'pending') vanish(view, c.id); else list.delete(c.id); }
  }
  if (state.selectedId === c.id) {
    state.selected = { ...state.selected, ...c };
    renderChatHead(state.selected);
  }
  renderTabs();
  renderList();
}

// --- admin: sign-in sessions (dashboard/sessions.js) -------------------------------------------------------

function sessionsTab() {
  return { key: 'sessions', label: (document.documentElement.lang || '').startsWith('en') ? 'Sessions' : 'Phiên' };
}

function openSessionsTab() {
  if (state.chat) { state.chat.destroy(); state.chat = null; }
  state.selectedId = null;
  showSessionsAdmin(listEl, contentEl);
}

// --- stats -----------------------------------------------------------------------------------------------

async function showStats() {
  if (state.chat) { state.chat.destroy(); state.chat = null; }
  state.selectedId = null;
  mainEl.classList.add('show-content');
  const pane = h('div', { class: 'stats', 'data-testid': 'stats', tabindex: '0', role: 'region', 'aria-label': t('dash.stats.title') }, h('h2', {}, t('dash.stats.title')), h('div', { class: 'muted' }, t('common.loading')));
  contentEl.replaceChildren(pane);
  try {
    const stats = await Parley.stats();
    pane.replaceChildren(...renderStats(stats));
  } catch (err) {
    pane.replaceChildren(h('h2', {}, t('dash.stats.title')), errorPanel(err, () => showStats()));
  }
}

function pick(o, ...names) {
  for (const n of names) if (o && o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
}

function renderStats(stats) {
  const staff = pick(stats, 'staff', 'perStaff', 'byStaff', 'items') || [];
  const claims = pick(stats, 'claims', 'race', 'claimStats') || {};
  state.staffFromStats = staff.map((s) => ({ id: pick(s, 'staffId', 'id') ?? pick(s.staff || {}, 'id'), name: pick(s, 'name', 'staffName') ?? pick(s.staff || {}, 'name') }));
  const out = [h('h2', {}, t('dash.stats.title'))];
  if (stats.from) {
    out.push(h('div', { class: 'muted small' }, t('dash.stats.period', { from: formatDateTime(stats.from), to: formatDateTime(stats.to) || t('dash.stats.now') }),
      hasRole('ADMIN') ? '' : t('dash.stats.yours')));
  }
  if (staff.length) {
    out.push(h('div', { class: 'stats-grid', 'data-testid': 'staff-stats' }, staff.map((s) => {
      const person = { id: pick(s, 'staffId', 'id') ?? s.staff?.id, name: pick(s, 'name', 'staffName') ?? s.staff?.name ?? pick(s, 'staffId', 'id') };
      const avg = pick(s, 'avgFirstResponseSeconds', 'averageFirstResponseSeconds', 'avgFirstResponseTimeSeconds');
      const avgMs = pick(s, 'avgFirstResponseMs', 'averageFirstResponseMillis');
      return h('div', { class: 'staff-card' },
        h('div', { class: 'head' }, avatar(person, 'avatar-sm'), h('strong', {}, person.name || '—')),
        h('dl', {},
          h('dt', {}, t('dash.stats.total')), h('dd', {}, String(pick(s, 'handled', 'total', 'totalTickets') ?? '—')),
          h('dt', {}, t('dash.stats.active')), h('dd', {}, String(pick(s, 'active', 'assigned', 'activeTickets') ?? '—')),
          h('dt', {}, t('dash.stats.resolved')), h('dd', {}, String(pick(s, 'resolved', 'resolvedTickets') ?? '—')),
          h('dt', {}, t('dash.stats.first_response')), h('dd', {}, avg != null ? formatDuration(avg) : avgMs != null ? formatDuration(avgMs / 1000) : '—')));
    })));
  } else {
    out.push(h('div', { class: 'empty-state' }, t('dash.stats.no_staff')));
  }
  const attempts = pick(claims, 'attempts', 'claimAttempts', 'total');
  const conflicts = pick(claims, 'conflicts', 'claimConflicts', 'failed');
  const won = pick(claims, 'won', 'succeeded', 'successful');
  const created = pick(stats, 'ticketsCreated', 'created', 'newTickets') ?? pick(claims, 'tickets');
  if (attempts != null || conflicts != null) {
    const rate = pick(claims, 'conflictRate') ?? (attempts ? conflicts / attempts : 0);
    const pct = (Number(rate) * (rate <= 1 ? 100 : 1)).toFixed(1);
    out.push(h('div', { class: 'race', 'data-testid': 'claim-stats' },
      h('h3', {}, t('dash.stats.race')),
      h('div', { class: 'kv' },
        created != null ? h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.new_tickets')), h('strong', {}, String(created))) : null,
        h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.claim_clicks')), h('strong', {}, String(attempts ?? '—'))),
        won != null ? h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.claim_won')), h('strong', {}, String(won))) : null,
        h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.collisions')), h('strong', {}, String(conflicts ?? '—'))),
        h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.collision_rate')), h('strong', {}, `${pct}%`))),
      h('div', { class: 'bar', title: t('dash.stats.collision_pct', { pct }) }, bar(pct))));
  }
  const queue = stats.queue || {};
  if (queue.pending != null) {
    const over = queue.pendingThreshold != null && queue.pending > queue.pendingThreshold;
    out.push(h('div', { class: 'race queue-state', 'data-testid': 'queue-stats' },
      h('h3', {}, t('dash.stats.queue_now')),
      h('div', { class: 'kv' },
        h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.pending')), h('strong', {}, `${queue.pending}${over ? ' ⚠' : ''}`),
          queue.pendingThreshold != null ? h('span', { class: 'muted small' }, t('dash.stats.threshold', { n: queue.pendingThreshold })) : null),
        queue.overloadedStaff != null ? h('div', {}, h('span', { class: 'muted small' }, t('dash.stats.overloaded')),
          h('strong', {}, String(queue.overloadedStaff)),
          queue.activeTicketsPerStaffThreshold != null ? h('span', { class: 'muted small' }, t('dash.stats.per_staff', { n: queue.activeTicketsPerStaffThreshold })) : null) : null)));
  }
  return out;
}

function bar(pct) {
  const s = h('span');
  s.style.width = `${Math.min(100, Math.max(0, Number(pct)))}%`;
  return s;
}

// --- socket frames ----------------------------------------------------------------------------------------

function listen(client) {
  client.on('conversation.created', (d) => {
    const c = normalizeConversation(d);
    if ((c.kind && c.kind !== 'support') || !c.id) return;
    if (c.status && c.status !== 'pending') return;
    c.status = 'pending';
    if (!state.lists.pending.has(c.id)) {
      state.lists.pending.set(c.id, c);
      state.liveAdded.set(c.id, Date.now());
      state.liveRemoved.delete(c.id);
      state.freshIds.add(c.id);
      setTimeout(() => state.freshIds.delete(c.id), 3000);
      if (state.counts.pending != null) state.counts.pending += 1;
      renderCounters();
      renderTabs();
      if (state.tab === 'pending') renderList();
      notify({
        title: t('attention.new_ticket', { number: c.ticketNumber ? '#' + c.ticketNumber : '' }),
        body: c.subject || (c.lastMessage && c.lastMessage.preview) || '', tag: c.id,
      });
    }
    refreshCountsSoon();
  });

  client.on('conversation.claimed', (d) => {
    const c = normalizeConversation(d);
    const by = c.claimedBy || c.assignedTo || (c.actor && { id: c.actor.id, name: c.actor.name });
    const wasPending = state.lists.pending.has(c.id);
    if (wasPending) {
      const known = state.lists.pending.get(c.id);
      vanish('pending', c.id);
      if (by && by.id !== state.me.id && !state.claiming.has(c.id)) {
        const number = c.ticketNumber || known.ticketNumber;
        toast(t('dash.toast.claimed_by', { who: by.name, number: number ? '#' + number : '' }), 'info', 5000);
      }
    }
    if (by && by.id === state.me.id && !state.lists.mine.has(c.id)) {
      // Claimed by me in another tab: show it under "mine".
      Parley.getConversation(c.id).then((fresh) => place(normalizeConversation(fresh))).catch(() => {});
    }
    refreshCountsSoon();
  });

  client.on('conversation.updated', (d) => {
    const c = normalizeConversation(d);
    if (!c.id || (c.kind && c.kind !== 'support')) return;
    const assignee = c.assignedTo !== undefined ? c.assignedTo : c.assignee;
    const wasMine = state.lists.mine.has(c.id) || (state.selected && state.selected.id === c.id && state.selected.assignedTo?.id === state.me.id);
    if (c.change === 'transferred' && assignee && assignee.id === state.me.id) {
      notify({ title: t('attention.transferred', { number: (c.ticketNumber ? '#' + c.ticketNumber : '') }), body: c.subject || '', tag: c.id });
      toast(t('dash.toast.transferred_to_you', { number: (c.ticketNumber ? '#' + c.ticketNumber : '') }) + (c.previousAssignee ? t('dash.toast.transferred_from', { name: c.previousAssignee.name }) : ''), 'info');
    } else if (wasMine && c.change === 'auto_released') {
      toast(t('dash.toast.auto_released', { number: (c.ticketNumber ? '#' + c.ticketNumber : '') }), 'warning', 7000);
    } else if (wasMine && c.change === 'transferred' && assignee) {
      toast(t('dash.toast.transferred', { number: (c.ticketNumber ? '#' + c.ticketNumber : ''), name: assignee.name }), 'info');
    }
    // Apply what the frame says at once, then the full state from the service.
    if (c.status) place({ ...(state.lists.mine.get(c.id) || state.lists.pending.get(c.id) || {}), ...c, assignedTo: assignee ?? null });
    Parley.getConversation(c.id).then((fresh) => place(normalizeConversation(fresh))).catch(() => {});
    refreshCountsSoon();
  });

  client.on('message.new', (d) => {
    const m = normalizeMessage(d);
    for (const view of ['mine', 'pending', 'all']) {
      const c = state.lists[view].get(m.conversationId);
      if (!c) continue;
      c.lastMessage = { preview: previewOf(m), at: m.createdAt, senderType: m.senderType, seq: m.seq };
      const looking = state.selectedId === m.conversationId && document.visibilityState === 'visible';
      if (view === 'mine' && !looking && m.sender?.id !== state.me.id && m.type !== 'system') {
        c.unread = { ...(c.unread || {}), staff: staffUnread(c) + 1 };
        notify({ title: t('attention.new_message', { name: m.sender?.name || t('chat.someone') }), body: previewOf(m), tag: m.conversationId });
      }
    }
    if (state.tab !== 'stats') renderList();
  });

  client.on('message.read', (d) => {
    const r = unwrapFrame(d);
    if (r.reader && r.reader.id === state.me.id) {
      const c = state.lists.mine.get(r.conversationId);
      if (c) { c.unread = { ...(c.unread || {}), staff: 0 }; renderList(); }
    }
  });

  client.on('open', ({ reconnect }) => {
    if (!reconnect) return;
    for (const view of Object.keys(state.loaded)) if (state.loaded[view]) loadList(view);
    loadCounts();
  });
}

function previewOf(m) {
  if (m.type === 'image') return t('chat.preview.image');
  if (m.type === 'file') return t('chat.preview.file');
  return m.content.slice(0, 120);
}

/** Online / away for the support team (the realtime presence registry); re-sent after every reconnect. */
function availabilityToggle(client) {
  const select = h('select', { class: 'availability', 'aria-label': t('dash.availability'), 'data-testid': 'availability' },
    h('option', { value: 'online' }, t('dash.available')), h('option', { value: 'away' }, t('dash.away')));
  select.value = sessionStorage.getItem('parley.dashboard.availability') || 'online';
  const announce = () => { if (select.value !== 'online') client.send('presence', { status: select.value }); };
  select.addEventListener('change', () => {
    sessionStorage.setItem('parley.dashboard.availability', select.value);
    client.send('presence', { status: select.value });
  });
  client.on('open', announce);
  return select;
}

// --- start ------------------------------------------------------------------------------------------------

async function main() {
  let s = null;
  try {
    s = await startApp('dashboard');
  } catch (err) {
    toastError(err);
  }
  if (!s) {
    app.replaceChildren(signInPicker('dashboard'));
    return;
  }
  if (!hasRole('STAFF') && !hasRole('ADMIN')) {
    app.replaceChildren(h('div', { class: 'picker card' }, h('h2', {}, t('dash.staff_only')),
      h('p', {}, t('dash.no_staff_role', { name: s.name })), signInPicker('dashboard')));
    return;
  }
  state.me = { id: s.userId, name: s.name };
  state.client = new RealtimeClient();
  document.getElementById('conn-slot').append(connectionBadge(state.client));
  document.getElementById('identity-slot').append(availabilityToggle(state.client), identityBar('dashboard'));
  layout();
  listen(state.client);
  state.client.connect();
  startRelativeClock();
  window.__parley = { client: state.client, state };
  await Promise.all([loadList('pending'), loadList('mine'), loadCounts()]);
  await openLinkedConversation();
  // Keep the counters honest even if a frame was missed.
  setInterval(loadCounts, 30000);
}

/**
 * ?conversation=<id> (the link in a notification e-mail or push) opens that ticket for reading; a pending one
 * is claimed only when the agent presses "Nhận ticket", never by following a link.
 */
async function openLinkedConversation() {
  const id = new URL(location.href).searchParams.get('conversation');
  if (!id) return;
  try {
    openConversation(normalizeConversation(await Parley.getConversation(id)));
  } catch (err) {
    toastError(err);
  }
}

main();
