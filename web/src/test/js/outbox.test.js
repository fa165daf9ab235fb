import { describe, it, expect, beforeEach } from 'vitest';
import { OfflineOutbox, isTransient } from '../../main/resources/static/shared/outbox.js';

const entry = (n) => ({ clientMessageId: `cm-${n}`, content: `tin ${n}`, type: 'text', createdAt: '2026-12-04T09:00:00Z', localAt: n });

describe('OfflineOutbox: what waits for the network, kept across reloads', () => {
  beforeEach(() => localStorage.clear());

  it('keeps entries in the order they were written, and a new page finds them', () => {
    const outbox = new OfflineOutbox('cust-1', 'c1');
    outbox.add(entry(2));
    outbox.add(entry(1));
    outbox.add(entry(3));
    const afterReload = new OfflineOutbox('cust-1', 'c1');
    expect(afterReload.list().map((e) => e.clientMessageId)).toEqual(['cm-1', 'cm-2', 'cm-3']);
  });

  it('holds one entry per clientMessageId and forgets it once sent', () => {
    const outbox = new OfflineOutbox('cust-1', 'c1');
    outbox.add(entry(1));
    outbox.add({ ...entry(1), content: 'sửa lại' });
    expect(outbox.list()).toHaveLength(1);
    outbox.remove('cm-1');
    expect(outbox.list()).toEqual([]);
    expect(localStorage.length).toBe(0);
  });

  it('keeps each person\'s and each conversation\'s queue apart', () => {
    new OfflineOutbox('cust-1', 'c1').add(entry(1));
    expect(new OfflineOutbox('cust-2', 'c1').list()).toEqual([]);
    expect(new OfflineOutbox('cust-1', 'c2').list()).toEqual([]);
  });

  it('survives a damaged entry in storage', () => {
    localStorage.setItem('parley.outbox.cust-1.c1', '{not json');
    expect(new OfflineOutbox('cust-1', 'c1').list()).toEqual([]);
  });

  it('waits on network failures and brief outages, gives up on refusals', () => {
    expect([0, 429, 502, 503, 504].map((status) => isTransient({ status }))).toEqual([true, true, true, true, true]);
    expect([400, 403, 409, 413].map((status) => isTransient({ status }))).toEqual([false, false, false, false]);
  });
});
