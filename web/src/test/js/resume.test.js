import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { RealtimeClient } from '../../main/resources/static/shared/parley.js';

/** A browser WebSocket stand-in: the test opens it, feeds it frames, closes it, and reads what the client sent. */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 3;
  static all = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeSocket.CONNECTING;
    this.sent = [];
    FakeSocket.all.push(this);
  }

  send(text) { this.sent.push(JSON.parse(text)); }

  close(code = 1000) { this.drop(code); }

  open() { this.readyState = FakeSocket.OPEN; this.onopen?.(); }

  frame(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }

  drop(code = 1006) { this.readyState = FakeSocket.CLOSED; this.onclose?.({ code, reason: '' }); }
}

const message = (conversationId, seq) => ({ type: 'message.new', data: { id: `m${seq}`, conversationId, seq, content: 'x' } });

describe('RealtimeClient: after a reconnect, resume from the last message seen', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); });

  it('sends resume first on every connection, with the highest seq seen per followed conversation', async () => {
    const client = new RealtimeClient();
    client.track('c1', 4);
    client.track('c2', 0);
    client.connect();
    FakeSocket.all[0].open();
    expect(FakeSocket.all[0].sent[0]).toEqual({ type: 'resume', data: { conversations: { c1: 4, c2: 0 } } });

    FakeSocket.all[0].frame(message('c1', 5));
    FakeSocket.all[0].frame(message('c1', 3)); // a late duplicate does not move it back
    FakeSocket.all[0].frame(message('c9', 7)); // not followed: not resumed
    FakeSocket.all[0].drop();
    await vi.advanceTimersByTimeAsync(20000);
    const second = FakeSocket.all.at(-1);
    expect(second).not.toBe(FakeSocket.all[0]);
    second.open();
    expect(second.sent[0]).toEqual({ type: 'resume', data: { conversations: { c1: 5, c2: 0 } } });
  });

  it('says "open" with reconnect=true the second time, so the views catch up', async () => {
    const client = new RealtimeClient();
    const opens = [];
    client.on('open', (d) => opens.push(d.reconnect));
    client.connect();
    FakeSocket.all[0].open();
    FakeSocket.all[0].drop();
    await vi.advanceTimersByTimeAsync(20000);
    FakeSocket.all.at(-1).open();
    expect(opens).toEqual([false, true]);
  });
});
