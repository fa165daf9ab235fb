// Storefront page with the floating chat widget.
//   CUSTOMER: a support chat. Opens a ticket (subject + first message), shows the queue position while it is
//             pending (conversation.queue, refreshed by conversation.* frames and by polling), the agent once
//             it is taken, then the chat. The ticket id is remembered per user, so a reload finds the history.
//   BUYER:    "chat with the seller" from the product or the order card; a list of the buyer's threads.
import { t } from '/shared/i18n.js';
import {
  startWithHostToken, session, hasRole, Parley, RealtimeClient, normalizeConversation, unwrapFrame, itemsOf, describeError,
  newClientMessageId, normalizeMessage,
} from '/shared/parley.js';
import {
  h, clear, toast, toastError, errorPanel, connectionBadge, avatar, formatDuration,
  relTimeEl, startRelativeClock,
  titleCount, activatable, refuseLongPaste,
} from '/shared/ui.js';
import { ChatView } from '/shared/chat.js';
import { notify } from '/shared/attention.js';
import { PRODUCTS, ORDERS, productThumb, formatPrice, subjectCard, subjectLabel } from '/shared/catalog.js';


const PRODUCT_ID = 'sp-tai-nghe-wh1000xm5';
const ORDER_ID = 'DH-240611-0042';
const TOPICS = [t('widget.topic.delivery'), t('widget.topic.returns'), t('widget.topic.payment'), t('widget.topic.warranty'), t('widget.topic.other')];
const POLL_MS = 4000;

const state = {
  client: null,
  open: false,
  view: null, // { kind: 'ticket'|'thread'|'threads'|'start'|'picker', ... }
  chat: null,
  ticket: null,
  pollTimer: null,
  unread: 0,
};

const root = document.getElementById('widget-root');
const panelBody = h('div', { class: 'panel-body', 'data-testid': 'widget-body' });
const headTitle = h('strong', {}, t('widget.title'));
const headSub = h('div', { class: 'sub', 'data-testid': 'widget-status' }, t('widget.usually'));
const headBack = h('button', { class: 'icon-btn', type: 'button', hidden: true, 'aria-label': t('common.back'), onclick: () => showThreads() }, '←');
const panel = h('section', { class: 'panel', hidden: true, 'data-testid': 'widget-panel', 'aria-label': 'Khung chat' },
  h('div', { class: 'panel-head' }, headBack,
    h('div', { class: 'title' }, headTitle, headSub),
    h('button', { class: 'icon-btn', type: 'button', 'aria-label': t('widget.minimize'), 'data-testid': 'widget-close', onclick: () => setOpen(false) }, '✕')),
  panelBody);
const launcherBadge = h('span', { class: 'unread', hidden: true, 'data-testid': 'launcher-unread' }, '0');
const launcherLabel = h('span', {}, t('widget.support'));
const launcher = h('button', { class: 'launcher', type: 'button', 'data-testid': 'widget-launcher', onclick: () => setOpen(!state.open) },
  h('span', { 'aria-hidden': 'true' }, '💬'), launcherLabel, launcherBadge);
root.append(panel, launcher);
// Escape closes the open widget (unless a dialog or an edit box takes it first) and gives the focus back
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || !state.open || e.defaultPrevented || document.querySelector('.modal-overlay')) return;
  setOpen(false);
  launcher.focus();
});

function setOpen(open) {
  state.open = open;
  panel.hidden = !open;
  document.body.classList.toggle('panel-open', open);
  sessionStorage.setItem('parley.widget.open', open ? '1' : '');
  if (open) {
    state.unread = 0;
    renderLauncher();
    if (!state.view) route();
  }
  if (state.chat) state.chat.setActive(open);
}

function renderLauncher() {
  launcherBadge.hidden = state.unread === 0;
  launcherBadge.textContent = String(state.unread);
  titleCount(state.unread);
}

function setHead(title, sub, back = false) {
  headTitle.textContent = title;
  clear(headSub);
  if (sub instanceof Node) headSub.append(sub); else headSub.textContent = sub || '';
  headBack.hidden = !back;
}

function closeChat() {
  if (state.chat) state.chat.destroy();
  state.chat = null;
  clearInterval(state.pollTimer);
  state.pollTimer = null;
}

function showBody(...nodes) {
  clear(panelBody);
  panelBody.append(...nodes);
}

// --- the storefront page ----------------------------------------------------------------------------

function renderShop() {
  const p = PRODUCTS[PRODUCT_ID];
  const o = ORDERS[ORDER_ID];
  const s = session();
  const isBuyer = hasRole('BUYER');
  const isCustomer = hasRole('CUSTOMER');
  const shop = document.getElementById('shop');
  shop.replaceChildren(
    h('article', { class: 'product card' },
      productThumb(PRODUCT_ID, 'thumb-xl'),
      h('div', {},
        h('span', { class: 'badge' }, t('shop.genuine')),
        h('h1', {}, p.name),
        h('span', { class: 'price' }, formatPrice(p.price)),
        h('p', { class: 'muted' }, t('shop.description')),
        h('div', { class: 'seller-line' }, avatar(p.seller),
          h('div', { class: 'grow' }, h('strong', {}, p.seller.name), h('div', { class: 'muted small' }, t('shop.seller_rating'))),
          h('button', {
            class: 'btn btn-secondary', type: 'button', 'data-testid': 'chat-seller',
            title: isBuyer ? '' : t('shop.sign_in_buyer'),
            onclick: () => (isBuyer ? openThreadFor({ productId: PRODUCT_ID }) : needRole('BUYER')),
          }, t('shop.chat_seller'))),
        h('div', { class: 'buy-row' },
          h('button', { class: 'btn btn-primary', type: 'button', onclick: () => toast(t('shop.demo_only')) }, t('shop.buy_now')),
          h('button', { class: 'btn btn-secondary', type: 'button', onclick: () => toast(t('shop.added'), 'success') }, t('shop.add_to_cart'))),
        h('div', { class: 'perks' }, h('span', {}, t('shop.fast_delivery')), h('span', {}, t('shop.returns')), h('span', {}, t('shop.warranty'))))),
    h('section', { class: 'order-card card' },
      h('span', { class: 'thumb thumb-md thumb-order', 'aria-hidden': 'true' }, '🧾'),
      h('div', { class: 'grow' },
        h('strong', {}, t('catalog.order_n', { id: ORDER_ID })),
        h('div', { class: 'muted small' }, `${o.items} · ${formatPrice(o.total)} · ${o.status}`)),
      isBuyer ? h('button', { class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'chat-seller-order', onclick: () => openThreadFor({ orderId: ORDER_ID }) },
        t('shop.ask_order')) : null,
      isCustomer || !s ? h('button', { class: 'btn btn-secondary btn-sm', type: 'button', onclick: () => { setOpen(true); startTicket({ orderId: ORDER_ID }); } },
        t('shop.need_help')) : null),
  );
  launcherLabel.textContent = isBuyer && !isCustomer ? t('chat.messages') : t('widget.support');
}

function needRole(role) {
  setOpen(true);
  showPicker(role === 'BUYER' ? t('widget.need_buyer') : undefined, role);
}

// --- routing inside the widget ------------------------------------------------------------------------

async function route() {
  if (!session()) { showPicker(); return; }
  if (hasRole('CUSTOMER')) await showTicket();
  else if (hasRole('BUYER')) await showThreads();
  else {
    showBody(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '🙅'),
      t('widget.wrong_identity'),
      h('a', { href: '/index.html' }, t('widget.home_page')), t('widget.pick_customer')));
  }
}

function showPicker(note, role) {
  closeChat();
  state.view = { kind: 'picker' };
  setHead(t('widget.hello'), t('widget.shop_sign_in'));
  showBody(shopSignInPrompt(note, role));
}

// --- customer: support ticket -----------------------------------------------------------------------

function ticketKey() {
  return `parley.widget.ticket.${session().userId}`;
}

async function findTicket() {
  const remembered = localStorage.getItem(ticketKey());
  if (remembered) {
    try {
      const c = normalizeConversation(await Parley.getConversation(remembered));
      if (c.status !== 'closed') return c;
    } catch (err) {
      if (err.status !== 404 && err.status !== 403) throw err;
    }
    localStorage.removeItem(ticketKey());
  }
  try {
    // A customer's view=all is their own tickets, most recently changed first.
    const list = itemsOf(await Parley.listConversations('all')).map(normalizeConversation);
    const open = list.find((c) => (c.kind || 'support') === 'support' && c.status !== 'closed');
    if (open) localStorage.setItem(ticketKey(), open.id);
    return open || null;
  } catch (err) {
    if (err.status === 400 || err.status === 403 || err.status === 404) return null;
    throw err;
  }
}

async function showTicket() {
  closeChat();
  state.view = { kind: 'ticket-loading' };
  setHead(t('widget.title'), t('common.loading'));
  showBody(h('div', { class: 'empty-state' }, t('common.loading')));
  let ticket;
  try {
    ticket = await findTicket();
  } catch (err) {
    showBody(errorPanel(err, () => showTicket()));
    setHead(t('widget.title'), t('widget.load_failed'));
    return;
  }
  if (!ticket) { startTicket(); return; }
  openTicket(ticket);
}

function startTicket({ orderId } = {}) {
  if (!session() || !hasRole('CUSTOMER')) { needRole('CUSTOMER'); return; }
  closeChat();
  state.view = { kind: 'start' };
  setHead(t('widget.title'), t('widget.usually_short'));
  let topic = orderId ? t('widget.topic.delivery') : null;
  const topics = h('div', { class: 'topics' }, TOPICS.map((name) => {
    const b = h('button', { type: 'button', class: name === topic ? 'on' : '', onclick: () => {
      topic = topic === name ? null : name;
      for (const x of topics.children) x.classList.toggle('on', x.textContent === topic);
      if (!subject.value || TOPICS.includes(subject.value)) subject.value = topic || '';
    } }, name);
    return b;
  }));
  const subject = h('input', { type: 'text', maxlength: '200', placeholder: t('widget.subject_example'), 'data-testid': 'ticket-subject', value: topic || '' });
  const message = refuseLongPaste(h('textarea', { rows: '4', maxlength: '4000', placeholder: t('widget.describe'), 'data-testid': 'ticket-message', required: true }), 4000);
  const error = h('div', { class: 'picker-error', role: 'alert', 'data-testid': 'ticket-error' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'ticket-submit' }, t('widget.start'));
  const form = h('form', { class: 'start-form', 'data-testid': 'ticket-form' },
    h('div', { class: 'hello' }, h('strong', {}, t('widget.hello_name', { name: session().name })),
      h('div', { class: 'muted small' }, t('widget.first_free'))),
    orderId ? subjectCard({ orderId }) : null,
    h('div', { class: 'muted small' }, t('widget.topic')), topics,
    h('label', { class: 'field' }, h('span', {}, t('widget.subject_optional')), subject),
    h('label', { class: 'field' }, h('span', {}, t('chat.messages')), message),
    error, submit);
  const clientRequestId = newClientMessageId(); // one per form: a retried submit gets the same ticket back
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = message.value.trim();
    if (!text) { error.textContent = t('widget.enter_content'); message.focus(); return; }
    submit.disabled = true;
    error.textContent = '';
    try {
      const created = normalizeConversation(await Parley.createTicket({ subject: subject.value.trim(), message: text, orderId, clientRequestId }));
      localStorage.setItem(ticketKey(), created.id);
      openTicket(created);
    } catch (err) {
      error.textContent = describeError(err);
      submit.disabled = false;
    }
  });
  showBody(form);
  message.focus();
}

function openTicket(ticket) {
  closeChat();
  state.ticket = ticket;
  state.view = { kind: 'ticket', id: ticket.id };
  const banner = h('div', { 'data-testid': 'ticket-banner' });
  const chat = new ChatView({
    client: state.client, conversationId: ticket.id, me: { id: session().userId, name: session().name },
    onMessage: (m) => {
      if (!state.open && !chat.isMine(m)) { state.unread += 1; renderLauncher(); }
    },
  });
  state.chat = chat;
  chat.setActive(state.open);
  showBody(banner, chat.el);
  renderTicket(ticket, banner);
  chat.load();
  state.pollTimer = setInterval(() => refreshTicket(), POLL_MS);
}

async function refreshTicket() {
  if (!state.ticket || state.view?.kind !== 'ticket') return;
  // Poll only while something may change without a frame reaching us: waiting in the queue.
  if (state.ticket.status !== 'pending' && state.client.state === 'open') return;
  try {
    const fresh = normalizeConversation(await Parley.getConversation(state.ticket.id));
    applyTicket(fresh);
  } catch { /* keep the last known state; the next poll tries again */ }
}

function applyTicket(fresh) {
  if (!state.ticket || fresh.id !== state.ticket.id) return;
  const before = state.ticket;
  state.ticket = { ...before, ...fresh };
  const banner = panelBody.querySelector('[data-testid="ticket-banner"]');
  if (banner) renderTicket(state.ticket, banner);
  if (before.status === 'pending' && state.ticket.status === 'assigned' && state.ticket.assignedTo) {
    toast(t('widget.taken_by', { name: state.ticket.assignedTo.name }), 'success');
  }
}

function renderTicket(tk, banner) {
  const number = tk.ticketNumber ? `#${tk.ticketNumber}` : '';
  clear(banner);
  banner.className = '';
  const chat = state.chat;
  if (tk.status === 'pending') {
    const q = tk.queue || {};
    const pos = q.position ?? q.queuePosition;
    const wait = q.estimatedWaitSeconds;
    setHead(t('widget.title'), t('widget.req_pending', { number }));
    banner.className = 'queue-banner';
    banner.dataset.state = 'pending';
    banner.append(
      h('span', { class: 'pos', 'data-testid': 'queue-position' }, pos != null ? String(pos) : '…'),
      h('div', {},
        h('strong', {}, t('widget.waiting_agent')),
        h('div', {}, pos != null ? t('widget.position', { pos }) : t('widget.in_queue'),
          wait != null ? t('widget.estimate', { wait: formatDuration(wait) }) : '')));
    chat?.setCanPost(true);
    chat?.setPlaceholder(t('widget.add_info'));
  } else if (tk.status === 'assigned' || tk.status === 'open') {
    const agent = tk.assignedTo || { name: t('widget.agent') };
    setHead(agent.name, t('widget.req_helping', { number }));
    banner.className = 'agent-banner';
    banner.dataset.state = 'assigned';
    banner.append(avatar(agent, 'avatar-sm'),
      h('span', { 'data-testid': 'agent-name' }, h('strong', {}, agent.name), t('widget.helping_you')));
    chat?.setCanPost(true);
    chat?.setPlaceholder(t('chat.placeholder'));
  } else if (tk.status === 'resolved') {
    setHead(t('widget.title'), t('widget.req_resolved', { number }));
    banner.className = 'done-banner';
    banner.dataset.state = 'resolved';
    banner.append(h('span', {}, t('widget.resolved_banner')));
    chat?.setCanPost(true);
    chat?.setPlaceholder(t('widget.reopen_placeholder'));
  } else if (tk.status === 'closed') {
    setHead(t('widget.title'), t('widget.req_closed', { number }));
    banner.className = 'done-banner';
    banner.dataset.state = 'closed';
    banner.append(h('span', {}, t('err.closed')),
      h('button', { class: 'btn btn-primary btn-sm', type: 'button', onclick: () => { localStorage.removeItem(ticketKey()); startTicket(); } },
        t('widget.new_request')));
    chat?.setCanPost(false, t('widget.closed'));
  }
}

// --- buyer: threads with sellers --------------------------------------------------------------------

function myUnread(c) {
  const u = c.unread || {};
  return Number(u.buyer ?? u.customer ?? 0) || 0;
}

async function showThreads() {
  if (!hasRole('BUYER')) { route(); return; }
  closeChat();
  state.view = { kind: 'threads' };
  setHead(t('chat.messages'), t('widget.with_seller'));
  showBody(h('div', { class: 'empty-state' }, t('common.loading')));
  try {
    const threads = itemsOf(await Parley.listThreads()).map(normalizeConversation);
    if (state.view?.kind !== 'threads') return;
    if (!threads.length) {
      showBody(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '💬'),
        t('widget.no_threads'), h('br'), t('widget.no_threads_hint')));
      return;
    }
    showBody(h('ul', { class: 'rows', 'data-testid': 'thread-list' }, threads.map((th) => {
      const n = myUnread(th);
      return activatable(h('li', { class: `row${n ? ' has-unread' : ''}`, 'data-testid': 'thread-row', dataset: { id: th.id }, onclick: () => openThread(th) },
        th.productId ? productThumb(th.productId, 'thumb-sm') : h('span', { class: 'thumb thumb-sm thumb-order' }, '🧾'),
        h('div', { class: 'row-main' },
          h('div', { class: 'row-top' }, h('span', { class: 'row-name' }, (th.seller && th.seller.name) || t('role.seller'))),
          h('div', { class: 'row-preview' }, (th.lastMessage && th.lastMessage.preview) || subjectLabel(th))),
        h('div', { class: 'row-side' }, relTimeEl(th.lastMessage?.at || th.updatedAt || th.createdAt, 'muted row-meta'),
          n ? h('span', { class: 'unread' }, String(n)) : null)));
    })));
  } catch (err) {
    showBody(errorPanel(err, () => showThreads()));
  }
}

async function openThreadFor({ productId, orderId }) {
  setOpen(true);
  const p = productId ? PRODUCTS[productId] : null;
  const o = orderId ? ORDERS[orderId] : null;
  const seller = (p && p.seller) || (o && o.seller);
  closeChat();
  state.view = { kind: 'thread-opening' };
  setHead(seller.name, t('widget.opening_thread'), true);
  showBody(h('div', { class: 'empty-state' }, t('widget.opening')));
  try {
    const thread = normalizeConversation(await Parley.openThread({ sellerId: seller.id, productId, orderId }));
    if (!thread.seller) thread.seller = seller;
    openThread(thread);
  } catch (err) {
    showBody(errorPanel(err, () => openThreadFor({ productId, orderId })));
    setHead(seller.name, t('widget.open_failed'), true);
  }
}

function openThread(thread) {
  closeChat();
  state.view = { kind: 'thread', id: thread.id };
  const seller = thread.seller || { name: t('role.seller') };
  setHead(seller.name, t('widget.seller_usually'), true);
  const chat = new ChatView({
    client: state.client, conversationId: thread.id, me: { id: session().userId, name: session().name },
    placeholder: t('widget.ask_seller'),
    onMessage: (m) => { if (!state.open && !chat.isMine(m)) { state.unread += 1; renderLauncher(); } },
  });
  state.chat = chat;
  chat.setActive(state.open);
  showBody(subjectCard(thread) || h('span'), chat.el);
  chat.load();
  chat.focus();
}

// --- socket frames ------------------------------------------------------------------------------------

function listen(client) {
  const onConversation = (d) => {
    const c = normalizeConversation(d);
    if (state.view?.kind === 'ticket' && c.id === state.ticket?.id) {
      // Frames carry what changed; the REST read carries everything (queue position, assignee).
      const quick = {};
      const claimedBy = c.claimedBy || (c.change === undefined && c.assignedTo);
      if (claimedBy) Object.assign(quick, { status: 'assigned', assignedTo: claimedBy });
      if (c.status && c.change) {
        const assignee = c.assignedTo !== undefined ? c.assignedTo : (c.assignee ?? state.ticket.assignedTo);
        Object.assign(quick, { status: c.status, assignedTo: assignee });
      }
      if (Object.keys(quick).length) applyTicket({ ...state.ticket, ...quick });
      Parley.getConversation(c.id).then((fresh) => applyTicket(normalizeConversation(fresh))).catch(() => {});
    } else if (state.view?.kind === 'ticket' && state.ticket?.status === 'pending') {
      refreshTicket(); // another ticket moved: our queue position may have changed
    }
  };
  client.on('conversation.claimed', onConversation);
  client.on('conversation.updated', onConversation);
  client.on('conversation.created', () => { if (state.ticket?.status === 'pending') refreshTicket(); });
  client.on('message.new', (d) => {
    const m = unwrapFrame(d);
    const convId = m.conversationId || (m.message && m.message.conversationId);
    const message = normalizeMessage(d);
    if (message.sender?.id && message.sender.id !== session()?.userId && message.type !== 'system') {
      notify({ title: t('attention.new_message', { name: message.sender.name || t('chat.someone') }), body: message.content, tag: convId });
    }
    if (state.view?.kind === 'threads') showThreads();
    else if (convId && convId !== state.view?.id && !state.open) { state.unread += 1; renderLauncher(); }
  });
  client.on('open', ({ reconnect }) => { if (reconnect) refreshTicket(); });
}

// --- start ----------------------------------------------------------------------------------------------

// --- embed API: the storefront page hands the widget its customer's token ----------------------------------

let host = {};

/**
 * `Parley.init({ token, tokenProvider, onSignInRequested })`, called by the embedding page, before or after this
 * script loads (calls made before are queued in `Parley.q`). The widget never asks Parley for tokens itself.
 */
function embedOptions() {
  return new Promise((resolve) => {
    const queued = (window.Parley && window.Parley.q) || [];
    window.Parley = { init: (options) => resolve(options || {}) };
    if (queued.length) resolve(queued[queued.length - 1] || {});
  });
}

/** A customer who is not signed in to the shop: the shop's login, not a Parley one. */
function shopSignInPrompt(note, role) {
  return h('div', { class: 'empty-state', 'data-testid': 'shop-sign-in-needed' }, h('div', { class: 'big' }, '🔑'),
    h('p', {}, note || 'Hãy đăng nhập tài khoản cửa hàng để chat với chúng tôi. (Sign in to your shop account to chat with us.)'),
    host.onSignInRequested ? h('button', { class: 'btn btn-primary', type: 'button', onclick: () => host.onSignInRequested(role) },
      'Đăng nhập (Sign in)') : null);
}

async function main() {
  let s = null;
  try {
    host = await embedOptions();
    s = await startWithHostToken('widget', host);
  } catch (err) {
    toastError(err);
  }
  renderShop();
  startRelativeClock();
  if (!s) {
    launcherLabel.textContent = t('widget.support');
    if (sessionStorage.getItem('parley.widget.open')) setOpen(true);
    return;
  }
  state.client = new RealtimeClient();
  document.getElementById('conn-slot').append(connectionBadge(state.client));
  listen(state.client);
  state.client.connect();
  window.__parley = { client: state.client, state };
  if (await openLinkedConversation()) return;
  if (sessionStorage.getItem('parley.widget.open')) setOpen(true);
}

/**
 * ?conversation=<id> (the link in a notification e-mail or push) opens the widget at that conversation: the
 * customer's ticket, or the buyer's thread with a seller.
 */
async function openLinkedConversation() {
  const id = new URL(location.href).searchParams.get('conversation');
  if (!id) return false;
  if (hasRole('CUSTOMER')) {
    localStorage.setItem(ticketKey(), id); // showTicket() finds the remembered ticket first
    setOpen(true);
    return true;
  }
  if (!hasRole('BUYER')) return false;
  state.view = { kind: 'thread-opening' };
  setOpen(true);
  try {
    openThread(normalizeConversation(await Parley.getConversation(id)));
  } catch (err) {
    showBody(errorPanel(err, () => showThreads()));
  }
  return true;
}

main();
