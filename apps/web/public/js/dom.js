// DOM helpers: element builder, labelled form fields, API errors next to their fields.
import { t } from './i18n.js';

/** h('p', { class: 'x', onclick }, 'text', child) builds an element; null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    // Through CSSOM: the Content-Security-Policy refuses style attributes set as markup.
    else if (key === 'style') el.style.cssText = value;
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content; null/false children are skipped (replaceChildren would print "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let counter = 0;
/** A unique id for label/aria wiring. */
export const uid = (prefix = 'f') => `${prefix}-${++counter}`;

/**
 * A labelled form control with a hint and an error slot. `name` is the API's field name, so
 * a 400's errors find their control. kind: input type, 'select', or 'textarea'.
 */
export function field({ label, name, kind = 'text', value, hint, required, options = [], attrs = {}, formatHint = true }) {
  // Dates are typed as ÅÅÅÅ-MM-DD (the Swedish standard form), whatever the browser's own locale.
  if (kind === 'date') {
    kind = 'text';
    attrs = { inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', class: 'input-date', ...attrs };
    if (formatHint) hint = hint ? `${hint} ${t('field.dateFormat')}` : t('field.dateFormat');
  }
  const id = uid(name.replace(/[^a-z0-9]/gi, '-'));
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = { id, name, required, 'aria-describedby': hintId ?? undefined, ...attrs };
  let control;
  if (kind === 'select') {
    control = h(
      'select',
      common,
      options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(value ?? '') }, o.label)),
    );
  } else if (kind === 'textarea') {
    control = h('textarea', common);
    if (value) control.value = value;
  } else {
    control = h('input', { type: kind, value: value ?? undefined, ...common });
  }
  control.dataset.errorId = errorId;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('span', { class: 'field-error', id: errorId }),
  );
}

/** A fieldset of checkboxes or radios sharing one API field name. */
export function choices({ legend, name, type = 'checkbox', options, checked = [], hint }) {
  const errorId = uid(`${name}-error`);
  const hintId = hint ? uid(`${name}-hint`) : null;
  return h(
    'fieldset',
    { 'data-field': name, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') },
    h('legend', {}, legend),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    h(
      'div',
      { class: 'choices' },
      options.map((o) => {
        const id = uid(name);
        return h(
          'label',
          { class: 'choice', for: id },
          h('input', { type, id, name, value: o.value, checked: checked.includes(o.value) }),
          h('span', {}, o.label),
        );
      }),
    ),
    h('span', { class: 'field-error', id: errorId, 'data-error-for': name }),
  );
}

/** Clears the errors a form shows. */
export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((el) => (el.textContent = ''));
  form.querySelectorAll('[data-error-link]').forEach((el) => {
    el.setAttribute('aria-describedby', el.dataset.errorLink);
    el.removeAttribute('data-error-link');
  });
  form.querySelector('.error-summary')?.remove();
}

function controlFor(form, fieldName) {
  const byName = [...form.querySelectorAll('[name]')].find((el) => el.name === fieldName);
  if (byName) return byName;
  // "dates.teamMeetings.1" → the control for "dates.teamMeetings" if there is no exact one.
  const parts = fieldName.split('.');
  while (parts.length > 1) {
    parts.pop();
    const prefix = parts.join('.');
    const el = [...form.querySelectorAll('[name]')].find((c) => c.name === prefix);
    if (el) return el;
  }
  return null;
}

/**
 * Shows an API error on a form: each `errors[]` entry beside its field (aria-invalid,
 * aria-describedby), the rest in a summary at the top. Focuses the first problem.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const leftover = [];
  let first = null;
  for (const e of error.errors ?? []) {
    const control = controlFor(form, e.field);
    const message = fieldErrorText(e);
    if (!control) {
      leftover.push(`${e.field}: ${message}`);
      continue;
    }
    const group = control.closest('fieldset[data-field]');
    const isGroup = group && (control.type === 'checkbox' || control.type === 'radio');
    const slot = isGroup ? group.querySelector('.field-error') : form.querySelector(`#${CSS.escape(control.dataset.errorId ?? '')}`);
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    const target = isGroup ? group : control;
    if (!isGroup) {
      control.setAttribute('aria-invalid', 'true');
      const described = control.getAttribute('aria-describedby') ?? '';
      if (!control.dataset.errorLink) control.dataset.errorLink = described;
      if (slot && !described.includes(slot.id)) control.setAttribute('aria-describedby', `${described} ${slot.id}`.trim());
    }
    first ??= isGroup ? group.querySelector('input') : target;
  }
  if (leftover.length > 0 || (error.errors ?? []).length === 0) {
    const summary = h(
      'div',
      { class: 'error-summary', role: 'alert', tabindex: '-1' },
      errorText(error),
      leftover.length > 0 && (error.errors ?? []).length > 0 ? h('ul', {}, leftover.map((l) => h('li', {}, l))) : null,
    );
    form.prepend(summary);
    if (!first) summary.focus();
  }
  first?.focus();
}

/** The text for an API error code in the user's language, or '' when the dictionary has none. */
export function codeText(code) {
  return code ? t(`code.${code}`, {}, '') : '';
}

/** One `errors[]` entry: its code in the user's language, else the API's message. */
export function fieldErrorText(e) {
  return codeText(e.code) || e.message;
}

/**
 * An error in the user's language when the API gave a code we have a text for (top-level
 * `code`, or every `errors[].code`), else the API's own words, else a general message.
 */
export function errorText(error) {
  if (error?.status === 0) return t('error.network');
  const known = codeText(error?.code);
  if (known) return known;
  const fields = error?.errors ?? [];
  if (fields.length > 0 && fields.every((e) => codeText(e.code))) return [...new Set(fields.map((e) => codeText(e.code)))].join(' ');
  return error?.message || t('error.general');
}

/**
 * An API error on a form: beside the fields it names (showErrors); when it names none
 * of the form's fields (e.g. `effectiveOn` of a 409), as one summary in words.
 */
export function showFormErrors(form, error) {
  const errors = error.errors ?? [];
  const names = new Set([...form.querySelectorAll('[name]')].map((el) => el.name));
  const placed = errors.filter((e) => {
    const parts = String(e.field ?? '').split('.');
    while (parts.length > 0) {
      if (names.has(parts.join('.'))) return true;
      parts.pop();
    }
    return false;
  });
  if (errors.length > 0 && placed.length === 0) return showErrors(form, { status: error.status, code: error.code, message: errorText(error), errors: [] });
  return showErrors(form, error);
}

/** A region that scrolls on its own is focusable and named, so keyboard users can scroll it. */
export function scrollRegion(label, content, tall = false) {
  return h('div', { class: `table-wrap${tall ? ' table-wrap--tall' : ''}`, role: 'region', 'aria-label': label, tabindex: '0' }, content);
}

/** A simple table: columns [{ label, cell(row) }]. */
export function table({ caption, columns, rows, label, tall, hideCaption }) {
  const tableEl = h(
    'table',
    {},
    caption ? h('caption', { class: hideCaption ? 'visually-hidden' : undefined }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c, i) => (i === 0 && c.rowHeader ? h('th', { scope: 'row' }, c.cell(r)) : h('td', {}, c.cell(r))))))),
  );
  return scrollRegion(label ?? caption ?? '', tableEl, tall);
}

export function badge(kind, text) {
  return h('span', { class: `badge badge--${kind}` }, text);
}

/** Disables a form's submit buttons while a request runs. */
export async function busy(form, fn) {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => (b.disabled = true));
  try {
    return await fn();
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}
