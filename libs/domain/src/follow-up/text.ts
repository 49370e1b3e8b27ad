/**
 * Text helpers for reading follow-up tables: tolerant of case, spacing, diacritics in
 * headings, and of the non-breaking spaces and decomposed letters that office programs
 * and PDFs leave behind.
 */

/** Trims, turns every run of whitespace (incl. non-breaking space) into one space, and composes letters (NFC). */
export function cleanCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value.normalize('NFC').replace(/[\s\u00a0\u2007\u202f]+/g, ' ').trim();
}

/** For matching cell text: cleaned and lower-cased; Swedish letters are kept ("Mål" ≠ "Mal" in content). */
export function matchKey(value: string | null | undefined): string {
  return cleanCell(value).toLocaleLowerCase('sv-SE');
}

/** For matching headings and keywords: lower case, diacritics and everything but letters and digits removed. */
export function foldKey(value: string | null | undefined): string {
  return cleanCell(value)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Like foldKey but keeps single spaces between words ("förskjuts till hösten 2023" → "forskjuts till hosten 2023"). */
export function foldWords(value: string | null | undefined): string {
  return cleanCell(value)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9*/&+,–—-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "a", "a och b", "a, b och c" (or "and" in English). */
export function joinList(items: readonly string[], language: 'sv' | 'en'): string {
  if (items.length <= 1) return items.join('');
  const and = language === 'sv' ? ' och ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}

export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toLocaleUpperCase('sv-SE') + text.slice(1);
}
