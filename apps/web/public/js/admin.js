// The administrators' pages share a small menu: people, SCIM, security log.
import { h } from './dom.js';
import { t } from './i18n.js';

const PAGES = [
  ['people', '#/admin/people', 'admin.people'],
  ['scim', '#/admin/scim', 'admin.scim'],
  ['log', '#/admin/security-log', 'admin.log'],
];

export function adminNav(current) {
  return h(
    'nav',
    { class: 'subnav', 'aria-label': t('admin.nav') },
    h('ul', {}, PAGES.map(([key, href, label]) => h('li', {}, h('a', { href, 'aria-current': key === current ? 'page' : undefined }, t(label))))),
  );
}

/** A place for the outcome of an action: a status for success, an alert for a refusal. */
export function feedback() {
  const slot = h('div', { class: 'feedback', tabindex: '-1' });
  return {
    slot,
    ok(text) {
      slot.replaceChildren(h('p', { class: 'notice notice--ok', role: 'status' }, text));
    },
    error(text) {
      slot.replaceChildren(h('p', { class: 'error-summary', role: 'alert' }, text));
    },
    clear() {
      slot.replaceChildren();
    },
  };
}
