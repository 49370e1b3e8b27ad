import { stringify as stringifyStream, type Options, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * Every CSV the API writes goes through here, so none lets a spreadsheet formula through
 * (CSV injection): a text cell beginning with =, +, -, @, tab or CR (or their full-width
 * forms) gets a leading apostrophe, which spreadsheets show as text. Numbers written as
 * numbers are not text and stay as they are, negative ones too; a negative number written
 * as text ("-5") is escaped like any other text, since we cannot know it is meant as one.
 */
function safe(options: Options): Options {
  return { ...options, escape_formulas: true };
}

/** A CSV stream (csv-stringify) with formulas escaped. */
export function csvStringifier(options: Options = {}): Stringifier {
  return stringifyStream(safe(options));
}

/** A whole CSV document at once, with formulas escaped. */
export function stringifyCsv(records: unknown[][], options: Options = {}): string {
  return stringifySync(records, safe(options));
}
