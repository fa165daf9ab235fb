// Landing page: the three apps and the demo identities. "Mở" signs this tab into the identity's app
// (token in sessionStorage under that app) and opens it; "Tab mới" opens the app with ?as=<identity>,
// which signs the new tab in by itself (sessionStorage is per tab).
import { t } from './i18n.js';
import { DEMO_IDENTITIES, APPS, signIn, describeError } from './parley.js';
import { h, avatar } from './ui.js';

const APP_CARDS = [
  { app: 'widget', icon: '🛍️', text: t('landing.shop') },
  { app: 'dashboard', icon: '🎧', text: t('landing.dashboard') },
  { app: 'seller', icon: '🏪', text: t('landing.seller') },
];

function currentKey(app) {
  try {
    const s = JSON.parse(sessionStorage.getItem(`parley.session.${app}`) || 'null');
    return s && s.identityKey;
  } catch {
    return null;
  }
}

function render() {
  const apps = document.getElementById('apps');
  apps.replaceChildren(...APP_CARDS.map(({ app, icon, text }) =>
    h('a', { class: 'app-card card', href: APPS[app].path, 'data-testid': `app-${app}` },
      h('span', { class: 'icon', 'aria-hidden': 'true' }, icon),
      h('strong', {}, APPS[app].title),
      h('span', { class: 'muted small' }, text),
      h('span', { class: 'small' }, `${APPS[app].path.replace('index.html', '')} →`))));

  const errorBox = document.getElementById('landing-error');
  const list = document.getElementById('identities');
  list.replaceChildren(...DEMO_IDENTITIES.map((identity) => {
    const app = APPS[identity.app];
    const isCurrent = currentKey(identity.app) === identity.key;
    return h('div', { class: `identity-card card${isCurrent ? ' current' : ''}`, 'data-testid': `identity-${identity.key}` },
      avatar({ id: identity.userId, name: identity.name }, 'avatar-lg'),
      h('div', { class: 'who' },
        h('strong', {}, identity.name),
        h('span', { class: 'muted small' }, `${identity.role} · ${identity.roles.join(', ')}`),
        h('p', { class: 'muted' }, identity.blurb),
        h('div', { class: 'actions' },
          h('button', {
            class: 'btn btn-primary btn-sm', type: 'button', 'data-testid': `open-${identity.key}`,
            onclick: async (e) => {
              e.currentTarget.disabled = true;
              errorBox.textContent = '';
              // storefront customers sign in at the demo shop's own login (widget/shop.js), not with a dev token
              if (identity.app === 'widget') {
                location.href = `${app.path}?as=${identity.key}`;
                return;
              }
              try {
                await signIn(identity.app, identity);
                location.href = app.path;
              } catch (err) {
                errorBox.textContent = t('landing.token_failed', { name: identity.name, error: describeError(err) });
                e.target.disabled = false;
              }
            },
          }, t('landing.open', { title: app.title })),
          h('a', { class: 'btn btn-secondary btn-sm', href: `${app.path}?as=${identity.key}`, target: '_blank', rel: 'noopener' },
            t('landing.new_tab')))));
  }));
}

render();
