import { describe, it, expect, beforeEach, vi } from 'vitest';
import { notify } from '../../main/resources/static/shared/attention.js';

/** An AudioContext that counts the tones it is asked to play. */
function countingAudio() {
  const started = [];
  const node = () => ({ connect: (next) => next || node(), frequency: {}, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
    start: (at) => started.push(at), stop() {} });
  window.AudioContext = class { currentTime = 0; destination = {}; createOscillator = node; createGain = node; };
  return started;
}

describe('attention while the tab is hidden', () => {
  let hidden;
  beforeEach(() => {
    hidden = true;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    localStorage.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
  });

  it('rings once for a rush of new tickets, and again after a pause', () => {
    const tones = countingAudio();
    for (let i = 0; i < 20; i++) notify({ title: `Yêu cầu mới #T-${i}` });
    expect(tones).toHaveLength(2); // one chime: two tones
    vi.advanceTimersByTime(2500);
    notify({ title: 'Yêu cầu mới #T-21' });
    expect(tones).toHaveLength(4);
  });

  it('is silent while the page is visible or the sound is off', () => {
    const tones = countingAudio();
    vi.advanceTimersByTime(5000);
    hidden = false;
    expect(notify({ title: 'x' })).toBe(false);
    hidden = true;
    localStorage.setItem('parley.sound', 'off');
    notify({ title: 'x' });
    expect(tones).toHaveLength(0);
  });
});
