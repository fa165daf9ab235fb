// The landing page picks a demo identity with the dev token endpoint and opens the app; every app fits a
// phone-sized screen and renders Vietnamese text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, requireStack, openAs, screenshot, BASE_URL, WAIT, RUN } from '../lib/harness.mjs';

const PHONE = { width: 390, height: 844 };

describe('landing page and phone-sized screens', () => {
  let browser;

  before(async () => {
    await requireStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('lists the three apps and the demo identities, and signs a tab in as the chosen one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/index.html`);
    for (const app of ['widget', 'dashboard', 'seller']) await page.getByTestId(`app-${app}`).waitFor();
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu', 'Hoàng Thu Hà', 'TechZone Official']) {
      await page.getByTestId('identities').getByText(name, { exact: true }).waitFor();
    }
    await screenshot(page, 'landing');
    await page.getByTestId('open-staff-chau').click();
    await page.waitForURL('**/dashboard/**');
    await page.getByTestId('identity').filter({ hasText: 'Lê Minh Châu' }).waitFor();
    await page.getByTestId('count-pending').waitFor();
    await context.close();
  });

  it('an API failure shows a readable message and a retry, never a blank screen', async () => {
    const staff = { userId: `e2e-err-staff-${RUN}`, name: 'Trần Thị Bình', roles: ['STAFF'] };
    const page = await openAs(browser, 'dashboard', staff);
    // The conversation service is "down" for a moment: the gateway would answer 503 with a problem detail.
    const outage = (route) => route.fulfill({
      status: 503, contentType: 'application/problem+json', headers: { 'Retry-After': '5' },
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'service_unavailable',
        detail: 'conversation-service is not answering' }),
    });
    await page.route('**/api/conversations?*', outage);
    await page.getByTestId('tab-resolved').click();
    const panel = page.getByTestId('error-panel');
    await panel.waitFor();
    assert.match(await panel.textContent(), /tạm gián đoạn/);
    await screenshot(page, 'dashboard-error');
    await page.unroute('**/api/conversations?*', outage);
    await panel.getByRole('button').click();
    await page.locator('[data-testid="list-empty"], [data-testid="list-resolved"]').first().waitFor();
    await page.context().close();
  });

  it('every app fits a phone screen (320, 375, 414 px) without sideways scrolling', async () => {
    const people = {
      widget: { userId: `e2e-phone-cust-${RUN}`, name: 'Nguyễn Văn An', roles: ['CUSTOMER'] },
      dashboard: { userId: `e2e-phone-staff-${RUN}`, name: 'Trần Thị Bình', roles: ['STAFF'] },
      seller: { userId: `e2e-phone-seller-${RUN}`, name: 'TechZone Official', roles: ['SELLER'] },
    };
    const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const width of [320, PHONE.width, 414]) {
      for (const [app, who] of Object.entries(people)) {
        const page = await openAs(browser, app, who, { viewport: { ...PHONE, width } });
        if (app === 'widget') {
          // the storefront itself (seller line, "chat with the seller"), then with the widget open
          assert.ok(await overflow(page) <= 1, `the storefront overflows ${width} px by ${await overflow(page)} px`);
          await page.getByTestId('widget-launcher').click();
          await page.getByTestId('ticket-form').waitFor();
        }
        assert.ok(await overflow(page) <= 1, `${app} overflows ${width} px by ${await overflow(page)} px`);
        if (width === PHONE.width) await screenshot(page, `phone-${app}`);
        await page.context().close();
      }
    }
  });
});
