// The demo storefront's own login: a stand-in for a real shop, which has its own accounts. The shop (not the
// widget) knows who is signed in and gets that customer's Parley token from its backend; here the backend is
// the local identity provider's stand-in (POST <idp>/storefront/customer-tokens, local stack only). The page
// then hands the widget a token provider through the embed API, exactly as a real storefront would:
//
//   <script>window.Parley = window.Parley || { init(o) { (window.Parley.q = window.Parley.q || []).push(o); } };</script>
//   Parley.init({ tokenProvider: async () => (await fetch('/my-shop/parley-token')).text(), onSignInRequested })
//
// Demo customers are picked here (or with ?as=<key> from the landing page); the choice is the shop's own
// state (sessionStorage), never a token.
import { DEMO_IDENTITIES } from '/shared/parley.js';
import { h, modal } from '/shared/ui.js';

const CUSTOMER_KEY = 'demo-shop.customer';
const SHOP_ROLES = ['CUSTOMER', 'BUYER'];

const TEXT = {
  vi: {
    signIn: 'Đăng nhập cửa hàng', signOut: 'Đăng xuất', choose: 'Đăng nhập cửa hàng TechZone',
    intro: 'Cửa hàng demo: chọn một khách hàng. Cửa hàng thật dùng tài khoản của chính nó.',
    unavailable: 'Không lấy được mã đăng nhập từ cửa hàng. (The shop could not issue a sign-in token.)',
  },
  en: {
    signIn: 'Shop sign-in', signOut: 'Sign out', choose: 'Sign in to the TechZone shop',
    intro: 'Demo shop: pick a customer. A real shop uses its own accounts.',
    unavailable: 'The shop could not issue a sign-in token. (Không lấy được mã đăng nhập từ cửa hàng.)',
  },
};
const T = (document.documentElement.lang || '').startsWith('en') ? TEXT.en : TEXT.vi;

const customers = DEMO_IDENTITIES.filter((i) => i.roles.every((r) => SHOP_ROLES.includes(r)));

function signedIn() {
  try {
    return JSON.parse(sessionStorage.getItem(CUSTOMER_KEY) || 'null');
  } catch {
    return null;
  }
}

function signInAs(identity) {
  sessionStorage.setItem(CUSTOMER_KEY, JSON.stringify({ customerId: identity.userId, name: identity.name, roles: identity.roles }));
}

// ?as=<key>: the landing page's "open as" links
const url = new URL(location.href);
const as = url.searchParams.get('as');
if (as) {
  const identity = customers.find((i) => i.key === as);
  if (identity) signInAs(identity);
  url.searchParams.delete('as');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}

let config = null;
async function tokenUrl() {
  if (!config) {
    const res = await fetch('/demo-shop/config.json', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(T.unavailable);
    config = await res.json();
  }
  return config.tokenUrl;
}

/** The shop backend's answer: a fresh token for the signed-in customer, or null when nobody is signed in. */
async function tokenProvider() {
  const customer = signedIn();
  if (!customer) return null;
  const res = await fetch(await tokenUrl(), {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(customer),
  });
  if (!res.ok) throw new Error(T.unavailable);
  return (await res.json()).token;
}

async function onSignInRequested(role) {
  const offered = customers.filter((i) => !role || i.roles.includes(role));
  const picked = await modal(T.choose, h('div', {}, h('p', { class: 'muted' }, T.intro),
    h('div', { class: 'shop-login' }, offered.map((i) => h('button', {
      class: 'btn btn-secondary', type: 'button', 'data-testid': `shop-login-${i.key}`,
      onclick: (e) => { signInAs(i); e.target.closest('.modal-overlay').remove(); location.reload(); },
    }, `${i.name} · ${i.role}`)))), []);
  return picked;
}

function renderIdentity() {
  const slot = document.getElementById('identity-slot');
  const customer = signedIn();
  slot.replaceChildren(customer
    ? h('span', { class: 'shop-identity', 'data-testid': 'shop-identity' }, `👤 ${customer.name} `,
      h('button', {
        class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'shop-sign-out',
        onclick: () => { sessionStorage.removeItem(CUSTOMER_KEY); location.reload(); },
      }, T.signOut))
    : h('button', { class: 'btn btn-primary btn-sm', type: 'button', 'data-testid': 'shop-sign-in', onclick: () => onSignInRequested() }, T.signIn));
}

renderIdentity();
window.Parley = window.Parley || { init(o) { (window.Parley.q = window.Parley.q || []).push(o); } };
window.Parley.init({ tokenProvider, onSignInRequested });
