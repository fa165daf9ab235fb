import { describe, it, expect, beforeAll } from 'vitest';

let i18n;
beforeAll(async () => {
  localStorage.setItem('parley.lang', 'en');
  i18n = await import('../../main/resources/static/shared/i18n.js');
});

describe('formatting per language (English page)', () => {
  it('numbers and prices in đồng, the English way', () => {
    expect(i18n.lang()).toBe('en');
    expect(i18n.formatNumber(5414)).toBe('5,414');
    expect(i18n.formatCurrency(6490000)).toBe('₫6,490,000');
  });
});
