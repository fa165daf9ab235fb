// Attention while the tab is in the background: a staff member's hidden dashboard raises a browser notification
// for a new ticket and for a customer's message in their ticket; the bell switches the sound off and the choice
// stays. (The title's unread count is a unit test in web/.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, requireStack, openAs, eventually, mintToken, BASE_URL, RUN } from '../lib/harness.mjs';

const customer = { userId: `e2e-att-cust-${RUN}`, name: 'Vũ Thị Mai', roles: ['CUSTOMER'] };
const staff = { userId: `e2e-att-staff-${RUN}`, name: 'Ngô Văn Tú', roles: ['STAFF'] };

/** Records notifications instead of showing them, and lets the test say whether the tab is hidden. */
function recordNotifications() {
  window.__shown = [];
  window.__hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { window.__shown.push({ title, body: options && options.body }); }
    close() {}
  };
}

async function api(identity, method, path, body) {
  const res = await fetch(`${BASE_URL}${path}`, {
    method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await mintToken(identity)}` },
    body: body && JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} answered ${res.status}`);
  return res.json();
}

describe('attention while the tab is hidden', () => {
  let browser;
  before(async () => { await requireStack(); browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('a new ticket and a customer\'s message notify a staff member whose dashboard is hidden', async () => {
    const page = await openAs(browser, 'dashboard', staff);
    await page.evaluate(recordNotifications);
    await page.evaluate(() => { window.__hidden = true; });
    const ticket = await api(customer, 'POST', '/api/conversations', { message: `Cần hỗ trợ gấp (${RUN})`, priority: 'high' });
    const shown = () => page.evaluate(() => window.__shown);
    await eventually(async () => (await shown()).some((n) => n.title.startsWith('Yêu cầu mới')),
      { message: 'a "new request" notification' });

    await page.evaluate(() => { window.__hidden = false; });
    await page.locator(`[data-testid="ticket-row"][data-id="${ticket.id}"] [data-testid="claim"]`).click();
    await page.locator(`.chat[data-conversation-id="${ticket.id}"] [data-testid="composer-input"]`).waitFor();
    await page.evaluate(() => { window.__hidden = true; });
    await api(customer, 'POST', `/api/conversations/${ticket.id}/messages`, { content: 'Bạn ơi, đơn của mình sao rồi?', clientMessageId: `att-${RUN}` });
    await eventually(async () => (await shown()).some((n) => n.title === `Tin nhắn mới từ ${customer.name}` && /đơn của mình/.test(n.body)),
      { message: 'a "new message" notification' });
    assert.equal((await shown()).filter((n) => /đơn của mình/.test(n.body)).length, 1, 'one notification per message');
    await page.context().close();
  });

  it('the bell switches the sound off, and the choice survives a reload', async () => {
    const page = await openAs(browser, 'dashboard', staff);
    const bell = page.getByTestId('attention-toggle');
    assert.equal(await bell.getAttribute('aria-pressed'), 'true');
    await bell.click();
    assert.equal(await bell.getAttribute('aria-pressed'), 'false');
    await page.reload();
    assert.equal(await page.getByTestId('attention-toggle').getAttribute('aria-pressed'), 'false');
    await page.context().close();
  });
});
