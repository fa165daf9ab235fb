// Admin: end a staff member's sessions. Find the person by name or id (people who have signed in through the
// gateway; diacritics optional), see how many sessions they have open and when each was last used, and end
// them all: their pages go to sign-in on the next call and their open sockets close within seconds.
//   GET    /api/admin/users?q=…                 people with activeSessions and lastSeen
//   GET    /api/admin/users/{userId}/sessions   their sessions (a short digest, signed in at, last seen, ends at)
//   DELETE /api/admin/users/{userId}/sessions   ends them all
import { api } from '/shared/parley.js';
import { h, toast, toastError, errorPanel, relTimeEl, formatDateTime, avatar, modal } from '/shared/ui.js';

const TEXT = {
  vi: {
    title: '🔐 Phiên đăng nhập',
    intro: 'Tìm nhân viên theo tên hoặc mã để xem các phiên đang mở và kết thúc chúng. Kết nối trực tiếp của họ sẽ đóng trong vài giây.',
    search: 'Tên hoặc mã nhân viên (vd: Bình, staff-binh)',
    searchButton: 'Tìm',
    loading: 'Đang tải…',
    none: 'Không tìm thấy ai. Chỉ những người đã từng đăng nhập mới có ở đây.',
    sessions: (n) => `${n} phiên đang mở`,
    noSessions: 'Không có phiên nào đang mở.',
    lastSeen: 'Hoạt động lần cuối',
    signedInAt: 'Đăng nhập lúc',
    endsAt: 'Hết hạn lúc',
    end: 'Kết thúc mọi phiên',
    confirmTitle: 'Kết thúc phiên đăng nhập?',
    confirm: (name) => `${name} sẽ bị đăng xuất trên mọi thiết bị và phải đăng nhập lại.`,
    ended: (n, name) => `Đã kết thúc ${n} phiên của ${name}.`,
    back: '← Danh sách',
    listHint: 'Gõ tên rồi bấm Tìm.',
  },
  en: {
    title: '🔐 Sign-in sessions',
    intro: "Find a staff member by name or id to see their open sessions and end them. Their live connections close within seconds.",
    search: 'Staff name or id (e.g. Binh, staff-binh)',
    searchButton: 'Search',
    loading: 'Loading…',
    none: 'Nobody found. Only people who have signed in before are listed.',
    sessions: (n) => `${n} open session${n === 1 ? '' : 's'}`,
    noSessions: 'No open sessions.',
    lastSeen: 'Last active',
    signedInAt: 'Signed in',
    endsAt: 'Expires',
    end: 'End all sessions',
    confirmTitle: 'End these sessions?',
    confirm: (name) => `${name} will be signed out on every device and must sign in again.`,
    ended: (n, name) => `Ended ${n} session${n === 1 ? '' : 's'} of ${name}.`,
    back: '← Results',
    listHint: 'Type a name and press Search.',
  },
};

function t() {
  return (document.documentElement.lang || '').toLowerCase().startsWith('en') ? TEXT.en : TEXT.vi;
}

/** The admin's sessions pane; `listEl` gets the search results, `contentEl` the chosen person's sessions. */
export function showSessionsAdmin(listEl, contentEl) {
  const T = t();
  const input = h('input', { type: 'search', class: 'input', placeholder: T.search, 'aria-label': T.search, 'data-testid': 'people-search' });
  const results = h('div', { class: 'people-results', 'data-testid': 'people-results' }, h('div', { class: 'empty-state' }, T.listHint));
  const form = h('form', { class: 'people-search', onsubmit: (e) => { e.preventDefault(); search(input.value, results, contentEl); } },
    input, h('button', { class: 'btn btn-primary btn-sm', type: 'submit', 'data-testid': 'people-search-go' }, T.searchButton));
  listEl.replaceChildren(form, results);
  contentEl.replaceChildren(h('div', { class: 'sessions-admin', 'data-testid': 'sessions-admin' },
    h('h2', {}, T.title), h('p', { class: 'muted' }, T.intro)));
  input.focus();
}

async function search(query, results, contentEl) {
  const T = t();
  results.replaceChildren(h('div', { class: 'muted' }, T.loading));
  try {
    const body = await api('/api/admin/users', { query: { q: query.trim() } });
    const items = (body && body.items) || [];
    if (!items.length) {
      results.replaceChildren(h('div', { class: 'empty-state' }, T.none));
      return;
    }
    results.replaceChildren(...items.map((p) => h('button', {
      class: 'row person-row', type: 'button', 'data-testid': 'person-row', 'data-id': p.userId,
      onclick: () => showPerson(p.userId, contentEl, () => search(query, results, contentEl)),
    }, avatar({ id: p.userId, name: p.name }, 'avatar-sm'),
    h('span', { class: 'grow' }, h('strong', {}, p.name || p.userId),
      h('div', { class: 'muted small' }, `${p.userId} · ${(p.roles || []).join(', ')}`)),
    h('span', { class: 'small', 'data-testid': 'person-session-count', 'data-count': String(p.activeSessions) },
      T.sessions(p.activeSessions), p.lastSeen ? h('div', {}, relTimeEl(p.lastSeen)) : null))));
  } catch (err) {
    results.replaceChildren(errorPanel(err, () => search(query, results, contentEl)));
  }
}

async function showPerson(userId, contentEl, refreshList) {
  const T = t();
  const pane = h('div', { class: 'sessions-admin', 'data-testid': 'person-sessions' }, h('div', { class: 'muted' }, T.loading));
  contentEl.replaceChildren(pane);
  contentEl.closest('.dash-main')?.classList.add('show-content');
  let person;
  try {
    person = await api(`/api/admin/users/${encodeURIComponent(userId)}/sessions`);
  } catch (err) {
    pane.replaceChildren(errorPanel(err, () => showPerson(userId, contentEl, refreshList)));
    return;
  }
  const sessions = person.sessions || [];
  pane.replaceChildren(
    h('div', { class: 'person-head' }, avatar({ id: person.userId, name: person.name }),
      h('div', { class: 'grow' }, h('h2', {}, person.name || person.userId),
        h('div', { class: 'muted small' }, `${person.userId} · ${(person.roles || []).join(', ')}`))),
    h('p', { 'data-testid': 'session-count', 'data-count': String(person.activeSessions) }, T.sessions(person.activeSessions),
      person.lastSeen ? h('span', { class: 'muted' }, ` · ${T.lastSeen} `, relTimeEl(person.lastSeen)) : null),
    sessions.length
      ? h('table', { class: 'sessions-table' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, T.signedInAt), h('th', {}, T.lastSeen), h('th', {}, T.endsAt))),
        h('tbody', {}, sessions.map((s) => h('tr', { 'data-testid': 'session-row' },
          h('td', {}, h('code', {}, s.ref)), h('td', {}, formatDateTime(s.signedInAt)),
          h('td', {}, relTimeEl(s.lastSeen)), h('td', {}, formatDateTime(s.expiresAt))))))
      : h('p', { class: 'empty-state' }, T.noSessions),
    h('button', {
      class: 'btn btn-danger', type: 'button', 'data-testid': 'end-sessions', disabled: !sessions.length,
      onclick: () => endSessions(person, contentEl, refreshList),
    }, T.end));
}

async function endSessions(person, contentEl, refreshList) {
  const T = t();
  const name = person.name || person.userId;
  const ok = await modal(T.confirmTitle, h('p', {}, T.confirm(name)),
    [{ label: T.end, class: 'btn-danger', testid: 'confirm-end-sessions', value: () => true }]);
  if (!ok) return;
  try {
    const body = await api(`/api/admin/users/${encodeURIComponent(person.userId)}/sessions`, { method: 'DELETE' });
    toast(T.ended(body ? body.endedSessions : 0, name), 'success');
  } catch (err) {
    toastError(err);
  }
  await showPerson(person.userId, contentEl, refreshList);
  refreshList();
}
