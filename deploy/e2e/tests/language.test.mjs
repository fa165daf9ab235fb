// One language at a time: a customer reads the storefront in Vietnamese while the agent switches the dashboard
// to English; the system message about the claim is stored once (as a code plus parameters) and each of them
// reads it in their own language at the same time, also from history after a reload. The choice is remembered.
// (Masking placeholders per language are covered by messaging-service's ReaderLanguageIntegrationTests.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, requireStack, openAs, screenshot, waitConnected, RUN, WAIT } from '../lib/harness.mjs';

const customer = { userId: `e2e-lang-cust-${RUN}`, name: 'Nguyễn Văn An', roles: ['CUSTOMER'] };
const agent = { userId: `e2e-lang-staff-${RUN}`, name: 'Trần Thị Bình', roles: ['STAFF'] };
const question = `Đơn hàng của tôi ở đâu? (${RUN})`;

const systemLine = (page, text) => page.locator('[data-testid="messages"] [data-testid="message"] .msg-system-text',
  { hasText: text });

describe('languages: each reader sees server text in their own language', () => {
  let browser;
  let cust;
  let staff;
  let ticketId;

  before(async () => {
    await requireStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('the storefront speaks Vietnamese by default and formats prices in đồng', async () => {
    cust = await openAs(browser, 'widget', customer);
    assert.equal(await cust.evaluate(() => document.documentElement.lang), 'vi');
    assert.equal(await cust.getByTestId('lang-switch').inputValue(), 'vi');
    assert.match(await cust.locator('body').textContent(), /6\.490\.000\s?₫/);
    await cust.getByTestId('widget-launcher').click();
    await cust.getByTestId('ticket-form').waitFor();
    await cust.getByTestId('ticket-message').fill(question);
    await cust.getByTestId('ticket-submit').click();
    await cust.locator('[data-testid="ticket-banner"][data-state="pending"]').waitFor();
    ticketId = await cust.evaluate(() => window.__parley.state.ticket.id);
    assert.ok(ticketId);
  });

  it('the agent switches the dashboard to English and it stays English after a reload', async () => {
    staff = await openAs(browser, 'dashboard', agent);
    assert.equal(await staff.getByTestId('tab-pending').textContent().then((s) => s.trim().startsWith('Đang chờ')), true);
    await Promise.all([staff.waitForEvent('load'), staff.getByTestId('lang-switch').selectOption('en')]);
    await staff.locator('html[lang="en"]').waitFor();
    await waitConnected(staff);
    assert.match(await staff.getByTestId('tab-pending').textContent(), /^Pending/);
    await staff.reload();
    await waitConnected(staff);
    assert.equal(await staff.evaluate(() => document.documentElement.lang), 'en', 'the choice is remembered');
    assert.equal(await staff.getByTestId('lang-switch').inputValue(), 'en');
  });

  it('one claim, one system message: Vietnamese for the customer and English for the agent at the same time', async () => {
    const claim = staff.locator(`[data-testid="ticket-row"][data-id="${ticketId}"] [data-testid="claim"]`);
    await claim.click();
    await staff.locator(`.chat[data-conversation-id="${ticketId}"] [data-testid="composer-input"]`).waitFor();
    await Promise.all([
      systemLine(cust, `${agent.name} đã tiếp nhận yêu cầu của bạn`).waitFor({ timeout: WAIT }),
      systemLine(staff, `${agent.name} has taken your request`).waitFor({ timeout: WAIT }),
    ]);
    assert.equal(await systemLine(cust, 'has taken your request').count(), 0, 'no English in the Vietnamese widget');
    await screenshot(cust, 'language-widget-vi');
    await screenshot(staff, 'language-dashboard-en');
  });

  it('after a reload the history renders the same message in each reader\'s language again', async () => {
    await Promise.all([cust.reload(), staff.reload()]);
    await Promise.all([waitConnected(cust), waitConnected(staff)]);
    if (!(await cust.getByTestId('widget-panel').isVisible())) await cust.getByTestId('widget-launcher').click();
    await staff.getByTestId('tab-mine').click();
    await staff.locator(`[data-testid="ticket-row"][data-id="${ticketId}"]`).first().click();
    await Promise.all([
      systemLine(cust, `${agent.name} đã tiếp nhận yêu cầu của bạn`).waitFor(),
      systemLine(staff, `${agent.name} has taken your request`).waitFor(),
    ]);
    assert.deepEqual([...cust.errors, ...staff.errors], [], 'no script errors');
  });
});
