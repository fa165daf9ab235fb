// Support tickets in real browsers: a customer opens a ticket from the storefront widget, two staff
// members open it at the same instant (exactly one gets the chat, the other is told who took it and the
// ticket vanishes), then customer and agent chat both ways with typing shown, read ticks, an image,
// and the history is there after a reload.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, requireStack, openAs, screenshot, eventually, messageTexts, tinyPng, waitConnected, RUN, WAIT,
} from '../lib/harness.mjs';

const customer = { userId: `e2e-cust-${RUN}`, name: 'Nguyễn Văn An', roles: ['CUSTOMER'] };
const binh = { userId: `e2e-staff-binh-${RUN}`, name: 'Trần Thị Bình', roles: ['STAFF'] };
const chau = { userId: `e2e-staff-chau-${RUN}`, name: 'Lê Minh Châu', roles: ['STAFF'] };
const question = `Sản phẩm tôi đặt khi nào giao? (${RUN})`;

describe('support ticket: claim race and chat', () => {
  let browser;
  let cust;
  let staffA;
  let staffB;
  let ticketId;
  let winner;
  let loser;
  let winnerName;

  before(async () => {
    await requireStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('a customer opens a support chat and waits with a queue position', async () => {
    cust = await openAs(browser, 'widget', customer);
    await cust.getByTestId('widget-launcher').click();
    await cust.getByTestId('ticket-form').waitFor();
    await cust.getByTestId('ticket-subject').fill('Giao hàng');
    await cust.getByTestId('ticket-message').fill(question);
    // Both staff dashboards are open before the ticket exists, so it must arrive live.
    [staffA, staffB] = await Promise.all([openAs(browser, 'dashboard', binh), openAs(browser, 'dashboard', chau)]);
    await cust.getByTestId('ticket-submit').click();
    await cust.locator('[data-testid="ticket-banner"][data-state="pending"]').waitFor();
    const position = await cust.getByTestId('queue-position').textContent();
    assert.match(position.trim(), /^\d+$/, `queue position shown, got "${position}"`);
    await cust.locator('[data-testid="messages"] [data-testid="message-text"]', { hasText: question }).waitFor();
    ticketId = await cust.evaluate(() => window.__parley.state.ticket.id);
    assert.ok(ticketId, 'the widget knows its ticket id');
    await screenshot(cust, 'widget-waiting');
  });

  it('the new ticket appears live on both staff dashboards', async () => {
    const row = (p) => p.locator(`[data-testid="list-pending"] [data-testid="ticket-row"][data-id="${ticketId}"]`);
    await Promise.all([row(staffA).waitFor(), row(staffB).waitFor()]);
    assert.match(await row(staffA).textContent(), new RegExp(RUN));
    await screenshot(staffA, 'dashboard-pending');
  });

  it('two staff open it at once: exactly one gets the chat, the other is told who took it', async () => {
    const claim = (p) => p.locator(`[data-testid="ticket-row"][data-id="${ticketId}"] [data-testid="claim"]`);
    await Promise.all([claim(staffA).waitFor(), claim(staffB).waitFor()]);
    // Both click at the same moment: a DOM click in each page, sent in parallel (no waiting for animations
    // in between, which would give the first claim's frame time to remove the row from the other page).
    const clickNow = (p) => p.evaluate((id) => {
      const button = document.querySelector(`[data-testid="ticket-row"][data-id="${id}"] [data-testid="claim"]`);
      if (!button) return false;
      button.click();
      return true;
    }, ticketId);
    const clicked = await Promise.all([clickNow(staffA), clickNow(staffB)]);
    assert.deepEqual(clicked, [true, true], 'both staff clicked the ticket while it was pending');

    const chatOpen = (p) => p.locator(`.chat[data-conversation-id="${ticketId}"] [data-testid="composer-input"]`);
    const who = await eventually(async () => {
      const [a, b] = await Promise.all([chatOpen(staffA).isVisible(), chatOpen(staffB).isVisible()]);
      if (a && b) throw new Error('both staff got the chat');
      return a ? 'A' : b ? 'B' : null;
    }, { message: 'one staff member to get the chat' });
    [winner, loser, winnerName] = who === 'A' ? [staffA, staffB, binh.name] : [staffB, staffA, chau.name];

    // The loser is told who took it, and the ticket vanishes from their pending list.
    await loser.locator('[data-testid="toast"]', { hasText: `«${winnerName}»` }).first().waitFor();
    await eventually(async () => (await loser.locator(`[data-testid="list-pending"] [data-testid="ticket-row"][data-id="${ticketId}"]:not([data-leaving])`).count()) === 0,
      { message: 'the ticket to vanish from the loser\'s pending list' });
    assert.equal(await chatOpen(loser).count(), 0, 'the loser has no chat for the ticket');
    // Still exactly one, once everything has settled.
    assert.equal(await chatOpen(winner).isVisible(), true);
    await screenshot(loser, 'dashboard-taken-by-other');

    // The customer sees the agent's name.
    await cust.getByTestId('agent-name').filter({ hasText: winnerName }).waitFor();
  });

  it('customer and agent exchange messages both ways, with typing shown', async () => {
    const agentInput = winner.getByTestId('composer-input');
    await agentInput.click();
    await agentInput.pressSequentially('Xin chào! Cho mình xin mã đơn', { delay: 40 });
    await cust.getByTestId('typing').filter({ hasText: winnerName }).waitFor();
    await agentInput.pressSequentially(' hàng để kiểm tra nhé!', { delay: 10 });
    await agentInput.press('Enter');
    await cust.locator('[data-testid="message-text"]', { hasText: 'Cho mình xin mã đơn hàng để kiểm tra nhé!' }).waitFor();
    // Typing stops once the message is sent.
    await eventually(async () => ((await cust.getByTestId('typing').textContent()) || '').trim() === '',
      { message: 'the typing indicator to clear' });

    const custInput = cust.getByTestId('composer-input');
    await custInput.click();
    await custInput.pressSequentially('Mã đơn: #123456', { delay: 40 });
    await winner.getByTestId('typing').filter({ hasText: customer.name }).waitFor();
    await custInput.press('Enter');
    await winner.locator('[data-testid="message-text"]', { hasText: 'Mã đơn: #123456' }).waitFor();

    // Read ticks: the agent has the chat open, so the customer's message turns "read".
    await cust.locator('[data-testid="message"].msg-mine', { hasText: 'Mã đơn: #123456' })
      .locator('[data-testid="tick"][data-state="read"]').waitFor();

    await winner.getByTestId('composer-input').fill('Đơn hàng sẽ được giao ngày mai 9h sáng nhé!');
    await winner.getByTestId('send').click();
    await cust.locator('[data-testid="message-text"]', { hasText: 'ngày mai 9h sáng' }).waitFor();
    await screenshot(winner, 'dashboard-chat');
  });

  it('the customer attaches an image and the agent sees it', async () => {
    await cust.getByTestId('attach-input').setInputFiles({ name: 'hoa-don.png', mimeType: 'image/png', buffer: tinyPng() });
    const img = winner.locator('[data-testid="messages"] [data-testid="message-image"]');
    await img.first().waitFor();
    await eventually(() => img.first().evaluate((el) => el.complete && el.naturalWidth > 0), { message: 'the image to load for the agent' });
    await screenshot(cust, 'widget-chat');
  });

  it('the customer finds the whole history after a reload, each message once and in order', async () => {
    const before = await messageTexts(cust);
    await cust.reload();
    await waitConnected(cust);
    await cust.getByTestId('widget-panel').waitFor(); // the widget reopens itself after a reload
    await cust.locator('[data-testid="message-text"]', { hasText: 'ngày mai 9h sáng' }).waitFor();
    const afterReload = await messageTexts(cust);
    assert.deepEqual(afterReload, before);
    assert.equal(afterReload.filter((t) => t === question).length, 1);
    const seqs = await cust.locator('[data-testid="messages"] [data-testid="message"]').evaluateAll(
      (els) => els.map((e) => Number(e.dataset.seq)).filter((n) => n > 0));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'messages sorted by seq');
    assert.equal(new Set(seqs).size, seqs.length, 'no seq shown twice');
  });

  it('messages sent while the customer was disconnected arrive exactly once after the reconnect', async () => {
    await cust.evaluate(() => window.__parley.client.close());
    await cust.locator('[data-testid="connection"][data-state="closed"]').waitFor();
    const missed = ['Bạn còn ở đó không?', 'Mình gửi thêm thông tin giao hàng nhé.', 'Shipper sẽ gọi trước 30 phút.'];
    for (const text of missed) {
      await winner.getByTestId('composer-input').fill(text);
      await winner.getByTestId('composer-input').press('Enter');
      await winner.locator('[data-testid="message"].msg-mine', { hasText: text }).locator('[data-testid="tick"]:not([data-state="sending"])').waitFor();
    }
    await cust.evaluate(() => window.__parley.client.connect());
    await waitConnected(cust);
    await cust.locator('[data-testid="message-text"]', { hasText: missed[2] }).waitFor();
    const texts = await messageTexts(cust);
    for (const text of missed) assert.equal(texts.filter((t) => t === text).length, 1, `"${text}" shown exactly once`);
    const order = missed.map((t) => texts.indexOf(t));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'missed messages in order');
  });

  it('what the customer writes while the network is down waits, survives a reload, and arrives once, in order', async () => {
    // every send fails at the network (the socket stays up): as on a train between stations
    const blockSends = (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
    const sends = `**/api/conversations/${ticketId}/messages`;
    await cust.route(sends, blockSends);
    const offline = ['Mình đang đi tàu, mạng chập chờn.', 'Địa chỉ giao: 12 Lý Thường Kiệt.'];
    for (const text of offline) {
      await cust.getByTestId('composer-input').fill(text);
      await cust.getByTestId('composer-input').press('Enter');
    }
    const queued = (p) => p.locator('[data-testid="message"].msg-mine', { hasText: offline[1] }).getByTestId('queued');
    await queued(cust).waitFor();
    assert.equal(await cust.locator('[data-testid="message"].msg-failed').count(), 0, 'nothing marked as failed');

    await cust.reload();
    await waitConnected(cust);
    await cust.getByTestId('widget-panel').waitFor();
    await queued(cust).waitFor(); // still there after the reload, still waiting

    await cust.unroute(sends, blockSends);
    await winner.locator('[data-testid="message-text"]', { hasText: offline[1] }).waitFor();
    await eventually(async () => (await cust.getByTestId('queued').count()) === 0, { message: 'the queue to empty' });
    for (const p of [winner, cust]) {
      const texts = await messageTexts(p);
      for (const text of offline) assert.equal(texts.filter((t) => t === text).length, 1, `"${text}" shown exactly once`);
      assert.ok(texts.indexOf(offline[0]) < texts.indexOf(offline[1]), 'in the order they were written');
    }
  });

  it('a paste over the length limit is refused with a message, not cut', async () => {
    const input = cust.getByTestId('composer-input');
    await input.fill('');
    await input.focus();
    await cust.evaluate(() => {
      const el = document.querySelector('[data-testid="composer-input"]');
      const data = new DataTransfer();
      data.setData('text/plain', 'x'.repeat(5414));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await cust.locator('[data-testid="toast"]', { hasText: '5.414' }).first().waitFor();
    assert.equal(await input.inputValue(), '', 'nothing pasted');
    await input.fill('y'.repeat(3800));
    await cust.getByTestId('composer-count').filter({ hasText: '3.800/4.000' }).waitFor();
    await input.fill('');
  });

  it('the agent edits a message and the customer deletes one: each side sees the other\'s change live', async () => {
    const agentMessage = winner.locator('[data-testid="message"].msg-mine', { hasText: 'ngày mai 9h sáng' });
    await agentMessage.getByTestId('edit-message').click();
    const box = winner.getByTestId('edit-input');
    await box.fill('Đơn hàng sẽ được giao ngày mai 10h sáng nhé!');
    await box.press('Enter');
    const edited = cust.locator('[data-testid="message"]', { hasText: 'ngày mai 10h sáng' });
    await edited.waitFor();
    assert.match(await edited.textContent(), /đã sửa/, 'marked as edited for the customer');
    assert.equal(await cust.locator('[data-testid="message-text"]', { hasText: 'ngày mai 9h sáng' }).count(), 0, 'old text gone');

    const address = 'Địa chỉ giao: 12 Lý Thường Kiệt.';
    await cust.locator('[data-testid="message"].msg-mine', { hasText: address }).getByTestId('delete-message').click();
    await cust.getByTestId('confirm-delete').click();
    await eventually(async () => (await winner.locator('[data-testid="message-text"]', { hasText: address }).count()) === 0,
      { message: 'the deleted text to leave the agent\'s screen' });
    await winner.locator('[data-testid="message"] em', { hasText: 'Tin nhắn đã bị thu hồi' }).first().waitFor();
    assert.equal(await winner.locator('[data-testid="message"].msg-theirs [data-testid="edit-message"]').count(), 0,
      'nobody gets edit buttons on someone else\'s messages');
  });

  it('the agent resolves the ticket and the customer is told', async () => {
    await winner.getByTestId('action-resolve').click();
    await cust.locator('[data-testid="ticket-banner"][data-state="resolved"]').waitFor({ timeout: WAIT });
    await screenshot(winner, 'dashboard-resolved');
  });

  it('the stats panel shows the agent\'s figures and the claim race', async () => {
    // on a phone the open chat takes the screen: back to the list (and its tabs) first
    const back = winner.locator('.content [data-testid="back-to-list"]');
    if (await back.isVisible()) await back.click();
    await winner.getByTestId('tab-stats').click();
    await winner.getByTestId('staff-stats').filter({ hasText: winnerName }).waitFor();
    await winner.getByTestId('claim-stats').waitFor();
    await screenshot(winner, 'dashboard-stats');
  });

  it('the pages raised no script errors', () => {
    for (const [name, p] of [['customer', cust], ['staff A', staffA], ['staff B', staffB]]) {
      const errors = (p?.errors || []).filter((e) => !/Failed to load resource|status of 409|status of 404/.test(e));
      assert.deepEqual(errors, [], `${name} page errors`);
    }
  });
});
