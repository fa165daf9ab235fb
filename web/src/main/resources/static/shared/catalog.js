// Demo catalogue of the storefront: Parley has no product or order API, so the storefront and Seller Center
// show these cards for the ids they know, and a plain "#id" card for any other.
import { t, formatCurrency } from './i18n.js';
import { h } from './ui.js';

export const PRODUCTS = {
  'sp-tai-nghe-wh1000xm5': {
    name: 'Tai nghe chống ồn Sony WH-1000XM5', price: 6490000, hue: 215, emoji: '🎧',
    seller: { id: 'seller-techzone', name: 'TechZone Official' },
  },
  'sp-dien-thoai-a55': {
    name: 'Điện thoại Samsung Galaxy A55 5G 8GB/128GB', price: 9190000, hue: 265, emoji: '📱',
    seller: { id: 'seller-techzone', name: 'TechZone Official' },
  },
  'sp-noi-chien-khong-dau': {
    name: 'Nồi chiên không dầu Lock&Lock 5.2L', price: 1590000, hue: 25, emoji: '🍳',
    seller: { id: 'seller-techzone', name: 'TechZone Official' },
  },
};

export const ORDERS = {
  'DH-240611-0042': { items: 'Sony WH-1000XM5 × 1', total: 6490000, status: t('catalog.shipping'), seller: { id: 'seller-techzone', name: 'TechZone Official' } },
};

export function formatPrice(n) {
  return formatCurrency(n);
}

/** A product thumbnail: a coloured tile with the product's emoji (no image files needed). */
export function productThumb(productId, size = 'thumb-md') {
  const p = PRODUCTS[productId];
  const tile = h('span', { class: `thumb ${size}`, 'aria-hidden': 'true' }, p ? p.emoji : '📦');
  if (p) tile.classList.add(`thumb-h${Math.round(p.hue / 45) % 8}`);
  return tile;
}

/** The card "what is this thread about": a product or an order, known to the catalogue or not. */
export function subjectCard({ productId, orderId }) {
  if (productId) {
    const p = PRODUCTS[productId];
    return h('div', { class: 'subject-card', 'data-testid': 'subject-card' },
      productThumb(productId),
      h('div', { class: 'subject-text' },
        h('small', { class: 'muted' }, t('catalog.product')),
        h('strong', {}, p ? p.name : t('catalog.product_n', { id: productId })),
        p ? h('span', { class: 'price' }, formatPrice(p.price)) : null));
  }
  if (orderId) {
    const o = ORDERS[orderId];
    return h('div', { class: 'subject-card', 'data-testid': 'subject-card' },
      h('span', { class: 'thumb thumb-md thumb-order', 'aria-hidden': 'true' }, '🧾'),
      h('div', { class: 'subject-text' },
        h('small', { class: 'muted' }, t('catalog.order')),
        h('strong', {}, `#${orderId}`),
        o ? h('span', { class: 'muted' }, `${o.items} · ${formatPrice(o.total)} · ${o.status}`) : null));
  }
  return null;
}

export function subjectLabel({ productId, orderId }) {
  if (productId) return PRODUCTS[productId] ? PRODUCTS[productId].name : t('catalog.product_n', { id: productId });
  if (orderId) return t('catalog.order_n', { id: orderId });
  return '';
}
