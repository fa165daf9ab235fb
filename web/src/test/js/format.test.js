import { describe, it, expect, beforeAll } from 'vitest';

// The language is chosen once per page (a switch reloads it): each file is a fresh page, this one in Vietnamese.
let i18n;
beforeAll(async () => {
  localStorage.setItem('parley.lang', 'vi');
  i18n = await import('../../main/resources/static/shared/i18n.js');
});

describe('formatting per language (Vietnamese page)', () => {
  it('numbers and prices in đồng, the Vietnamese way', () => {
    expect(i18n.lang()).toBe('vi');
    expect(i18n.formatNumber(5414)).toBe('5.414');
    expect(i18n.formatCurrency(6490000).replace(/\s/g, ' ')).toBe('6.490.000 ₫');
  });

  it('fills parameters and renders server-written text from its code', () => {
    expect(i18n.t('chat.typing', { names: 'Bình' })).toBe('Bình đang nhập…');
    expect(i18n.t('no.such.key')).toBe('no.such.key');
  });
});

describe('the unread count in the page title', () => {
  it('shows the count while there is something unread, and the plain title again after', async () => {
    const { titleCount } = await import('../../main/resources/static/shared/ui.js');
    document.title = 'Bảng điều khiển CSKH · Parley';
    titleCount(3);
    expect(document.title).toBe('(3) Bảng điều khiển CSKH · Parley');
    titleCount(120);
    expect(document.title).toBe('(99+) Bảng điều khiển CSKH · Parley');
    titleCount(0);
    expect(document.title).toBe('Bảng điều khiển CSKH · Parley');
  });
});
