// Accessibility, checked by axe-core (WCAG 2 A and AA rules) on every screen of the three apps, at a laptop's width
// and a phone's: no serious or critical violation. Also what axe cannot see: the lists answer the keyboard (Tab to
// a row, Enter opens it) and Escape closes the storefront widget.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { launch, requireStack, openAs, waitConnected, mintToken, BASE_URL, RUN } from '../lib/harness.mjs';

// evaluated through DevTools: the apps' Content-Security-Policy (script-src 'self') refuses an injected <script>
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDE = { width: 1366, height: 860 };
const PHONE = { width: 375, height: 740 };

const customer = { userId: `e2e-a11y-cust-${RUN}`, name: 'Phạm Thị Lan', roles: ['CUSTOMER'] };
// opens the tickets the dashboard checks show (the widget's customer must still see the new-request form)
const owner = { userId: `e2e-a11y-owner-${RUN}`, name: 'Lý Văn Phúc', roles: ['CUSTOMER'] };
const staff = { userId: `e2e-a11y-staff-${RUN}`, name: 'Đỗ Quang Huy', roles: ['STAFF'] };
const seller = { userId: `e2e-a11y-seller-${RUN}`, name: 'TechZone Official', roles: ['SELLER'] };

/** The serious and critical violations on the page as it is now, one line each (rule, element, why). */
async function seriousViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join('')}`));
}

describe('accessibility: axe-core on every screen, keyboard and Escape', () => {
  let browser;

  before(async () => {
    await requireStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  for (const [width, viewport] of [['1366 px', WIDE], ['375 px', PHONE]]) {
    it(`no serious violation on the storefront and its widget (${width})`, async () => {
      const page = await openAs(browser, 'widget', customer, { viewport });
      assert.deepEqual(await seriousViolations(page), [], 'storefront');
      await page.getByTestId('widget-launcher').click();
      await page.getByTestId('ticket-form').waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'widget: new request form');
      await page.context().close();
    });

    it(`no serious violation on the dashboard, each tab (${width})`, async () => {
      // rows with every badge: new, each priority, and one of them claimed (status badge under "Của tôi")
      const token = await mintToken(owner);
      const open = (priority) => fetch(`${BASE_URL}/api/conversations`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ message: `Ưu tiên ${priority} (${RUN})`, priority }),
      }).then((r) => r.json());
      const tickets = await Promise.all(['low', 'high', 'urgent'].map(open));
      const staffToken = await mintToken(staff);
      await fetch(`${BASE_URL}/api/conversations/${tickets[2].id}/seen`, { method: 'PUT', headers: { Authorization: `Bearer ${staffToken}` } });
      const page = await openAs(browser, 'dashboard', staff, { viewport });
      await page.getByTestId('list-pending').first().waitFor().catch(() => {});
      for (const tab of ['pending', 'mine', 'resolved', 'stats']) {
        const button = page.getByTestId(`tab-${tab}`);
        if (await button.count()) await button.click();
        assert.deepEqual(await seriousViolations(page), [], `dashboard tab ${tab}`);
      }
      await page.context().close();
    });

    it(`no serious violation in Seller Center (${width})`, async () => {
      const page = await openAs(browser, 'seller', seller, { viewport });
      assert.deepEqual(await seriousViolations(page), [], 'seller center');
      await page.context().close();
    });
  }

  it('no serious violation on the landing page', async () => {
    const context = await browser.newContext({ viewport: WIDE, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${process.env.PARLEY_URL || 'http://localhost:8080'}/`);
    await page.locator('body').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'landing');
    await context.close();
  });

  it('keyboard only: a staff member claims two tickets, replies, and goes back to the first from "Của tôi"', async () => {
    const token = await mintToken(customer);
    const open = (text) => fetch(`${BASE_URL}/api/conversations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: `${text} (${RUN})`, priority: 'urgent' }),
    }).then((r) => r.json());
    const first = await open('Bàn phím thôi');
    const second = await open('Bàn phím lần hai');
    const page = await openAs(browser, 'dashboard', staff);
    const chatOf = (id) => page.locator(`.chat[data-conversation-id="${id}"] [data-testid="composer-input"]`);
    const claimByKeyboard = async (id) => {
      await page.getByTestId('tab-pending').focus();
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid="ticket-row"][data-id="${id}"] [data-testid="claim"]`).focus();
      await page.keyboard.press('Enter');
      await chatOf(id).waitFor();
    };
    await claimByKeyboard(first.id);
    await chatOf(first.id).focus();
    await page.keyboard.type('Chào bạn, mình xem ngay.');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="message"].msg-mine', { hasText: 'mình xem ngay' }).waitFor();
    await claimByKeyboard(second.id);

    await page.getByTestId('tab-mine').focus();
    await page.keyboard.press('Enter');
    const row = page.locator(`[data-testid="list-mine"] [data-testid="ticket-row"][data-id="${first.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('tabindex'), '0', 'the row is reachable by Tab');
    await row.focus();
    await page.keyboard.press('Enter');
    await chatOf(first.id).waitFor();
    await page.context().close();
  });

  it('Escape closes the open widget and gives the focus back to its button', async () => {
    const page = await openAs(browser, 'widget', customer);
    await page.getByTestId('widget-launcher').click();
    await page.getByTestId('widget-panel').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('widget-panel').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'widget-launcher');
    await page.reload();
    await waitConnected(page);
    await page.context().close();
  });
});
