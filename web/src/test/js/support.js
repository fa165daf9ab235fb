// What the client-logic tests share: a stand-in for the page's socket (RealtimeClient) and a scripted fetch.
import { vi } from 'vitest';

/** A RealtimeClient as ChatView uses it: listeners by frame type, and the calls it makes recorded. */
export function fakeSocket() {
  const listeners = new Map();
  return {
    on(type, fn) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(fn);
      return () => listeners.get(type).delete(fn);
    },
    emit(type, detail) {
      for (const fn of listeners.get(type) || []) fn(detail);
    },
    track: vi.fn(),
    untrack: vi.fn(),
    noteSeq: vi.fn(),
    typing: vi.fn(),
  };
}

export function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A stored message as messaging-service answers it. */
export function stored(seq, content, { id = `m${seq}`, sender = { id: 'agent-1', name: 'Bình' }, ...rest } = {}) {
  return { id, conversationId: 'c1', seq, sender, senderType: 'staff', type: 'text', content, attachments: [],
    createdAt: new Date(Date.UTC(2026, 11, 4, 9, 0, seq)).toISOString(), ...rest };
}

/** The texts a ChatView shows, in display order. */
export function shownTexts(view) {
  return [...view.list.querySelectorAll('[data-testid="message-text"]')].map((el) => el.textContent);
}

/** Waits for the promise callbacks queued by the code under test. */
export async function settle(times = 5) {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}
