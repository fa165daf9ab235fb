import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { ChatView } from '../../main/resources/static/shared/chat.js';
import { fakeSocket, json, stored, shownTexts, settle } from './support.js';

const me = { id: 'cust-1', name: 'An' };

function view(socket = fakeSocket()) {
  const chat = new ChatView({ client: socket, conversationId: 'c1', me });
  document.body.append(chat.el);
  return chat;
}

describe('ChatView: one list of messages, in the server\'s order, each once', () => {
  beforeEach(() => { localStorage.clear(); document.body.innerHTML = ''; });
  afterEach(() => vi.unstubAllGlobals());

  it('sorts by seq whatever order the messages arrive in', () => {
    const chat = view();
    for (const m of [stored(3, 'ba'), stored(1, 'một'), stored(2, 'hai')]) chat.upsert(m, { live: false });
    expect(shownTexts(chat)).toEqual(['một', 'hai', 'ba']);
  });

  it('shows a message delivered twice (history page and live frame) once', () => {
    const chat = view();
    chat.upsert(stored(1, 'xin chào'), { live: false });
    chat.upsert(stored(1, 'xin chào'));
    expect(shownTexts(chat)).toEqual(['xin chào']);
  });

  it('an edit replaces the text in place, keeping its position', () => {
    const chat = view();
    chat.upsert(stored(1, 'một'), { live: false });
    chat.upsert(stored(2, 'hai'), { live: false });
    chat.upsert(stored(1, 'một (sửa)', { editedAt: '2026-12-04T09:05:00Z' }), { live: false });
    expect(shownTexts(chat)).toEqual(['một (sửa)', 'hai']);
  });

  it('asks for what it missed when a live message skips a seq', async () => {
    const fetch = vi.fn(async () => json(200, { items: [stored(2, 'hai')], hasMore: false }));
    vi.stubGlobal('fetch', fetch);
    const chat = view();
    chat.upsert(stored(1, 'một'), { live: false });
    chat.upsert(stored(3, 'ba'));
    await settle();
    expect(String(fetch.mock.calls[0][0])).toContain('/api/conversations/c1/messages?after=3');
    chat.upsert(stored(2, 'hai'), { live: false });
    expect(shownTexts(chat)).toEqual(['một', 'hai', 'ba']);
  });

  it('replaces the pending copy of my message by the stored one, whichever comes first', async () => {
    let answer;
    vi.stubGlobal('fetch', vi.fn(() => new Promise((resolve) => { answer = resolve; })));
    const chat = view();
    chat.input.value = 'đơn hàng #123';
    chat.submit();
    await settle();
    const pending = [...chat.pending.values()][0];
    // the socket delivers it before the POST answers
    chat.upsert(stored(1, 'đơn hàng #123', { sender: me, clientMessageId: pending.clientMessageId }));
    answer(json(201, stored(1, 'đơn hàng #123', { sender: me, clientMessageId: pending.clientMessageId })));
    await settle();
    expect(shownTexts(chat)).toEqual(['đơn hàng #123']);
    expect(chat.pending.size).toBe(0);
  });
});

describe('ChatView: written while offline, sent when the network is back', () => {
  beforeEach(() => { localStorage.clear(); document.body.innerHTML = ''; vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); });
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); });

  it('queues, keeps across a reload, then sends in order with the same clientMessageId', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const chat = view();
    for (const text of ['một', 'hai']) { chat.input.value = text; chat.submit(); }
    await vi.advanceTimersByTimeAsync(0);
    const ticks = [...chat.list.querySelectorAll('[data-testid="tick"]')].map((t) => t.dataset.state);
    expect(ticks).toEqual(['queued', 'queued']);
    expect(chat.list.querySelectorAll('.msg-failed')).toHaveLength(0);
    chat.destroy();

    // the page is reloaded, the network is back: the new page sends what the old one could not
    const sent = [];
    vi.stubGlobal('fetch', vi.fn(async (url, init) => {
      if (init && init.method === 'POST') {
        const body = JSON.parse(init.body);
        sent.push(body);
        return json(201, stored(sent.length, body.content, { id: `s${sent.length}`, sender: me, clientMessageId: body.clientMessageId }));
      }
      return json(200, { items: [], hasMore: false });
    }));
    const again = view();
    await again.load();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((b) => b.content)).toEqual(['một', 'hai']);
    expect(new Set(sent.map((b) => b.clientMessageId)).size).toBe(2);
    expect(shownTexts(again)).toEqual(['một', 'hai']);
    expect(localStorage.length).toBe(0);
  });

  it('tries again by itself while the service answers 503', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', vi.fn(async (url, init) => {
      calls += 1;
      if (calls === 1) return json(503, { code: 'service_unavailable', title: 'Unavailable' });
      const body = JSON.parse(init.body);
      return json(201, stored(1, body.content, { sender: me, clientMessageId: body.clientMessageId }));
    }));
    const chat = view();
    chat.input.value = 'alo';
    chat.submit();
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.list.querySelector('[data-testid="tick"]').dataset.state).toBe('queued');
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(2);
    expect(chat.list.querySelector('[data-testid="tick"]').dataset.state).toBe('sent');
  });

  it('a refusal (400) is not retried: the message says it was not sent', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(400, { code: 'content_too_long', title: 'Too long' })));
    const chat = view();
    chat.input.value = 'x';
    chat.submit();
    await vi.advanceTimersByTimeAsync(5000);
    expect(chat.list.querySelector('[data-testid="tick"]').dataset.state).toBe('failed');
    expect(localStorage.length).toBe(0);
  });
});
