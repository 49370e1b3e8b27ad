// A programme's phases on a horizontal bar (decorative; the same facts are in the lists beside it).
import { h } from './dom.js';
import { t, formatDate, loc } from './i18n.js';

const day = (iso) => Date.parse(`${iso}T12:00:00Z`);

export function timelineBar(phases, today) {
  if (phases.length === 0) return null;
  const start = day(phases[0].startDate);
  const end = Math.max(...phases.map((p) => day(p.endDate)));
  const span = Math.max(1, end - start);
  const bar = h(
    'div',
    { class: 'timeline-bar', 'aria-hidden': 'true' },
    phases.map((p) =>
      h('div', { class: 'timeline-bar__phase', style: `flex: ${Math.max(1, day(p.endDate) - day(p.startDate))} 1 0`, title: loc(p.name) }, loc(p.name)),
    ),
  );
  if (today) {
    const pos = (day(today) - start) / span;
    if (pos >= 0 && pos <= 1) bar.append(h('div', { class: 'timeline-bar__today', style: `left: calc(${(pos * 100).toFixed(2)}% - 1px)` }));
  }
  return h(
    'div',
    {},
    bar,
    h('div', { class: 'timeline-scale', 'aria-hidden': 'true' }, h('span', {}, formatDate(phases[0].startDate)), h('span', {}, formatDate(phases.at(-1).endDate))),
  );
}

export const ruleLabel = (gate) => (gate.rule === 'quorum' ? t('rule.quorum', { n: gate.quorum ?? '' }) : t(`rule.${gate.rule}`));
