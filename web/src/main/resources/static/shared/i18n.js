// One language at a time for the web apps: Vietnamese or English, chosen with the switch in each app's top bar
// (remembered in this browser and sent to the server so e-mails follow), else the browser's language, else
// Vietnamese. Every visible text comes from i18n/vi.json and i18n/en.json (same keys in both: a gateway test
// fails otherwise). Text the server wrote (system messages) arrives as {code, params} and is rendered here, so
// two people in one conversation each read it in their own language. The language is fixed for a page's life:
// switching reloads the page.
import vi from './i18n/vi.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };

export const LANGUAGES = ['vi', 'en'];
const CATALOGUES = { vi, en };
const STORAGE_KEY = 'parley.lang';
const LOCALES = { vi: 'vi-VN', en: 'en-US' };

function ours(tag) {
  const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(primary) ? primary : null;
}

function stored() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

function detect() {
  const fromUrl = new URL(location.href).searchParams.get('lang');
  if (ours(fromUrl)) {
    try { localStorage.setItem(STORAGE_KEY, ours(fromUrl)); } catch { /* private mode */ }
    return ours(fromUrl);
  }
  for (const tag of [stored(), ...(navigator.languages || [navigator.language])]) {
    if (ours(tag)) return ours(tag);
  }
  return 'vi';
}

const current = detect();
document.documentElement.lang = current;

/** The reader's language: 'vi' or 'en'. */
export function lang() {
  return current;
}

/** The BCP 47 locale for Intl formatting. */
export function locale() {
  return LOCALES[current];
}

/** Remembers the choice and reloads, so every text (and the server's) comes in the new language. */
export function setLanguage(language, { reload = true } = {}) {
  if (!LANGUAGES.includes(language)) return;
  try { localStorage.setItem(STORAGE_KEY, language); } catch { /* private mode */ }
  if (reload && language !== current) location.reload();
}

/** The text for a key in the reader's language, with {name} placeholders filled. Unknown keys show the key. */
export function t(key, params) {
  const pattern = CATALOGUES[current][key] ?? vi[key] ?? key;
  if (!params) return pattern;
  return pattern.replace(/\{([A-Za-z0-9_.]+)\}/g, (_, name) => (params[name] == null ? '' : String(params[name])));
}

/** Server-written text: {code, params} from a message's `text`. */
export function systemText(text) {
  return text && text.code ? t(text.code, text.params || {}) : '';
}

/** The server masks contact details with these tokens; show them in the reader's language. */
export function localizeMasks(content) {
  if (!content || content.indexOf('[') < 0) return content;
  return content.split('[phone hidden]').join(t('mask.phone')).split('[email hidden]').join(t('mask.email'));
}

// --- formatting per locale -------------------------------------------------------------------------

export function formatNumber(n, options) {
  return new Intl.NumberFormat(locale(), options).format(n);
}

/** Prices are in đồng whatever the language: "6.490.000 ₫" in Vietnamese, "₫6,490,000" in English. */
export function formatCurrency(n) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(n);
}

export function dateFormat(options) {
  return new Intl.DateTimeFormat(locale(), options);
}

/** Static page text marked in the HTML: data-i18n (text), data-i18n-placeholder, -aria-label, -title. */
function translateDocument() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const [attr, data] of [['placeholder', 'i18nPlaceholder'], ['aria-label', 'i18nAriaLabel'], ['title', 'i18nTitle']]) {
    for (const el of document.querySelectorAll(`[data-${attr === 'aria-label' ? 'i18n-aria-label' : 'i18n-' + attr}]`)) {
      el.setAttribute(attr, t(el.dataset[data]));
    }
  }
}

translateDocument();
