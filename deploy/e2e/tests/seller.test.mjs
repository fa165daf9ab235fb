// Buyer–seller threads in real browsers: a buyer opens a thread from the product page and writes a
// phone number; the seller sees the thread in Seller Center with the product it is about, reads the
// message with the number masked, and answers; the buyer gets the answer.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, requireStack, openAs, screenshot, eventually, mintToken, BASE_URL, RUN } from '../lib/harness.mjs';

// The storefront's demo product belongs to the demo seller "seller-techzone"; the seller logs in as that id.
const seller = { userId: 'seller-techzone', name: 'TechZone Official', roles: ['SELLER'] };
const buyer = { userId: `e2e-buyer-${RUN}`, name: 'Hoàng Thu Hà', roles: ['BUYER'] };
const PHONE = '0912 345 678';

// Threads arrive with their own issue: until the stack serves them, say so instead of failing.
async function threadsDeployed() {
  await requireStack();
  const token = await mintToken(buyer);
  const res = await fetch(`${BASE_URL}/api/chat/threads`, { headers: { Authorization: `Bearer ${token}` } });
  return res.status !== 404 && res.status !== 405;
}
const deployed = await threadsDeployed().catch(() => true); // unreachable stack: let before() report it

describe('buyer–seller thread', { skip: deployed ? false : 'the stack does not serve /api/chat/threads yet' }, () => {
  let browser;
  let buyerPage;
  let sellerPage;
  let threadId;

  before(async () => {
    await requireStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('a buyer opens a thread from the product page and writes a phone number', async () => {
    sellerPage = await openAs(browser, 'seller', seller);
    buyerPage = await openAs(browser, 'widget', buyer);
    await buyerPage.getByTestId('chat-seller').click();
    await buyerPage.getByTestId('subject-card').waitFor();
    const input = buyerPage.getByTestId('composer-input');
    await input.fill(`Shop ơi, còn hàng không? Gọi mình qua số ${PHONE} nhé (${RUN})`);
    await input.press('Enter');
    await buyerPage.locator('[data-testid="message"].msg-mine [data-testid="tick"]:not([data-state="sending"])').first().waitFor();
    threadId = await buyerPage.evaluate(() => window.__parley.state.view.id);
    assert.ok(threadId);
    await screenshot(buyerPage, 'widget-buyer-thread');
  });

  it('the seller sees the thread with its product and an unread badge, and the number arrives masked', async () => {
    const row = sellerPage.locator(`[data-testid="thread-row"][data-id="${threadId}"]`);
    await row.waitFor();
    await eventually(async () => (await row.locator('[data-testid="unread"]').count()) > 0
      || (await row.textContent()).includes(RUN), { message: 'the thread to show its new message' });
    await row.click();
    await sellerPage.getByTestId('subject-card').filter({ hasText: 'Sony WH-1000XM5' }).waitFor();
    const text = sellerPage.locator('[data-testid="message-text"]', { hasText: RUN });
    await text.waitFor();
    const shown = await text.textContent();
    assert.ok(!shown.includes(PHONE), `the phone number must be masked, seller saw: ${shown}`);
    assert.ok(!/0912[\s.]?345[\s.]?678/.test(shown), `no digits of the number left together: ${shown}`);
    assert.ok(shown.includes('Shop ơi, còn hàng không?'), 'the rest of the message is intact');
  });

  it('the seller answers and the buyer gets it', async () => {
    const input = sellerPage.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('Dạ còn hàng ạ, shop giao trong 2h', { delay: 30 });
    await buyerPage.getByTestId('typing').filter({ hasText: seller.name }).waitFor();
    await input.press('Enter');
    await buyerPage.locator('[data-testid="message-text"]', { hasText: 'shop giao trong 2h' }).waitFor();
    await screenshot(sellerPage, 'seller-center');
  });

  it('the pages raised no script errors', () => {
    for (const [name, p] of [['buyer', buyerPage], ['seller', sellerPage]]) {
      const errors = (p?.errors || []).filter((e) => !/Failed to load resource/.test(e));
      assert.deepEqual(errors, [], `${name} page errors`);
    }
  });
});
