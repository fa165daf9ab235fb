// Follows one chat message through the stack in Zipkin. Against a stack started with TRACING=1:
//
//   PARLEY_URL=http://localhost:8080 ZIPKIN_URL=http://localhost:9411 node deploy/local/trace-demo.mjs
//
// 1. "customer sends, staff receives": staff has a socket open; the customer opens a ticket, staff claims it, the
//    customer sends a message in a trace of our own (a traceparent header, as a browser's tracing would send);
//    once staff's socket has the message, the trace is read back from Zipkin's API and printed as a span tree.
// 2. "staff replies, customer is offline": the reply's trace also holds the e-mail notification that the
//    customer gets after the coalescing window (NOTIFICATION_WINDOW; start the stack with e.g. 5s to wait less).
import crypto from 'node:crypto';
import { call, token, wsConnect, BASE } from '../e2e/api/lib.mjs';

const ZIPKIN = (process.env.ZIPKIN_URL || 'http://localhost:9411').replace(/\/$/, '');
const run = crypto.randomUUID().slice(0, 8);

async function until(what, fn, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function newTrace() {
  const traceId = crypto.randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${crypto.randomBytes(8).toString('hex')}-01` };
}

async function spansOf(traceId) {
  const res = await fetch(`${ZIPKIN}/api/v2/trace/${traceId}`);
  return res.ok ? res.json() : [];
}

/** The spans as a tree: service, span name, duration. */
function print(title, spans) {
  const byParent = new Map();
  for (const s of spans) {
    const list = byParent.get(s.parentId ?? null) ?? [];
    list.push(s);
    byParent.set(s.parentId ?? null, list);
  }
  const ids = new Set(spans.map((s) => s.id));
  const roots = spans.filter((s) => !s.parentId || !ids.has(s.parentId));
  console.log(`\n${title}: ${spans.length} spans, trace ${spans[0]?.traceId}`);
  console.log('| service | span | duration (ms) |\n| --- | --- | --- |');
  const walk = (s, depth) => {
    const service = s.localEndpoint?.serviceName ?? '?';
    console.log(`| ${service} | ${'· '.repeat(depth)}${s.name ?? ''} | ${((s.duration ?? 0) / 1000).toFixed(1)} |`);
    for (const c of (byParent.get(s.id) ?? []).sort((a, b) => a.timestamp - b.timestamp)) walk(c, depth + 1);
  };
  for (const r of roots.sort((a, b) => a.timestamp - b.timestamp)) walk(r, 0);
}

const customerId = `trace-cust-${run}`;
const staffId = `trace-staff-${run}`;
const customer = await token(customerId, ['CUSTOMER'], `Khách ${run}`);
const staff = await token(staffId, ['STAFF'], `Nhân viên ${run}`);
const staffSocket = await wsConnect(staff);

const opened = await call(customer, 'POST', '/api/conversations', { subject: `Tracing ${run}`, message: 'Xin chào' });
if (opened.status !== 201 && opened.status !== 200) throw new Error(`open: ${opened.status} ${opened.text}`);
const id = opened.json.id;
const claimed = await call(staff, 'PUT', `/api/conversations/${id}/seen`);
if (claimed.status >= 300) throw new Error(`claim: ${claimed.status} ${claimed.text}`);

// 1. customer sends, staff receives
const send = newTrace();
const content = `Đơn hàng của tôi đâu? ${run}`;
const sent = await call(customer, 'POST', `/api/conversations/${id}/messages`,
  { content, clientMessageId: `trace-${run}-1` }, { headers: { traceparent: send.traceparent } });
if (sent.status >= 300) throw new Error(`send: ${sent.status} ${sent.text}`);
await until('the message on staff\'s socket', () =>
  staffSocket.frames.find((f) => f.type === 'message.new' && f.data?.content === content));
const sendSpans = await until('the socket write in Zipkin', async () => {
  const spans = await spansOf(send.traceId);
  return spans.some((s) => s.name === 'socket write') ? spans : null;
});
print('Customer sends, staff receives', sendSpans);

// 2. staff replies while the customer has no socket: the e-mail goes out after the window, in the reply's trace
const reply = newTrace();
const replied = await call(staff, 'POST', `/api/conversations/${id}/messages`,
  { content: `Đơn đang giao ${run}`, clientMessageId: `trace-${run}-2` }, { headers: { traceparent: reply.traceparent } });
if (replied.status >= 300) throw new Error(`reply: ${replied.status} ${replied.text}`);
const replySpans = await until('the notification send in Zipkin', async () => {
  const spans = await spansOf(reply.traceId);
  return spans.some((s) => s.name === 'notification send') ? spans : null;
}, 180_000);
// a moment more for the e-mail's own spans to be reported
await new Promise((r) => setTimeout(r, 3000));
print('Staff replies, customer offline (e-mail)', await spansOf(reply.traceId));
staffSocket.close();
console.log(`\nOpen in Zipkin: ${ZIPKIN}/zipkin/traces/${send.traceId} and ${ZIPKIN}/zipkin/traces/${reply.traceId} (gateway ${BASE})`);
