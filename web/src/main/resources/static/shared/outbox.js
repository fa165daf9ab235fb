// Messages written while the connection is down, kept in localStorage under the writer and the conversation so a
// reload does not lose them, until the server has stored them. ChatView sends them in the order they were written,
// each with its clientMessageId: the server answers a repeat with the original message, so a send whose answer
// was lost is never stored twice. Images are not kept here (a file does not survive a reload); they still wait in
// the page's queue.
const PREFIX = 'parley.outbox.';

export class OfflineOutbox {
  constructor(userId, conversationId) {
    this.key = `${PREFIX}${userId}.${conversationId}`;
  }

  /** @returns {{clientMessageId: string, content: string, type: string, createdAt: string, localAt: number}[]} */
  list() {
    try {
      const entries = JSON.parse(localStorage.getItem(this.key) || '[]');
      return Array.isArray(entries) ? entries.sort((a, b) => a.localAt - b.localAt) : [];
    } catch {
      return [];
    }
  }

  add(entry) {
    this.save(this.list().filter((e) => e.clientMessageId !== entry.clientMessageId).concat([entry]));
  }

  remove(clientMessageId) {
    const entries = this.list();
    const left = entries.filter((e) => e.clientMessageId !== clientMessageId);
    if (left.length !== entries.length) this.save(left);
  }

  save(entries) {
    try {
      if (entries.length) localStorage.setItem(this.key, JSON.stringify(entries));
      else localStorage.removeItem(this.key);
    } catch {
      // private mode or a full store: the queue still lives in the page
    }
  }
}

/** Failures that mean "not now" rather than "never": the message waits and is sent again by itself. */
export function isTransient(err) {
  const status = err && typeof err.status === 'number' ? err.status : 0;
  return status === 0 || status === 502 || status === 503 || status === 504 || status === 429;
}
