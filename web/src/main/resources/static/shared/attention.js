// Getting a person's attention when Parley is not the tab they look at: a browser notification (once they allowed
// it) and a short sound (which they can switch off), only while the page is hidden; a visible page has its own
// cues (badges, toasts, the title count). The choice lives in this browser (localStorage).
import { t } from './i18n.js';
import { h } from './ui.js';

const SOUND_KEY = 'parley.sound';
// a rush of new tickets rings once, not once per ticket
const CHIME_GAP_MS = 2000;
let audio = null;
let lastChime = 0;

export function soundOn() {
  try { return localStorage.getItem(SOUND_KEY) !== 'off'; } catch { return true; }
}

function setSound(on) {
  try { localStorage.setItem(SOUND_KEY, on ? 'on' : 'off'); } catch { /* private mode */ }
}

/** Two short tones, made on the spot (no file to download); silent where the browser refuses audio. */
function chime() {
  if (Date.now() - lastChime < CHIME_GAP_MS) return;
  lastChime = Date.now();
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const now = audio.currentTime;
    for (const [i, freq] of [[0, 880], [1, 1320]]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.08, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    }
  } catch {
    // no audio here
  }
}

/**
 * Tells the person about `title` / `body` if the page is hidden. `tag` folds repeats (one notification per
 * conversation); clicking it brings the tab forward and calls `onClick`. Returns whether anything was shown.
 */
export function notify({ title, body, tag, onClick }) {
  if (document.visibilityState === 'visible') return false;
  if (soundOn()) chime();
  if (!('Notification' in window) || Notification.permission !== 'granted') return false;
  try {
    const n = new Notification(title, { body, tag, lang: document.documentElement.lang });
    n.onclick = () => { window.focus(); n.close(); if (onClick) onClick(); };
    return true;
  } catch {
    return false;
  }
}

/** The bell in the top bar: switches the sound on and off; the first click also asks to show notifications. */
function attentionToggle() {
  const button = h('button', { class: 'icon-btn attention-toggle', type: 'button', 'data-testid': 'attention-toggle' });
  const render = () => {
    const on = soundOn();
    button.textContent = on ? '🔔' : '🔕';
    button.setAttribute('aria-pressed', String(on));
    const label = on ? t('attention.on') : t('attention.off');
    button.title = label;
    button.setAttribute('aria-label', label);
  };
  button.addEventListener('click', () => {
    setSound(!soundOn());
    render();
    if ('Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission().catch(() => { /* refused or unsupported */ });
    }
  });
  render();
  return button;
}

// every app page has a #lang-slot in its top bar: the bell goes next to the language switch
document.getElementById('lang-slot')?.append(attentionToggle());
