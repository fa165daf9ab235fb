// Storefront page with the floating chat widget.
//   CUSTOMER: a support chat. Opens a ticket (subject + first message), shows the queue position while it is
//             pending (conversation.queue, refreshed by conversation.* frames and by polling), the agent once
//             it is taken, then the chat. The ticket id is remembered per user, so a reload finds the history.
//   BUYER:    "chat with the seller" from the product or the order card; a list of the buyer's threads.
import {
  startWithHostToken, session, hasRole, Parley, RealtimeClient, normalizeConversation, unwrapFrame, itemsOf, describeError,
  newClientMessageId,
} from '/shared/parley.js';
import {
  h, clear, toast, toastError, errorPanel, connectionBadge, avatar, formatDuration,
  relTimeEl, startRelativeClock,
} from '/shared/ui.js';
import { ChatView } from '/shared/chat.js';
import { PRODUCTS, ORDERS, productThumb, formatPrice, subjectCard, subjectLabel } from '/shared/catalog.js';

const PRODUCT_ID = 'sp-tai-nghe-wh1000xm5';
const ORDER_ID = 'DH-240611-0042';
const TOPICS = ['Giao hàng', 'Đổi trả', 'Thanh toán', 'Bảo hành', 'Khác'];
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
const headTitle = h('strong', {}, 'Hỗ trợ khách hàng');
const headSub = h('div', { class: 'sub', 'data-testid': 'widget-status' }, 'Chúng tôi thường trả lời trong vài phút');
const headBack = h('button', { class: 'icon-btn', type: 'button', hidden: true, 'aria-label': 'Quay lại', onclick: () => showThreads() }, '←');
const panel = h('section', { class: 'panel', hidden: true, 'data-testid': 'widget-panel', 'aria-label': 'Khung chat' },
  h('div', { class: 'panel-head' }, headBack,
    h('div', { class: 'title' }, headTitle, headSub),
    h('button', { class: 'icon-btn', type: 'button', 'aria-label': 'Thu nhỏ', 'data-testid': 'widget-close', onclick: () => setOpen(false) }, '✕')),
  panelBody);
const launcherBadge = h('span', { class: 'unread', hidden: true, 'data-testid': 'launcher-unread' }, '0');
const launcherLabel = h('span', {}, 'Hỗ trợ');
const launcher = h('button', { class: 'launcher', type: 'button', 'data-testid': 'widget-launcher', onclick: () => setOpen(!state.open) },
  h('span', { 'aria-hidden': 'true' }, '💬'), launcherLabel, launcherBadge);
root.append(panel, launcher);

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
        h('span', { class: 'badge' }, 'Chính hãng · Freeship'),
        h('h1', {}, p.name),
        h('span', { class: 'price' }, formatPrice(p.price)),
        h('p', { class: 'muted' }, 'Chống ồn chủ động thế hệ mới, pin 30 giờ, sạc nhanh 3 phút nghe 3 giờ. Bảo hành 12 tháng.'),
        h('div', { class: 'seller-line' }, avatar(p.seller),
          h('div', { class: 'grow' }, h('strong', {}, p.seller.name), h('div', { class: 'muted small' }, 'Phản hồi nhanh · 98% đánh giá tốt')),
          h('button', {
            class: 'btn btn-secondary', type: 'button', 'data-testid': 'chat-seller',
            title: isBuyer ? '' : 'Đăng nhập bằng danh tính người mua để chat với người bán',
            onclick: () => (isBuyer ? openThreadFor({ productId: PRODUCT_ID }) : needRole('BUYER')),
          }, '💬 Chat với người bán')),
        h('div', { class: 'buy-row' },
          h('button', { class: 'btn btn-primary', type: 'button', onclick: () => toast('Đây là cửa hàng demo: chưa bán thật 🙂') }, 'Mua ngay'),
          h('button', { class: 'btn btn-secondary', type: 'button', onclick: () => toast('Đã thêm vào giỏ (demo)', 'success') }, 'Thêm vào giỏ')),
        h('div', { class: 'perks' }, h('span', {}, '🚚 Giao 2h nội thành'), h('span', {}, '↩️ Đổi trả 30 ngày'), h('span', {}, '🛡️ Bảo hành chính hãng')))),
    h('section', { class: 'order-card card' },
      h('span', { class: 'thumb thumb-md thumb-order', 'aria-hidden': 'true' }, '🧾'),
      h('div', { class: 'grow' },
        h('strong', {}, `Đơn hàng #${ORDER_ID}`),
        h('div', { class: 'muted small' }, `${o.items} · ${formatPrice(o.total)} · ${o.status}`)),
      isBuyer ? h('button', { class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'chat-seller-order', onclick: () => openThreadFor({ orderId: ORDER_ID }) },
        'Hỏi người bán về đơn này') : null,
      isCustomer || !s ? h('button', { class: 'btn btn-secondary btn-sm', type: 'button', onclick: () => { setOpen(true); startTicket({ orderId: ORDER_ID }); } },
        'Cần hỗ trợ đơn này?') : null),
  );
  launcherLabel.textContent = isBuyer && !isCustomer ? 'Tin nhắn' : 'Hỗ trợ';
}

function needRole(role) {
  setOpen(true);
  showPicker(role === 'BUYER' ? 'Chat với người bán cần tài khoản người mua. (Chatting with the seller needs a buyer account.)' : undefined, role);
}

// --- routing inside the widget ------------------------------------------------------------------------

async function route() {
  if (!session()) { showPicker(); return; }
  if (hasRole('CUSTOMER')) await showTicket();
  else if (hasRole('BUYER')) await showThreads();
  else {
    showBody(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '🙅'),
      'Danh tính này không dùng khung chat của cửa hàng. Hãy mở ',
      h('a', { href: '/index.html' }, 'trang chủ'), ' và chọn khách hàng hoặc người mua.'));
  }
}

function showPicker(note, role) {
  closeChat();
  state.view = { kind: 'picker' };
  setHead('Chào bạn 👋', 'Đăng nhập cửa hàng để chat (Sign in to the shop to chat)');
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
  setHead('Hỗ trợ khách hàng', 'Đang tải…');
  showBody(h('div', { class: 'empty-state' }, 'Đang tải…'));
  let ticket;
  try {
    ticket = await findTicket();
  } catch (err) {
    showBody(errorPanel(err, () => showTicket()));
    setHead('Hỗ trợ khách hàng', 'Không tải được');
    return;
  }
  if (!ticket) { startTicket(); return; }
  openTicket(ticket);
}

function startTicket({ orderId } = {}) {
  if (!session() || !hasRole('CUSTOMER')) { needRole('CUSTOMER'); return; }
  closeChat();
  state.view = { kind: 'start' };
  setHead('Hỗ trợ khách hàng', 'Thường trả lời trong vài phút');
  let topic = orderId ? 'Giao hàng' : null;
  const topics = h('div', { class: 'topics' }, TOPICS.map((t) => {
    const b = h('button', { type: 'button', class: t === topic ? 'on' : '', onclick: () => {
      topic = topic === t ? null : t;
      for (const x of topics.children) x.classList.toggle('on', x.textContent === topic);
      if (!subject.value || TOPICS.includes(subject.value)) subject.value = topic || '';
    } }, t);
    return b;
  }));
  const subject = h('input', { type: 'text', maxlength: '200', placeholder: 'Ví dụ: Đơn hàng chưa được giao', 'data-testid': 'ticket-subject', value: topic || '' });
  const message = h('textarea', { rows: '4', maxlength: '4000', placeholder: 'Mô tả vấn đề của bạn…', 'data-testid': 'ticket-message', required: true });
  const error = h('div', { class: 'picker-error', role: 'alert', 'data-testid': 'ticket-error' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'ticket-submit' }, 'Bắt đầu trò chuyện');
  const form = h('form', { class: 'start-form', 'data-testid': 'ticket-form' },
    h('div', { class: 'hello' }, h('strong', {}, `Xin chào ${session().name}!`),
      h('div', { class: 'muted small' }, 'Nhân viên đầu tiên rảnh sẽ nhận yêu cầu của bạn.')),
    orderId ? subjectCard({ orderId }) : null,
    h('div', { class: 'muted small' }, 'Chủ đề'), topics,
    h('label', { class: 'field' }, h('span', {}, 'Tiêu đề (không bắt buộc)'), subject),
    h('label', { class: 'field' }, h('span', {}, 'Tin nhắn'), message),
    error, submit);
  const clientRequestId = newClientMessageId(); // one per form: a retried submit gets the same ticket back
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = message.value.trim();
    if (!text) { error.textContent = 'Hãy nhập nội dung cần hỗ trợ.'; message.focus(); return; }
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
    toast(`${state.ticket.assignedTo.name} đã nhận yêu cầu của bạn`, 'success');
  }
}

function renderTicket(t, banner) {
  const number = t.ticketNumber ? `#${t.ticketNumber}` : '';
  clear(banner);
  banner.className = '';
  const chat = state.chat;
  if (t.status === 'pending') {
    const q = t.queue || {};
    const pos = q.position ?? q.queuePosition;
    const wait = q.estimatedWaitSeconds;
    setHead('Hỗ trợ khách hàng', `Yêu cầu ${number} · đang chờ`);
    banner.className = 'queue-banner';
    banner.dataset.state = 'pending';
    banner.append(
      h('span', { class: 'pos', 'data-testid': 'queue-position' }, pos != null ? String(pos) : '…'),
      h('div', {},
        h('strong', {}, 'Đang chờ nhân viên hỗ trợ'),
        h('div', {}, pos != null ? `Bạn đang ở vị trí ${pos} trong hàng chờ` : 'Đang xếp hàng',
          wait != null ? ` · ước tính ${formatDuration(wait)}` : '')));
    chat?.setCanPost(true);
    chat?.setPlaceholder('Bổ sung thông tin…');
  } else if (t.status === 'assigned' || t.status === 'open') {
    const agent = t.assignedTo || { name: 'Nhân viên hỗ trợ' };
    setHead(agent.name, `Yêu cầu ${number} · đang hỗ trợ bạn`);
    banner.className = 'agent-banner';
    banner.dataset.state = 'assigned';
    banner.append(avatar(agent, 'avatar-sm'),
      h('span', { 'data-testid': 'agent-name' }, h('strong', {}, agent.name), ' đang hỗ trợ bạn'));
    chat?.setCanPost(true);
    chat?.setPlaceholder('Nhập tin nhắn…');
  } else if (t.status === 'resolved') {
    setHead('Hỗ trợ khách hàng', `Yêu cầu ${number} · đã giải quyết`);
    banner.className = 'done-banner';
    banner.dataset.state = 'resolved';
    banner.append(h('span', {}, '✅ Yêu cầu đã được giải quyết. Nhắn tiếp nếu bạn cần thêm trợ giúp.'));
    chat?.setCanPost(true);
    chat?.setPlaceholder('Nhắn để mở lại yêu cầu…');
  } else if (t.status === 'closed') {
    setHead('Hỗ trợ khách hàng', `Yêu cầu ${number} · đã đóng`);
    banner.className = 'done-banner';
    banner.dataset.state = 'closed';
    banner.append(h('span', {}, 'Cuộc trò chuyện đã đóng.'),
      h('button', { class: 'btn btn-primary btn-sm', type: 'button', onclick: () => { localStorage.removeItem(ticketKey()); startTicket(); } },
        'Tạo yêu cầu mới'));
    chat?.setCanPost(false, 'Cuộc trò chuyện này đã đóng.');
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
  setHead('Tin nhắn', 'Trò chuyện với người bán');
  showBody(h('div', { class: 'empty-state' }, 'Đang tải…'));
  try {
    const threads = itemsOf(await Parley.listThreads()).map(normalizeConversation);
    if (state.view?.kind !== 'threads') return;
    if (!threads.length) {
      showBody(h('div', { class: 'empty-state' }, h('div', { class: 'big' }, '💬'),
        'Chưa có cuộc trò chuyện nào.', h('br'), 'Bấm “Chat với người bán” trên trang sản phẩm để bắt đầu.'));
      return;
    }
    showBody(h('ul', { class: 'rows', 'data-testid': 'thread-list' }, threads.map((t) => {
      const n = myUnread(t);
      return h('li', { class: `row${n ? ' has-unread' : ''}`, 'data-testid': 'thread-row', dataset: { id: t.id }, onclick: () => openThread(t) },
        t.productId ? productThumb(t.productId, 'thumb-sm') : h('span', { class: 'thumb thumb-sm thumb-order' }, '🧾'),
        h('div', { class: 'row-main' },
          h('div', { class: 'row-top' }, h('span', { class: 'row-name' }, (t.seller && t.seller.name) || 'Người bán')),
          h('div', { class: 'row-preview' }, (t.lastMessage && t.lastMessage.preview) || subjectLabel(t))),
        h('div', { class: 'row-side' }, relTimeEl(t.lastMessage?.at || t.updatedAt || t.createdAt, 'muted row-meta'),
          n ? h('span', { class: 'unread' }, String(n)) : null));
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
  setHead(seller.name, 'Đang mở cuộc trò chuyện…', true);
  showBody(h('div', { class: 'empty-state' }, 'Đang mở…'));
  try {
    const thread = normalizeConversation(await Parley.openThread({ sellerId: seller.id, productId, orderId }));
    if (!thread.seller) thread.seller = seller;
    openThread(thread);
  } catch (err) {
    showBody(errorPanel(err, () => openThreadFor({ productId, orderId })));
    setHead(seller.name, 'Không mở được', true);
  }
}

function openThread(thread) {
  closeChat();
  state.view = { kind: 'thread', id: thread.id };
  const seller = thread.seller || { name: 'Người bán' };
  setHead(seller.name, 'Người bán · thường trả lời trong 1 giờ', true);
  const chat = new ChatView({
    client: state.client, conversationId: thread.id, me: { id: session().userId, name: session().name },
    placeholder: 'Hỏi người bán…',
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
    launcherLabel.textContent = 'Hỗ trợ';
    if (sessionStorage.getItem('parley.widget.open')) setOpen(true);
    return;
  }
  state.client = new RealtimeClient();
  document.getElementById('conn-slot').append(connectionBadge(state.client));
  listen(state.client);
  state.client.connect();
  window.__parley = { client: state.client, state };
  if (sessionStorage.getItem('parley.widget.open')) setOpen(true);
}

main();
