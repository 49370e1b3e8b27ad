// Periods (terms "2022-VT", months "2022-03", years "2022") and numbers as people type and read
// them, for the indicators (pages/indicators.js and its forms) and the analyses (pages/analyses.js).
import { getLang } from './i18n.js';

/** "VT 2022" / "Spring 2022", "mars 2022", "2022": as the API's labels. */
export function periodLabel(key) {
  const en = getLang() === 'en';
  let m = /^(\d{4})-(VT|HT)$/.exec(key ?? '');
  if (m) return en ? `${m[2] === 'VT' ? 'Spring' : 'Autumn'} ${m[1]}` : `${m[2]} ${m[1]}`;
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key ?? '');
  if (m) {
    const month = new Intl.DateTimeFormat(en ? 'en-GB' : 'sv-SE', { month: 'long', timeZone: 'UTC' }).format(new Date(`${key}-01T12:00:00Z`));
    return `${month} ${m[1]}`;
  }
  return key ?? '';
}

/** Where a period starts, as 'YYYY-MM', for ordering periods of any periodicity. */
function periodStart(key) {
  const m = /^(\d{4})(?:-(VT|HT|\d{2}))?$/.exec(key ?? '');
  if (!m) return key ?? '';
  if (!m[2] || m[2] === 'VT') return `${m[1]}-01`;
  if (m[2] === 'HT') return `${m[1]}-07`;
  return `${m[1]}-${m[2]}`;
}

export function comparePeriods(a, b) {
  return periodStart(a).localeCompare(periodStart(b)) || String(a).localeCompare(String(b));
}

/** "2022-vt", "VT 2022", "vt22", "2022 3" → the API's key ("2022-VT", "2022-03"); other text as typed, upper case. */
export function normalisePeriod(text) {
  const s = String(text ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  if (s === '') return '';
  let m = /^(\d{4})[- ]?(VT|HT)$/.exec(s);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(VT|HT)[- ]?(\d{4}|\d{2})$/.exec(s);
  if (m) return `${m[2].length === 2 ? `20${m[2]}` : m[2]}-${m[1]}`;
  m = /^(\d{4})[-/ ](\d{1,2})$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2].padStart(2, '0')}`;
  return s;
}

/** "71,5", "71.5", "1 234", "12 %" → a number; null when it is none; undefined when empty. */
export function parseNumber(text) {
  const s = String(text ?? '').trim().replace(/[\s\u00a0]/g, '').replace(/%$/, '').replace(/^−/, '-');
  if (s === '') return undefined;
  if (!/^-?\d+([.,]\d+)?$/.test(s)) return null;
  return Number(s.replace(',', '.'));
}

/** A number as one types it in the user's language ("71,5" in Swedish). */
export function numberText(n) {
  if (n === null || n === undefined) return '';
  return getLang() === 'en' ? String(n) : String(n).replace('.', ',');
}
