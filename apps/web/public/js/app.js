// The Fullfölj web app: a hash router over plain ES modules, using the public API only.
import { get, post, patch, setUnauthorizedHandler, ApiError } from './api.js';
import { h, errorText, fill } from './dom.js';
import { t, getLang, setLang, initialLang, useVocabulary } from './i18n.js';
import * as login from './pages/login.js';
import * as myWork from './pages/my-work.js';
import * as programmes from './pages/programmes.js';
import * as startProgramme from './pages/start-programme.js';
import * as templates from './pages/templates.js';
import * as programme from './pages/programme.js';
import * as gate from './pages/gate.js';
import * as followUp from './pages/follow-up.js';
import * as plan from './pages/plan.js';
import * as indicators from './pages/indicators.js';
import * as analyses from './pages/analyses.js';
import * as outbox from './pages/outbox.js';
import * as link from './pages/link.js';
import * as account from './pages/account.js';
import * as passwordReset from './pages/password-reset.js';
import * as adminPeople from './pages/admin-people.js';
import * as adminScim from './pages/admin-scim.js';
import * as adminLog from './pages/admin-log.js';

const routes = [
  { pattern: /^\/login$/, page: login, public: true },
  { pattern: /^\/links\/([A-Za-z0-9_.-]+)$/, page: link, public: true, params: ['token'] },
  { pattern: /^\/password-reset$/, page: passwordReset, public: true },
  { pattern: /^\/account$/, page: account, nav: 'account' },
  { pattern: /^\/admin\/people$/, page: adminPeople, nav: 'admin', admin: true },
  { pattern: /^\/admin\/scim$/, page: adminScim, nav: 'admin', admin: true },
  { pattern: /^\/admin\/security-log$/, page: adminLog, nav: 'admin', admin: true },
  { pattern: /^\/?$/, page: myWork, nav: 'my-work' },
  { pattern: /^\/programmes$/, page: programmes, nav: 'programmes' },
  { pattern: /^\/programmes\/new$/, page: startProgramme, nav: 'programmes' },
  { pattern: /^\/templates$/, page: templates, nav: 'programmes' },
  { pattern: /^\/programmes\/([0-9a-f-]{36})$/, page: programme, nav: 'programmes', params: ['id'] },
  { pattern: /^\/programmes\/([0-9a-f-]{36})\/gates\/([A-Za-z0-9_-]+)$/, page: gate, nav: 'programmes', params: ['id', 'phaseKey'] },
  { pattern: /^\/follow-up$/, page: followUp, nav: 'follow-up' },
  { pattern: /^\/follow-up\/([0-9a-f-]{36})$/, page: plan, nav: 'follow-up', params: ['id'] },
  { pattern: /^\/follow-up\/([0-9a-f-]{36})\/indicators$/, page: indicators, nav: 'follow-up', params: ['id'] },
  { pattern: /^\/follow-up\/([0-9a-f-]{36})\/analyses$/, page: analyses, nav: 'follow-up', params: ['id'] },
  { pattern: /^\/outbox$/, page: outbox, nav: 'outbox' },
  { pattern: /^\/outbox\/([A-Za-z0-9_.@%-]+)$/, page: outbox, nav: 'outbox', params: ['id'] },
];

const state = { me: null, meLoaded: false, outbox: false, vocabulary: false, methods: null };
const main = document.getElementById('main');
const announcer = document.getElementById('announcer');

/** Speaks a status message to screen readers (and keeps it visible to nobody else). */
export function announce(message) {
  announcer.textContent = '';
  // A fresh text node, so the same message twice is announced twice.
  window.setTimeout(() => (announcer.textContent = message), 50);
}

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** The status labels come from the API (libs/domain), once per page load; a failure is retried on the next render. */
async function loadVocabulary() {
  useVocabulary(await get('/vocabulary', { quiet401: true }));
  state.vocabulary = true;
}

/** How one may sign in (GET /auth/methods), once per page load; local passwords only if the API cannot say. */
async function signInMethods() {
  if (!state.methods) {
    state.methods = await get('/auth/methods', { quiet401: true }).catch(() => ({ local: true, providers: [], unknown: true }));
  }
  return state.methods;
}

async function loadMe() {
  try {
    state.me = await get('/auth/me', { quiet401: true });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    state.me = null;
  }
  state.meLoaded = true;
  if (state.me) {
    if (!localStorage.getItem('fullfolj.lang.chosen')) setLang(state.me.language === 'en' ? 'en' : 'sv');
    // The outbox is a development aid: shown only where the API serves it.
    state.outbox = await get('/dev/outbox', { quiet401: true }).then(() => true, () => false);
  }
}

function renderChrome(route) {
  document.documentElement.lang = getLang();
  const skip = document.getElementById('skip-link');
  skip.textContent = t('app.skip');
  const nav = document.getElementById('site-nav');
  nav.setAttribute('aria-label', t('nav.label'));
  const items = state.me
    ? [
        ['my-work', '#/', t('nav.myWork')],
        ['programmes', '#/programmes', t('nav.programmes')],
        ['follow-up', '#/follow-up', t('nav.followUp')],
        ['account', '#/account', t('nav.account')],
        state.me.isAdmin ? ['admin', '#/admin/people', t('nav.admin')] : null,
        state.outbox ? ['outbox', '#/outbox', t('nav.outbox')] : null,
      ].filter(Boolean)
    : [];
  fill(nav, 
    items.length
      ? h('ul', {}, items.map(([key, href, label]) => h('li', {}, h('a', { href, 'aria-current': route?.nav === key ? 'page' : undefined }, label))))
      : '',
  );
  const other = getLang() === 'sv' ? 'en' : 'sv';
  const tools = document.getElementById('site-tools');
  fill(tools, 
    h('button', { type: 'button', class: 'button-link', lang: other, onclick: () => switchLanguage(other) }, other === 'en' ? 'English' : 'Svenska'),
    state.me ? h('span', { class: 'who' }, t('app.signedInAs', { name: state.me.name })) : null,
    state.me ? h('button', { type: 'button', class: 'button-link', onclick: signOut }, t('app.signOut')) : null,
  );
  document.getElementById('site-footer').textContent = t('app.footer');
}

async function switchLanguage(lang) {
  setLang(lang);
  localStorage.setItem('fullfolj.lang.chosen', '1');
  // The person's preference follows the switch (it also decides the language of their e-mail).
  if (state.me) {
    await patch('/people/me', { language: lang }).catch(() => null);
    state.me = { ...state.me, language: lang };
  }
  await render();
  announce(t('app.languageChanged'));
}

/** Forgets the signed-in person in this page (after the session has ended). */
function forgetMe() {
  state.me = null;
  localStorage.removeItem('fullfolj.lang.chosen');
}

async function signOut() {
  const answer = await post('/auth/logout').catch(() => null);
  forgetMe();
  // A session from single sign-on also ends at the provider (its end-session page).
  if (answer?.redirectTo) {
    location.assign(answer.redirectTo);
    return;
  }
  navigate('#/login');
  announce(t('app.signedOut'));
}

let rendering = 0;
async function render() {
  const ticket = ++rendering;
  const { path, query } = parseHash();
  if (!path.startsWith('/')) return; // e.g. "#main" from the skip link
  const route = routes.find((r) => r.pattern.test(path));
  if (!state.vocabulary) await loadVocabulary().catch(() => null);
  if (!state.meLoaded) await loadMe().catch(() => null);
  if (route && !route.public && !state.me) {
    location.replace(`#/login?next=${encodeURIComponent(location.hash.slice(1) || '/')}`);
    return;
  }
  renderChrome(route);
  const params = {};
  if (route) {
    const match = route.pattern.exec(path);
    (route.params ?? []).forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
  }
  const ctx = {
    main,
    params,
    query,
    me: state.me,
    announce,
    navigate,
    setMe: async (me) => {
      state.me = me;
      state.meLoaded = true;
      if (!localStorage.getItem('fullfolj.lang.chosen')) setLang(me.language === 'en' ? 'en' : 'sv');
      state.outbox = await get('/dev/outbox', { quiet401: true }).then(() => true, () => false);
    },
    setTitle: (title) => (document.title = `${title} – Fullfölj`),
    isCurrent: () => ticket === rendering,
    signInMethods,
    forgetMe,
  };
  fill(main, h('p', { class: 'meta' }, t('app.loading')));
  try {
    if (!route) {
      ctx.setTitle(t('notFound.title'));
      fill(main, h('h1', {}, t('notFound.title')), h('p', {}, h('a', { href: '#/' }, t('notFound.back'))));
    } else if (route.admin && !state.me.isAdmin) {
      ctx.setTitle(t('error.title'));
      fill(main, h('h1', {}, t('error.title')), h('p', { role: 'alert' }, t('admin.notAllowed')));
    } else {
      await route.page.render(ctx);
    }
  } catch (error) {
    if (ticket !== rendering) return;
    if (error instanceof ApiError && error.status === 401) return;
    ctx.setTitle(t('error.title'));
    fill(main, h('h1', {}, t('error.title')), h('p', { role: 'alert' }, errorText(error)));
  }
  if (ticket !== rendering) return;
  // Move focus to the new page's heading, so screen readers announce where they are.
  const h1 = main.querySelector('h1');
  if (h1 && !main.contains(document.activeElement)) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: true });
  }
  main.dataset.ready = 'true';
}

setUnauthorizedHandler(() => {
  state.me = null;
  const { path } = parseHash();
  const route = routes.find((r) => r.pattern.test(path));
  if (!route?.public) location.replace(`#/login?next=${encodeURIComponent(location.hash.slice(1) || '/')}`);
});

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  main.dataset.ready = 'false';
  render();
});
setLang(initialLang());
render();
