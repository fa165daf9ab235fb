// ChatView: one conversation's messages and composer, shared by the widget, the dashboard and Seller Center.
//
// Messages live in a Map by id and are shown sorted by seq; whatever delivers a message (history page,
// POST answer, live `message.new`, a `resume` replay after a reconnect, a REST catch-up) goes through
// `upsert()`, so nothing is shown twice and the order is the server's. A message being sent is shown at
// once under its clientMessageId and replaced by the stored one when it comes back (from the POST answer
// or the socket, whichever is first). After a reconnect or when a seq gap shows up, the view asks
// `GET …/messages?after=<highest seq>` so a missed frame can never leave a hole.
// Sends go out one at a time in the order they were written; one the network refused waits (kept in
// localStorage, see outbox.js) and goes again when the connection is back, ahead of anything written later.
import { t, formatNumber } from './i18n.js';
import {
  Parley, normalizeMessage, unwrapFrame, newClientMessageId, describeError, ApiError,
} from './parley.js';
import { h, clear, formatTime, formatDay, toastError, modal, refuseLongPaste } from './ui.js';
import { OfflineOutbox, isTransient } from './outbox.js';

const MAX_LENGTH = 4000;
const RESEND_DELAY_MS = 3000;
// messaging-service's edit window (send.edit-window); past it the buttons go and the server would answer 409
const EDIT_WINDOW_MS = 15 * 60 * 1000;

const SENDER_ROLES = {
  staff: t('role.staff'), admin: t('role.admin'), customer: t('common.customer'), buyer: t('common.buyer'), seller: t('role.seller'),
};

export class ChatView {
  /**
   * @param {object} o
   * @param {RealtimeClient} o.client  the page's socket
   * @param {string} o.conversationId
   * @param {{id: string, name: string}} o.me
   * @param {string} [o.placeholder]
   * @param {boolean} [o.allowAttachments]
   * @param {(m: object) => void} [o.onMessage]  called for every new message (after it is shown)
   */
  constructor({ client, conversationId, me, placeholder = t('chat.placeholder'), allowAttachments = true, onMessage }) {
    this.client = client;
    this.conversationId = conversationId;
    this.me = me;
    this.onMessage = onMessage;
    this.byId = new Map();
    this.pending = new Map(); // clientMessageId -> local message not yet stored
    this.outbox = new OfflineOutbox(me && me.id, conversationId);
    this.nodes = new Map(); // key -> element
    this.maxSeq = 0;
    this.minSeq = null;
    this.hasOlder = false;
    this.othersReadUpTo = 0;
    this.lastReadPosted = 0;
    this.typers = new Map();
    this.lastTypingSent = 0;
    this.active = true;
    this.unsubs = [];
    this.build(placeholder, allowAttachments);
    this.listen();
  }

  // --- DOM -----------------------------------------------------------------------------------------

  build(placeholder, allowAttachments) {
    this.olderBtn = h('button', { class: 'load-older link-btn', type: 'button', hidden: true, onclick: () => this.loadOlder() },
      t('chat.older'));
    this.list = h('div', { class: 'chat-list', 'data-testid': 'messages', 'aria-live': 'polite' });
    // focusable, so a keyboard can scroll the history (and axe's scrollable-region rule holds with no buttons inside)
    this.scroller = h('div', { class: 'chat-scroll', tabindex: '0', role: 'region', 'aria-label': t('chat.messages') }, this.olderBtn, this.list);
    // Whether the reader is at the bottom: then content that grows later (images) keeps the bottom in view.
    this.stick = true;
    this.scroller.addEventListener('scroll', () => {
      this.stick = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 120;
    }, { passive: true });
    this.typingLine = h('div', { class: 'typing-line', 'data-testid': 'typing', 'aria-live': 'polite' });
    this.input = h('textarea', {
      class: 'composer-input', rows: '1', placeholder, 'aria-label': t('chat.messages'), 'data-testid': 'composer-input',
      maxlength: String(MAX_LENGTH),
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
    });
    this.input.addEventListener('input', () => { this.autosize(); this.noteTyping(); this.showCount(); });
    refuseLongPaste(this.input, MAX_LENGTH);
    this.count = h('span', { class: 'composer-count', 'aria-live': 'polite', hidden: true, 'data-testid': 'composer-count' });
    this.fileInput = h('input', { type: 'file', accept: 'image/*', hidden: true, 'data-testid': 'attach-input' });
    this.fileInput.addEventListener('change', () => {
      const f = this.fileInput.files && this.fileInput.files[0];
      this.fileInput.value = '';
      if (f) this.sendFile(f);
    });
    const attachBtn = allowAttachments ? h('button', {
      class: 'icon-btn', type: 'button', title: t('chat.send_image'), 'aria-label': t('chat.send_image'), 'data-testid': 'attach',
      onclick: () => this.fileInput.click(),
    }, iconClip()) : null;
    this.sendBtn = h('button', { class: 'btn btn-primary send-btn', type: 'button', 'data-testid': 'send', onclick: () => this.submit() },
      t('chat.send'));
    this.composer = h('div', { class: 'composer' }, attachBtn, this.fileInput, this.input, this.count, this.sendBtn);
    this.notice = h('div', { class: 'composer-notice', hidden: true, 'data-testid': 'composer-notice' });
    this.el = h('div', { class: 'chat', dataset: { conversationId: this.conversationId } },
      this.scroller, this.typingLine, this.notice, this.composer);
  }

  /** The characters left, once a message gets near the limit. */
  showCount() {
    const length = this.input.value.length;
    this.count.hidden = length < MAX_LENGTH - 400;
    this.count.textContent = `${formatNumber(length)}/${formatNumber(MAX_LENGTH)}`;
    this.count.classList.toggle('composer-count-full', length >= MAX_LENGTH);
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(140, this.input.scrollHeight)}px`;
  }

  /** Turns the composer on or off; `reason` explains why it is off. */
  setCanPost(can, reason = '') {
    this.composer.hidden = !can;
    this.notice.hidden = can || !reason;
    this.notice.textContent = reason;
  }

  setPlaceholder(text) {
    this.input.placeholder = text;
  }

  focus() {
    this.input.focus();
  }

  // --- loading -------------------------------------------------------------------------------------

  async load() {
    clear(this.list);
    this.list.append(h('div', { class: 'chat-loading muted' }, t('chat.loading')));
    this.client.track(this.conversationId, 0);
    try {
      const page = await Parley.history(this.conversationId, { limit: 30 });
      this.list.querySelector('.chat-loading')?.remove();
      this.absorbPage(page, { older: false });
      this.hasOlder = !!(page && page.hasMore);
      this.olderBtn.hidden = !this.hasOlder;
      this.scrollToBottom();
      this.client.track(this.conversationId, this.maxSeq);
      this.maybeMarkRead();
      this.loadReceipts();
      this.restoreOutbox();
    } catch (err) {
      clear(this.list);
      this.list.append(h('div', { class: 'error-panel', role: 'alert', 'data-testid': 'error-panel' },
        h('div', { class: 'error-title' }, t('chat.load_failed')),
        h('div', { class: 'error-text' }, describeError(err)),
        h('button', { class: 'btn btn-secondary', type: 'button', onclick: () => this.load() }, t('common.retry'))));
    }
  }

  /** How far the other side has read (so ticks are right after a reload, not only from live frames). */
  async loadReceipts() {
    try {
      const answer = await Parley.readers(this.conversationId);
      const items = (answer && answer.items) || (Array.isArray(answer) ? answer : []);
      let upTo = this.othersReadUpTo;
      for (const r of items) {
        const reader = r.readerId || (r.reader && r.reader.id);
        if (reader && reader !== this.me.id) upTo = Math.max(upTo, Number(r.upToSeq) || 0);
      }
      if (upTo > this.othersReadUpTo) { this.othersReadUpTo = upTo; this.refreshTicks(); }
    } catch {
      // receipts are a nicety: ticks stay "sent" until a message.read frame arrives
    }
  }

  refreshTicks() {
    for (const m of this.byId.values()) {
      const node = this.nodes.get(m.key);
      if (node) this.updateTick(node, m);
    }
  }

  async loadOlder() {
    if (this.minSeq == null) return;
    this.olderBtn.disabled = true;
    const before = this.scroller.scrollHeight - this.scroller.scrollTop;
    try {
      const page = await Parley.history(this.conversationId, { before: this.minSeq, limit: 30 });
      this.absorbPage(page, { older: true });
      this.hasOlder = !!(page && page.hasMore);
      this.olderBtn.hidden = !this.hasOlder;
      this.scroller.scrollTop = this.scroller.scrollHeight - before;
    } catch (err) {
      toastError(err);
    } finally {
      this.olderBtn.disabled = false;
    }
  }

  /** Fetches everything after the highest seq shown (after a reconnect, a resume gap, or a seq hole). */
  async catchUp() {
    if (this.catchingUp) { this.catchUpAgain = true; return; }
    this.catchingUp = true;
    try {
      for (let i = 0; i < 20; i++) {
        const page = await Parley.history(this.conversationId, { after: this.maxSeq, limit: 100 });
        this.absorbPage(page, { older: false, live: true });
        if (!page || !page.hasMore) break;
      }
    } catch {
      // The socket still delivers live messages; the next reconnect or gap tries again.
    } finally {
      this.catchingUp = false;
      if (this.catchUpAgain) { this.catchUpAgain = false; this.catchUp(); }
    }
  }

  absorbPage(page, { older, live = false }) {
    const items = (page && (page.items || page.messages)) || (Array.isArray(page) ? page : []);
    for (const raw of items) this.upsert(normalizeMessage(raw, this.conversationId), { render: false, live });
    this.render({ keepBottom: !older });
  }

  // --- the message store ---------------------------------------------------------------------------

  /** Adds or replaces a message (deduplicated by id, and by clientMessageId against a pending send). */
  upsert(m, { render = true, live = true } = {}) {
    if (!m || !m.id || (m.conversationId && m.conversationId !== this.conversationId)) return;
    const existing = this.byId.get(m.id);
    if (m.clientMessageId && this.pending.has(m.clientMessageId)) {
      const local = this.pending.get(m.clientMessageId);
      this.pending.delete(m.clientMessageId);
      this.outbox.remove(m.clientMessageId);
      const node = this.nodes.get(local.key);
      if (node) { this.nodes.delete(local.key); node.remove(); }
      if (local.previewUrl) setTimeout(() => URL.revokeObjectURL(local.previewUrl), 60000);
    }
    const isNew = !existing;
    if (existing && sameVersion(existing, m)) return;
    if (existing && existing.seq != null && m.seq == null) m.seq = existing.seq;
    m.key = m.id;
    this.byId.set(m.id, m);
    if (existing) { this.nodes.get(m.key)?.remove(); this.nodes.delete(m.key); }
    const gap = live && m.seq != null && this.maxSeq > 0 && m.seq > this.maxSeq + 1;
    if (m.seq != null) {
      this.maxSeq = Math.max(this.maxSeq, m.seq);
      this.minSeq = this.minSeq == null ? m.seq : Math.min(this.minSeq, m.seq);
      this.client.noteSeq(this.conversationId, this.maxSeq);
    }
    if (this.isMine(m) && (m.readAt || (Array.isArray(m.readBy) && m.readBy.length)) && m.seq != null) {
      this.othersReadUpTo = Math.max(this.othersReadUpTo, m.seq);
    }
    if (!this.isMine(m)) this.clearTyper(m.sender && m.sender.id);
    if (render) this.render({ keepBottom: true, forceBottom: this.isMine(m) });
    if (gap) this.catchUp();
    if (isNew && live) {
      if (!this.isMine(m)) this.maybeMarkRead();
      if (this.onMessage) this.onMessage(m);
    }
  }

  isMine(m) {
    return !!(m.sender && this.me && m.sender.id === this.me.id) && m.type !== 'system';
  }

  sorted() {
    const stored = [...this.byId.values()].sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
    const local = [...this.pending.values()].sort((a, b) => a.localAt - b.localAt);
    return stored.concat(local);
  }

  // --- rendering -----------------------------------------------------------------------------------

  render({ keepBottom = true, forceBottom = false } = {}) {
    const nearBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 120;
    const frag = document.createDocumentFragment();
    let lastDay = null;
    const messages = this.sorted();
    if (!messages.length) {
      frag.append(h('div', { class: 'chat-empty muted' }, t('chat.empty')));
    }
    for (const m of messages) {
      const day = m.createdAt ? formatDay(m.createdAt) : null;
      if (day && day !== lastDay) {
        frag.append(h('div', { class: 'day-sep' }, h('span', {}, day)));
        lastDay = day;
      }
      let node = this.nodes.get(m.key);
      if (!node) {
        node = this.renderMessage(m);
        this.nodes.set(m.key, node);
      }
      this.updateTick(node, m);
      frag.append(node);
    }
    this.list.replaceChildren(frag);
    if (forceBottom || (keepBottom && nearBottom)) this.scrollToBottom();
  }

  scrollToBottom() {
    this.stick = true;
    this.scroller.scrollTop = this.scroller.scrollHeight;
    // Images finish loading later and grow the list: keep the bottom in view while they do.
    requestAnimationFrame(() => { this.scroller.scrollTop = this.scroller.scrollHeight; });
  }

  renderMessage(m) {
    const dataset = { id: m.id || '', seq: m.seq ?? '', clientMessageId: m.clientMessageId || '' };
    if (m.type === 'system' || m.senderType === 'system') {
      return h('div', { class: 'msg msg-system', dataset, 'data-testid': 'message' },
        h('span', { class: 'msg-system-text' }, m.content), h('time', { class: 'msg-time' }, formatTime(m.createdAt)));
    }
    const mine = this.isMine(m);
    const body = h('div', { class: 'msg-body' });
    if (m.deletedAt) {
      body.append(h('em', { class: 'muted' }, t('chat.deleted')));
    } else {
      for (const a of m.attachments || []) body.append(this.renderAttachment(a, m));
      if (m.previewUrl && !(m.attachments || []).length) {
        const img = h('img', { class: 'msg-image', src: m.previewUrl, alt: m.fileName || t('chat.image') });
        img.addEventListener('load', () => { if (this.stick) this.scroller.scrollTop = this.scroller.scrollHeight; });
        body.append(img);
      }
      if (m.content && !(m.type === 'image' && m.content === (m.attachments?.[0]?.name))) {
        body.append(h('div', { class: 'msg-text', 'data-testid': 'message-text' }, m.content));
      }
    }
    const tick = mine ? h('span', { class: 'tick', 'data-testid': 'tick' }) : null;
    const foot = h('div', { class: 'msg-foot' },
      ...this.changeActions(m),
      m.editedAt && !m.deletedAt ? h('span', { class: 'muted' }, t('chat.edited')) : null,
      h('time', { class: 'msg-time', datetime: m.createdAt || '' }, formatTime(m.createdAt || new Date().toISOString())),
      tick);
    const who = !mine && m.sender ? h('div', { class: 'msg-sender' },
      h('strong', {}, m.sender.name || t('chat.user')),
      SENDER_ROLES[m.senderType] ? h('span', { class: 'muted' }, ` · ${SENDER_ROLES[m.senderType]}`) : null) : null;
    const retry = m.failed ? h('button', { class: 'link-btn retry', type: 'button', onclick: () => this.retry(m) },
      t('chat.resend')) : null;
    return h('div', { class: `msg ${mine ? 'msg-mine' : 'msg-theirs'}${m.failed ? ' msg-failed' : ''}`, dataset, 'data-testid': 'message' },
      h('div', { class: 'bubble' }, who, body, foot, m.failed ? h('div', { class: 'msg-error' }, m.error || t('chat.not_sent'), ' ', retry) : null));
  }

  // --- editing and deleting one's own messages -------------------------------------------------------

  canChange(m) {
    return this.isMine(m) && !m.deletedAt && m.id && m.seq != null && !m.failed
      && Date.now() - Date.parse(m.createdAt) < EDIT_WINDOW_MS;
  }

  changeActions(m) {
    if (!this.canChange(m)) return [];
    const editable = m.type === 'text' && !(m.attachments || []).length;
    return [
      editable ? h('button', { class: 'msg-action', type: 'button', 'data-testid': 'edit-message', onclick: () => this.startEdit(m) },
        t('chat.edit')) : null,
      h('button', { class: 'msg-action', type: 'button', 'data-testid': 'delete-message', onclick: () => this.confirmDelete(m) },
        t('chat.delete')),
    ];
  }

  /** Shows the message again as it is stored (after an edit, or when the edit is cancelled). */
  rerender(m) {
    this.nodes.get(m.key)?.remove();
    this.nodes.delete(m.key);
    this.render({ keepBottom: true });
  }

  /** The text becomes a box in place: Enter saves, Escape cancels; the other side sees the change live. */
  startEdit(m) {
    const node = this.nodes.get(m.key);
    const text = node && node.querySelector('.msg-text');
    if (!text) return;
    const box = h('textarea', {
      class: 'msg-edit-input', rows: '2', maxlength: String(MAX_LENGTH), 'aria-label': t('chat.edit'), 'data-testid': 'edit-input',
    });
    box.value = m.content || '';
    const cancel = () => this.rerender(this.byId.get(m.id) || m);
    const save = async () => {
      const content = box.value.trim();
      if (!content || content === m.content) { cancel(); return; }
      try {
        const saved = await Parley.editMessage(this.conversationId, m.id, content);
        this.upsert(normalizeMessage(saved, this.conversationId), { live: false });
      } catch (err) {
        toastError(err);
      }
    };
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); save(); }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); }
    });
    text.replaceWith(h('div', { class: 'msg-edit' }, box,
      h('div', { class: 'msg-edit-actions' },
        h('button', { class: 'btn btn-secondary btn-sm', type: 'button', onclick: cancel }, t('common.cancel')),
        h('button', { class: 'btn btn-primary btn-sm', type: 'button', 'data-testid': 'edit-save', onclick: save }, t('chat.save')))));
    box.focus();
  }

  async confirmDelete(m) {
    const sure = await modal(t('chat.delete_title'), h('p', {}, t('chat.delete_confirm')),
      [{ label: t('chat.delete'), class: 'btn-danger', testid: 'confirm-delete', value: () => true }]);
    if (!sure) return;
    try {
      const deleted = await Parley.deleteMessage(this.conversationId, m.id);
      this.upsert(normalizeMessage(deleted, this.conversationId), { live: false });
    } catch (err) {
      toastError(err);
    }
  }

  renderAttachment(a, m) {
    const isImage = (a.contentType || '').startsWith('image/') || m.type === 'image';
    if (!isImage) {
      return h('a', { class: 'msg-file', href: a.url || '#', target: '_blank', rel: 'noopener' },
        '📎 ', a.name || t('chat.attachment'), a.size ? h('span', { class: 'muted' }, ` (${Math.ceil(a.size / 1024)} KB)`) : null);
    }
    const img = h('img', { class: 'msg-image', alt: a.name || t('chat.image'), 'data-testid': 'message-image', loading: 'lazy' });
    const link = h('a', { class: 'msg-image-link', href: a.url || '#', target: '_blank', rel: 'noopener' }, img);
    img.addEventListener('load', () => { if (this.stick) this.scroller.scrollTop = this.scroller.scrollHeight; });
    loadImage(img, link, a.url, m.previewUrl);
    return link;
  }

  updateTick(node, m) {
    const tick = node.querySelector('.tick');
    if (!tick) return;
    let state = 'sent';
    if (m.failed) state = 'failed';
    else if (m.queued) state = 'queued';
    else if (m.seq == null) state = 'sending';
    else if (m.seq <= this.othersReadUpTo) state = 'read';
    if (tick.dataset.state === state) return;
    tick.dataset.state = state;
    tick.className = `tick tick-${state}`;
    tick.textContent = { sending: '🕓', queued: '🕓', sent: '✓', read: '✓✓', failed: '!' }[state];
    tick.title = {
      sending: t('chat.sending'), queued: t('chat.queued'), sent: t('chat.sent'), read: t('chat.seen'), failed: t('chat.not_sent'),
    }[state];
    const note = node.querySelector('.msg-queued');
    if (state === 'queued' && !note) {
      node.querySelector('.bubble')?.append(h('div', { class: 'msg-queued', 'data-testid': 'queued' }, t('chat.queued')));
    } else if (state !== 'queued' && note) {
      note.remove();
    }
  }

  // --- sending -------------------------------------------------------------------------------------

  submit() {
    const content = this.input.value.trim();
    if (!content) return;
    this.input.value = '';
    this.autosize();
    this.stopTyping();
    this.sendLocal({ content, type: 'text' });
  }

  async sendLocal(spec, existing) {
    const local = existing || {
      key: `local:${newClientMessageId()}`,
      localAt: Date.now(),
      conversationId: this.conversationId,
      sender: { id: this.me.id, name: this.me.name },
      createdAt: new Date().toISOString(),
      attachments: [],
      seq: null,
      ...spec,
    };
    if (!local.clientMessageId) local.clientMessageId = local.key.slice('local:'.length);
    local.failed = false;
    local.error = null;
    local.queued = false;
    this.pending.set(local.clientMessageId, local);
    if (!local.file) {
      this.outbox.add({
        clientMessageId: local.clientMessageId, content: local.content, type: local.type, createdAt: local.createdAt,
        localAt: local.localAt,
      });
    }
    this.nodes.get(local.key)?.remove();
    this.nodes.delete(local.key);
    this.render({ forceBottom: true });
    await this.flush();
  }

  /** Sends what waits, oldest first, one at a time; stops at the first one the network refuses. */
  async flush() {
    if (this.flushing) { this.flushAgain = true; return; }
    this.flushing = true;
    clearTimeout(this.resendTimer);
    try {
      const waiting = [...this.pending.values()].filter((m) => !m.failed).sort((a, b) => a.localAt - b.localAt);
      for (const [i, local] of waiting.entries()) {
        if (!this.pending.has(local.clientMessageId)) continue; // the socket delivered it meanwhile
        if (!(await this.post(local))) {
          this.markQueued(waiting.slice(i + 1));
          this.resendTimer = setTimeout(() => this.flush(), RESEND_DELAY_MS);
          break;
        }
      }
    } finally {
      this.flushing = false;
      if (this.flushAgain) { this.flushAgain = false; this.flush(); }
    }
  }

  /** What was written after a message that has to wait waits too (in order), and says so. */
  markQueued(locals) {
    for (const local of locals) {
      if (local.queued || !this.pending.has(local.clientMessageId)) continue;
      local.queued = true;
      const node = this.nodes.get(local.key);
      if (node) this.updateTick(node, local);
    }
  }

  /** One send; false when it should wait and go again (offline, or the service briefly unavailable). */
  async post(local) {
    try {
      if (local.file && !local.uploaded) {
        local.uploaded = await Parley.upload(local.file, this.conversationId);
      }
      const attachments = local.uploaded ? [local.uploaded.id] : undefined;
      const saved = await Parley.send(this.conversationId, {
        content: local.content || undefined, type: local.type, clientMessageId: local.clientMessageId, attachments,
      });
      this.upsert(normalizeMessage(saved, this.conversationId));
      return true;
    } catch (err) {
      if (!this.pending.has(local.clientMessageId)) return true;
      const transient = isTransient(err);
      if (transient) {
        local.queued = true;
      } else {
        local.failed = true;
        local.error = describeError(err);
        this.outbox.remove(local.clientMessageId);
      }
      this.rerender(local);
      if (!transient) toastError(err);
      return !transient;
    }
  }

  /** Puts back what an earlier visit of this page could not send (after a reload), then sends it. */
  restoreOutbox() {
    const stored = new Set([...this.byId.values()].map((m) => m.clientMessageId).filter(Boolean));
    for (const e of this.outbox.list()) {
      if (stored.has(e.clientMessageId)) { this.outbox.remove(e.clientMessageId); continue; }
      if (this.pending.has(e.clientMessageId)) continue;
      this.pending.set(e.clientMessageId, {
        key: `local:${e.clientMessageId}`, clientMessageId: e.clientMessageId, localAt: e.localAt,
        conversationId: this.conversationId, sender: { id: this.me.id, name: this.me.name }, createdAt: e.createdAt,
        attachments: [], seq: null, content: e.content, type: e.type || 'text', queued: true,
      });
    }
    if (this.pending.size) {
      this.render({ forceBottom: true });
      this.flush();
    }
  }

  retry(m) {
    this.sendLocal(null, m);
  }

  sendFile(file) {
    if (!file.type.startsWith('image/')) {
      toastError(new ApiError(415, { code: 'unsupported_media_type' }));
      return;
    }
    const previewUrl = URL.createObjectURL(file);
    this.sendLocal({ content: '', type: 'image', file, fileName: file.name, previewUrl });
  }

  // --- typing --------------------------------------------------------------------------------------

  noteTyping() {
    const now = Date.now();
    if (now - this.lastTypingSent > 2500) {
      this.client.typing(this.conversationId, true);
      this.lastTypingSent = now;
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), 3500);
  }

  stopTyping() {
    clearTimeout(this.typingIdle);
    if (this.lastTypingSent) this.client.typing(this.conversationId, false);
    this.lastTypingSent = 0;
  }

  showTyper(user, typing) {
    if (!user || !user.id || user.id === this.me.id) return;
    if (!typing) { this.clearTyper(user.id); return; }
    const prev = this.typers.get(user.id);
    if (prev) clearTimeout(prev.timer);
    this.typers.set(user.id, { name: user.name || t('chat.someone'), timer: setTimeout(() => this.clearTyper(user.id), 6000) });
    this.renderTypers();
  }

  clearTyper(id) {
    const typer = id && this.typers.get(id);
    if (!typer) return;
    clearTimeout(typer.timer);
    this.typers.delete(id);
    this.renderTypers();
  }

  renderTypers() {
    const names = [...this.typers.values()].map((x) => x.name);
    clear(this.typingLine);
    if (names.length) {
      this.typingLine.append(h('span', { class: 'typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
        t('chat.typing', { names: names.join(', ') }));
    }
  }

  // --- read receipts -------------------------------------------------------------------------------

  /** Marks everything shown as read when the reader can actually see it. */
  maybeMarkRead() {
    if (!this.active || document.visibilityState !== 'visible') return;
    let upTo = 0;
    for (const m of this.byId.values()) if (m.seq != null && !this.isMine(m)) upTo = Math.max(upTo, m.seq);
    if (upTo <= this.lastReadPosted) return;
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(async () => {
      const target = Math.max(upTo, this.lastReadPosted);
      if (target <= this.lastReadPosted) return;
      const before = this.lastReadPosted;
      this.lastReadPosted = target;
      try {
        await Parley.markRead(this.conversationId, target);
      } catch {
        this.lastReadPosted = before; // tried again on the next message or focus
      }
    }, 300);
  }

  setActive(active) {
    this.active = active;
    if (active) this.maybeMarkRead();
  }

  // --- socket --------------------------------------------------------------------------------------

  listen() {
    const c = this.client;
    const mine = (d) => (unwrapFrame(d).conversationId || (d && d.conversationId)) === this.conversationId;
    this.unsubs.push(
      c.on('message.new', (d) => {
        const m = normalizeMessage(d);
        if (m.conversationId === this.conversationId) this.upsert(m);
      }),
      c.on('message.updated', (d) => {
        // {id, conversationId, seq, change: edited|deleted, content, editedAt, deletedAt}: patch what we show.
        const u = unwrapFrame(d);
        if (u.conversationId !== this.conversationId) return;
        const prev = this.byId.get(u.id);
        if (!prev) return;
        this.upsert({
          ...prev,
          content: u.content == null ? prev.content : String(u.content),
          editedAt: u.editedAt || prev.editedAt,
          deletedAt: u.deletedAt || prev.deletedAt,
        }, { live: false });
      }),
      c.on('message.read', (d) => {
        if (!mine(d)) return;
        const r = unwrapFrame(d);
        const reader = r.reader || { id: r.readerId || r.userId };
        if (reader && reader.id === this.me.id) return;
        const upTo = Number(r.upToSeq ?? r.seq ?? 0);
        if (upTo > this.othersReadUpTo) {
          this.othersReadUpTo = upTo;
          this.refreshTicks();
        }
      }),
      c.on('typing', (d) => {
        if (!mine(d)) return;
        const frame = unwrapFrame(d);
        const user = frame.user || frame.sender || { id: frame.userId, name: frame.name || frame.userName };
        this.showTyper(user, frame.isTyping !== false && frame.typing !== false);
      }),
      c.on('open', ({ reconnect }) => { if (reconnect) this.catchUp(); this.flush(); }),
      c.on('resume.gap', (d) => {
        const g = unwrapFrame(d);
        if (!g.conversationId || g.conversationId === this.conversationId) this.catchUp();
      }),
    );
    this.onVisible = () => this.maybeMarkRead();
    document.addEventListener('visibilitychange', this.onVisible);
    window.addEventListener('focus', this.onVisible);
    this.onOnline = () => this.flush();
    window.addEventListener('online', this.onOnline);
  }

  destroy() {
    this.stopTyping();
    for (const u of this.unsubs) u();
    this.unsubs = [];
    document.removeEventListener('visibilitychange', this.onVisible);
    window.removeEventListener('focus', this.onVisible);
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.resendTimer);
    this.client.untrack(this.conversationId);
    for (const typer of this.typers.values()) clearTimeout(typer.timer);
    this.el.remove();
  }
}

function sameVersion(a, b) {
  return a.seq === b.seq && a.content === b.content && a.editedAt === b.editedAt && a.deletedAt === b.deletedAt
    && (a.readAt || null) === (b.readAt || null);
}

const blobCache = new Map();
/**
 * Shows an attachment image. A same-origin /api URL may need the bearer token, which <img> cannot send,
 * so it is fetched with the token into a blob URL; anything else is used as it is.
 */
function loadImage(img, link, url, previewUrl) {
  if (previewUrl) img.src = previewUrl;
  if (!url) return;
  let sameOrigin = false;
  try { sameOrigin = new URL(url, location.href).origin === location.origin; } catch { /* bad URL */ }
  if (!sameOrigin || !new URL(url, location.href).pathname.startsWith('/api/')) {
    img.src = url;
    return;
  }
  let p = blobCache.get(url);
  if (!p) {
    p = Parley.blob(url).then((b) => URL.createObjectURL(b));
    blobCache.set(url, p);
    p.catch(() => blobCache.delete(url));
  }
  p.then((objectUrl) => { img.src = objectUrl; link.href = objectUrl; })
    .catch(() => { img.src = url; }); // let the browser try (and show its broken-image box if it must)
}

function iconClip() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}
