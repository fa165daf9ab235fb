// People sign in with a password (issue 14): staff on the dashboard and a seller in Seller Center go through
// the gateway to the local identity provider and back to the same page; they chat; the browser holds only an
// HttpOnly session cookie (nothing a page script can read is a token); signing out asks for the password again;
// an admin ending someone's sessions sends that person's open dashboard to sign-in within seconds.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, requireStack, openAs, screenshot, eventually, waitConnected, BASE_URL, RUN, WAIT,
} from '../lib/harness.mjs';

const PASSWORDS = {
  'staff-chau': 'chau-parley', 'admin-dung': 'dung-parley', 'seller-techzone': 'techzone-parley',
};
const customer = { userId: `e2e-signin-cust-${RUN}`, name: 'Vũ Thị Lan', roles: ['CUSTOMER'] };
const buyer = { userId: `e2e-signin-buyer-${RUN}`, name: 'Đặng Văn Nam', roles: ['BUYER'] };

// The sign-in arrives with its own issue: a stack whose gateway has no sign-in says so instead of failing.
async function signInDeployed() {
  await requireStack();
  const res = await fetch(`${BASE_URL}/auth/sign-in?return=/`, { redirect: 'manual' });
  return res.status === 302 && !String(res.headers.get('location')).includes('signin_error');
}
const deployed = await signInDeployed().catch(() => true);

/** A fresh browser (own cookies) that opens `path`, is sent to the provider's page and signs in there. */
async function signInAs(browser, user, path, { password = PASSWORDS[user], locale = 'vi-VN' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale, timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${BASE_URL}${path}`);
  await page.locator('input[name="username"]').waitFor();
  await page.locator('input[name="username"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  return page;
}

/** Everything a script on the page can read: no token may be among it. */
async function readableByScripts(page) {
  return page.evaluate(() => ({
    cookie: document.cookie,
    session: JSON.stringify({ ...sessionStorage }),
    local: JSON.stringify({ ...localStorage }),
    parley: JSON.stringify(window.__parley?.state?.me || null),
  }));
}

describe('signing in with a password', { skip: deployed ? false : 'the stack has no sign-in yet' }, () => {
  let browser;
  let staff;
  let seller;
  let ticketId;

  before(async () => {
    await requireStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('a wrong password is explained on the sign-in page, in Vietnamese', async () => {
    const page = await signInAs(browser, 'staff-chau', '/dashboard/index.html', { password: 'sai-mat-khau' });
    await page.getByTestId('sign-in-message').filter({ hasText: 'mật khẩu không đúng' }).waitFor();
    await screenshot(page, 'signin-wrong-password');
    await page.context().close();
  });

  it('a locked account is told so, in English when the browser asks for English', async () => {
    const page = await signInAs(browser, 'staff-khoa', '/dashboard/index.html', { password: 'khoa-parley', locale: 'en-US' });
    await page.getByTestId('sign-in-message').filter({ hasText: 'This account is locked' }).waitFor();
    await page.context().close();
  });

  it('a sign-in provider that is down is explained in Vietnamese and English, and the retry keeps the route', async () => {
    // what the gateway answers when the provider does not respond (SessionSignInTests proves that redirect)
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/dashboard/index.html?signin_error=provider_unavailable#c/42`);
    const message = page.getByTestId('sign-in-error');
    await message.waitFor();
    assert.match(await message.textContent(), /tạm ngừng.*unavailable/s);
    const retry = await page.getByTestId('sign-in').getAttribute('href');
    assert.equal(decodeURIComponent(retry.split('return=')[1]), '/dashboard/index.html#c/42');
    await context.close();
  });

  it('staff sign in on the dashboard and come back to the page they asked for', async () => {
    staff = await signInAs(browser, 'staff-chau', '/dashboard/index.html#signin-route');
    await staff.waitForURL(`${BASE_URL}/dashboard/index.html#signin-route`);
    await waitConnected(staff);
    await staff.getByTestId('identity').filter({ hasText: 'Lê Minh Châu' }).waitFor();
    await screenshot(staff, 'signin-dashboard');
  });

  it('the browser holds an HttpOnly SameSite cookie and no token a script could read', async () => {
    const cookies = await staff.context().cookies(BASE_URL);
    const sessionCookie = cookies.find((c) => c.name === 'PARLEY_SESSION');
    assert.ok(sessionCookie, `a session cookie, got ${cookies.map((c) => c.name)}`);
    assert.equal(sessionCookie.httpOnly, true);
    assert.equal(sessionCookie.sameSite, 'Lax');
    assert.equal(sessionCookie.secure, BASE_URL.startsWith('https:'));
    const readable = await readableByScripts(staff);
    const all = JSON.stringify(readable);
    assert.ok(!all.includes('PARLEY_SESSION'), 'the session cookie is invisible to scripts');
    assert.ok(!/eyJ[\w-]+\.eyJ[\w-]+\./.test(all), `no JWT readable by page scripts: ${all}`);
    assert.ok(!readable.session.includes('token'), `nothing token-like in sessionStorage: ${readable.session}`);
  });

  it('a customer writes; the signed-in agent claims the ticket and they chat', async () => {
    const cust = await openAs(browser, 'widget', customer);
    await cust.getByTestId('widget-launcher').click();
    await cust.getByTestId('ticket-subject').fill('Đổi trả');
    await cust.getByTestId('ticket-message').fill(`Mình muốn đổi size áo (${RUN})`);
    await cust.getByTestId('ticket-submit').click();
    await cust.locator('[data-testid="ticket-banner"][data-state="pending"]').waitFor();
    ticketId = await cust.evaluate(() => window.__parley.state.ticket.id);
    const claim = staff.locator(`[data-testid="ticket-row"][data-id="${ticketId}"] [data-testid="claim"]`);
    await claim.click();
    const input = staff.locator(`.chat[data-conversation-id="${ticketId}"] [data-testid="composer-input"]`);
    await input.fill('Chào chị, em hỗ trợ đổi size ngay ạ');
    await input.press('Enter');
    await cust.locator('[data-testid="message-text"]', { hasText: 'em hỗ trợ đổi size' }).waitFor();
    await cust.getByTestId('composer-input').fill('Cảm ơn em!');
    await cust.getByTestId('composer-input').press('Enter');
    await staff.locator('[data-testid="message-text"]', { hasText: 'Cảm ơn em!' }).waitFor();
    await cust.context().close();
  });

  it('the storefront widget gets its customer token from the shop\'s login, never from the dev token endpoint', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const asked = [];
    page.on('request', (r) => asked.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto(`${BASE_URL}/widget/index.html`);
    // not signed in to the shop: the widget offers the shop's login, not a Parley one
    await page.getByTestId('widget-launcher').click();
    await page.getByTestId('shop-sign-in-needed').waitFor();
    await page.getByTestId('shop-sign-in').click();
    await page.getByTestId('shop-login-customer-an').click();
    await waitConnected(page);
    await page.getByTestId('shop-identity').filter({ hasText: 'Nguyễn Văn An' }).waitFor();
    assert.ok(asked.includes('POST /storefront/customer-tokens'), asked.join('\n'));
    assert.ok(!asked.some((r) => r.includes('/api/dev/tokens')), `the widget minted a token: ${asked.join('\n')}`);
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!/eyJ[\w-]+\.eyJ[\w-]+\./.test(stored), `no token kept in page storage: ${stored}`);
    await context.close();
  });

  it('a seller signs in to Seller Center and answers a buyer', async () => {
    seller = await signInAs(browser, 'seller-techzone', '/seller/index.html');
    await seller.waitForURL(`${BASE_URL}/seller/index.html`);
    await waitConnected(seller);
    const buyerPage = await openAs(browser, 'widget', buyer);
    await buyerPage.getByTestId('chat-seller').click();
    await buyerPage.getByTestId('subject-card').waitFor();
    await buyerPage.getByTestId('composer-input').fill(`Áo này còn size M không shop? (${RUN})`);
    await buyerPage.getByTestId('composer-input').press('Enter');
    const threadId = await eventually(() => buyerPage.evaluate(() => window.__parley.state.view?.id),
      { message: 'the thread id' });
    await seller.locator(`[data-testid="thread-row"][data-id="${threadId}"]`).click();
    await seller.locator('[data-testid="message-text"]', { hasText: RUN }).waitFor();
    await seller.getByTestId('composer-input').fill('Dạ còn size M ạ');
    await seller.getByTestId('composer-input').press('Enter');
    await buyerPage.locator('[data-testid="message-text"]', { hasText: 'Dạ còn size M ạ' }).waitFor();
    const readable = JSON.stringify(await readableByScripts(seller));
    assert.ok(!/eyJ[\w-]+\.eyJ[\w-]+\./.test(readable), `no JWT readable in Seller Center: ${readable}`);
    await screenshot(seller, 'signin-seller-center');
    await buyerPage.context().close();
  });

  it('an admin finds the agent by name, sees their sessions and ends them; the open dashboard goes to sign-in, keeping its page', async () => {
    const before = (await staff.context().cookies(BASE_URL)).find((c) => c.name === 'PARLEY_SESSION');
    const admin = await signInAs(browser, 'admin-dung', '/dashboard/index.html');
    await waitConnected(admin);
    await admin.getByTestId('tab-sessions').click();
    await admin.getByTestId('people-search').fill('chau'); // no diacritics needed: finds "Lê Minh Châu"
    await admin.getByTestId('people-search-go').click();
    await admin.locator('[data-testid="person-row"][data-id="staff-chau"]').click();
    const count = admin.getByTestId('session-count');
    await count.waitFor();
    assert.ok(Number(await count.getAttribute('data-count')) >= 1, await count.textContent());
    await admin.getByTestId('session-row').first().waitFor();
    await screenshot(admin, 'dashboard-admin-sessions');
    await admin.getByTestId('end-sessions').click();
    await admin.getByTestId('confirm-end-sessions').click();
    await admin.locator('[data-testid="session-count"][data-count="0"]').waitFor();
    // the socket closes (4003) and the app leaves for sign-in with its route; the provider still knows this
    // browser, so it comes straight back on a new session, to the same page and route
    await eventually(async () => {
      const cookie = (await staff.context().cookies(BASE_URL)).find((c) => c.name === 'PARLEY_SESSION');
      return cookie && cookie.value !== before.value;
    }, { message: 'a new session after the revocation', timeout: 20000 });
    await staff.waitForURL(`${BASE_URL}/dashboard/index.html#signin-route`);
    await waitConnected(staff);
    await admin.context().close();
  });

  it('signing out leaves the app, and coming back asks for the password again', async () => {
    await seller.getByTestId('sign-out').click();
    await seller.waitForURL(`${BASE_URL}/`);
    const me = await seller.evaluate(async () => (await fetch('/api/me')).status);
    assert.equal(me, 401);
    await seller.goto(`${BASE_URL}/seller/index.html`);
    await seller.locator('input[name="password"]').waitFor();
    await seller.context().close();
  });

  it('the pages raised no script errors', () => {
    for (const [name, p] of [['staff', staff], ['seller', seller]]) {
      const errors = (p?.errors || []).filter((e) => !/Failed to load resource/.test(e));
      assert.deepEqual(errors, [], `${name} page errors`);
    }
  });
});
