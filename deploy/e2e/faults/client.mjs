// A Parley WebSocket client for the fault suite: reads frames with ../api/lib.mjs' readFrames, and also sends
// (masked text frames: resume), answers pings, notices closes and reconnects with `resume` as PROTOCOL.md asks a
// client to. It keeps, per logical client, every message.new it got and, per physical socket, the seqs it
// delivered, so the suite can tell "missed" from "delivered twice on one socket".
import http from 'node:http';
import crypto from 'node:crypto';
import { BASE, readFrames } from '../api/lib.mjs';

function frame(opcode, payload) {
  const body = Buffer.from(payload);
  const mask = crypto.randomBytes(4);
  const len = body.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len])
    : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 126]), Buffer.from([len >> 8, len & 0xff])]);
  const masked = Buffer.alloc(len);
  for (let i = 0; i < len; i++) masked[i] = body[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, masked]);
}

export class Client {
  constructor(label, token) {
    this.label = label;
    this.token = token;
    this.sockets = []; // one entry per physical socket: { node, seqs: Map<conv, Map<seq, count>>, closedWith }
    this.messages = new Map(); // conv -> Map<seq, message data> over all sockets
    this.gaps = [];
    this.closes = []; // { code, at, socket }
    this.reconnects = 0;
    this.stopped = false;
    this.socket = null;
  }

  /** Highest seq such that every seq up to it was received, per conversation (what `resume` sends). */
  resumePoint() {
    const out = {};
    for (const [conv, seqs] of this.messages) {
      let n = 0;
      while (seqs.has(n + 1)) n++;
      out[conv] = n;
    }
    return out;
  }

  watch(conversationId) {
    if (!this.messages.has(conversationId)) this.messages.set(conversationId, new Map());
  }

  async connect() {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.open();
        return;
      } catch (e) {
        this.lastError = e.message;
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 2000)));
      }
    }
  }

  open() {
    const url = new URL(BASE + '/ws?access_token=' + encodeURIComponent(this.token));
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port || 80, path: url.pathname + url.search, method: 'GET',
        headers: {
          Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        },
        timeout: 15000,
      });
      req.on('upgrade', (res, socket, head) => {
        req.setTimeout(0);
        const record = { node: null, seqs: new Map(), closedWith: null, opened: Date.now() };
        this.sockets.push(record);
        this.socket = socket;
        let resumed = false;
        const finish = (code) => {
          if (record.closedWith !== null) return;
          record.closedWith = code;
          this.closes.push({ code, at: Date.now() });
          if (this.socket === socket) this.socket = null;
          socket.destroy();
          if (!this.stopped) { this.reconnects++; this.connect(); }
        };
        readFrames(socket, head, (opcode, payload) => {
          if (opcode === 9) { socket.write(frame(10, payload)); return true; }
          if (opcode === 8) { finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005); return false; }
          if (opcode !== 1) return true;
          let f;
          try { f = JSON.parse(payload.toString('utf8')); } catch { return true; }
          this.onFrame(f, record);
          if (f.type === 'connected' && !resumed) {
            resumed = true;
            record.node = f.data?.node;
            socket.write(frame(1, JSON.stringify({ type: 'resume', data: { conversations: this.resumePoint() } })));
            resolve();
          }
          return true;
        });
        socket.on('error', () => finish(1006));
        socket.on('close', () => finish(1006));
        // connected once the server said so (the reconnect loop is already running if it closes first)
        setTimeout(resolve, 15000);
      });
      req.on('response', (res) => { res.resume(); reject(new Error(`WebSocket refused: ${res.statusCode}`)); });
      req.on('timeout', () => { req.destroy(); reject(new Error('WebSocket handshake timed out')); });
      req.on('error', reject);
      req.end();
    });
  }

  onFrame(f, record) {
    // any frame the server sent twice on one socket (not only messages): same type, same data
    if (f.type !== 'connected' && f.type !== 'pong' && f.type !== 'presence' && f.type !== 'resumed') {
      const key = `${f.type} ${JSON.stringify(f.data)}`;
      record.frames = record.frames || new Map();
      record.frames.set(key, (record.frames.get(key) || 0) + 1);
    }
    if (f.type === 'message.new' && f.data) {
      const { conversationId: conv, seq } = f.data;
      if (!record.seqs.has(conv)) record.seqs.set(conv, new Map());
      const perSocket = record.seqs.get(conv);
      perSocket.set(seq, (perSocket.get(seq) || 0) + 1);
      this.watch(conv);
      this.messages.get(conv).set(seq, f.data);
    } else if (f.type === 'resume.gap') {
      this.gaps.push(f.data);
    }
  }

  /** Messages fetched over REST after a resume.gap count as received (PROTOCOL.md §4). */
  fill(conv, messages) {
    this.watch(conv);
    for (const m of messages) if (!this.messages.get(conv).has(m.seq)) this.messages.get(conv).set(m.seq, m);
  }

  /** [conv, seq, socketIndex, count] of every message delivered more than once on one socket. */
  duplicates() {
    const out = [];
    this.sockets.forEach((s, i) => {
      for (const [conv, seqs] of s.seqs) for (const [seq, n] of seqs) if (n > 1) out.push([conv, seq, i, n, s.node]);
    });
    return out;
  }

  /** [frame, socketIndex, count, node] of every other frame (claims, updates, receipts) sent twice on one socket. */
  repeatedFrames() {
    const out = [];
    this.sockets.forEach((s, i) => {
      for (const [key, n] of s.frames || []) if (n > 1 && !key.startsWith('message.new ')) out.push([key.slice(0, 140), i, n, s.node]);
    });
    return out;
  }

  stop() {
    this.stopped = true;
    if (this.socket) this.socket.destroy();
  }
}
