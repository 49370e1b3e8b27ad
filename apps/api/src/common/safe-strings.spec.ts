import type { ArgumentMetadata } from '@nestjs/common';
import { InvalidInputException } from './api-error';
import { SafeStringsPipe, spoofingCharacter } from './safe-strings';
import { dateOutOfRange } from './validation';

const body: ArgumentMetadata = { type: 'body' };
const problemsOf = (value: unknown, metadata: ArgumentMetadata = body) => {
  try {
    new SafeStringsPipe().transform(value, metadata);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInputException)) throw error;
    return error.errors;
  }
};

describe('SafeStringsPipe', () => {
  it.each([
    ['a right-to-left override', 'Rapport\u202Efdp.exe'],
    ['a left-to-right embedding', 'a\u202Ab'],
    ['a pop directional formatting', 'a\u202Cb'],
    ['a first-strong isolate', 'a\u2068b\u2069'],
    ['a zero-width space', 'Lars\u200BBerg'],
    ['a word joiner', 'a\u2060b'],
    ['a byte-order mark', '\uFEFFTitel'],
    ['a zero-width joiner joining nothing', 'Berg\u200D'],
    ['a zero-width joiner before a space', 'a\u200D b'],
    ['a zero-width non-joiner at the start', '\u200Cabc'],
  ])('refuses %s with invalid_characters, naming the field', (_what, text) => {
    expect(problemsOf({ title: text, nested: { list: ['ok'] } })).toEqual([expect.objectContaining({ field: 'title', code: 'invalid_characters' })]);
    expect(problemsOf({ nested: { list: ['ok', text] } })).toEqual([expect.objectContaining({ field: 'nested.list[1]', code: 'invalid_characters' })]);
  });

  it('names the character in the message', () => {
    expect(problemsOf({ title: 'x\u202Ey' })[0].message).toBe('must not contain invisible or direction-changing characters (U+202E)');
  });

  it.each([
    ['Swedish text', 'Kartlägg frånvaro – åk 7–9'],
    ['an emoji ZWJ sequence', 'Klart 👩‍💻'],
    ['an emoji ZWJ sequence with a variation selector', 'Hett ❤️‍🔥'],
    ['a skin-tone emoji in a ZWJ sequence', '👩🏽‍🏫 lärare'],
    ['Persian with a zero-width non-joiner', 'می‌خواهم'],
    ['Arabic text', 'مرحبا بالعالم'],
    ['a date in range', '2027-06-10'],
    ['the first date of the range', '2000-01-01'],
    ['the last date of the range', '2100-12-31'],
  ])('accepts %s', (_what, text) => {
    expect(problemsOf({ title: text })).toEqual([]);
  });

  it('does not check passwords for spoofing characters (never shown; refusing could lock someone out)', () => {
    expect(problemsOf({ password: 'a\u200Bb', newPassword: 'x\u202Ey' })).toEqual([]);
  });

  it.each(['9999-12-31', '1899-01-01', '2101-01-01', '1999-12-31', '+010000-01-01', '9999-12-31T10:00:00Z', '0001-01-01 00:00'])(
    'refuses the date %s with date_out_of_range',
    (date) => {
      expect(problemsOf({ programmeStart: date })).toEqual([
        { field: 'programmeStart', code: 'date_out_of_range', message: 'must be a date from 2000-01-01 to 2100-12-31' },
      ]);
    },
  );

  it('checks dates in lists, maps and query parameters too', () => {
    expect(problemsOf({ dates: { kickoff: '2027-01-27', teamMeetings: ['2027-04-05', '9999-12-31'] } })).toEqual([
      expect.objectContaining({ field: 'dates.teamMeetings[1]', code: 'date_out_of_range' }),
    ]);
    expect(problemsOf('9999-12-31', { type: 'query', data: 'asOf' })).toEqual([expect.objectContaining({ field: 'asOf', code: 'date_out_of_range' })]);
  });

  it('keeps refusing NUL characters and lone surrogates', () => {
    expect(problemsOf({ a: 'x\u0000', b: '\uD800' })).toEqual([
      { field: 'a', message: 'must not contain NUL characters' },
      { field: 'b', message: 'must be well-formed Unicode text' },
    ]);
  });
});

describe('dateOutOfRange and spoofingCharacter', () => {
  it('only looks at strings that are wholly a date', () => {
    expect(dateOutOfRange('Plan 9999-12-31')).toBe(false);
    expect(dateOutOfRange('9999')).toBe(false);
    expect(dateOutOfRange('2027-06-10T08:00:00.000+02:00')).toBe(false);
    expect(dateOutOfRange('3000-06-10T08:00:00.000+02:00')).toBe(true);
  });

  it('finds the first spoofing character', () => {
    expect(spoofingCharacter('a\u2066b\u202E')).toBe('U+2066');
    expect(spoofingCharacter('vanlig text')).toBeUndefined();
  });
});
