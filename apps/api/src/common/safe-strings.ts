import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, InvalidInputException } from './api-error';
import { DATE_RANGE, dateOutOfRange } from './validation';

/**
 * Every string anywhere in a request (body, query, route parameters), checked in one place
 * before the DTOs see it, naming the field:
 * - text PostgreSQL cannot store (NUL) and malformed Unicode (lone surrogates), before it can
 *   reach a workflow whose event the database would then refuse for ever;
 * - characters that make text read differently from what it is (bidi overrides and isolates,
 *   zero-width characters): refused with `invalid_characters`, not stripped, so what is
 *   stored is what was sent;
 * - a date (YYYY-MM-DD, with or without a time) outside DATE_RANGE: `date_out_of_range`.
 */
@Injectable()
export class SafeStringsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems: FieldError[] = [];
    walk(value, metadata.type === 'body' ? '' : (metadata.data ?? metadata.type), problems, 0);
    if (problems.length > 0) throw new InvalidInputException(problems);
    return value;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width space,
 * word joiner and BOM (U+200B, U+2060, U+FEFF). The zero-width (non-)joiners U+200C/U+200D
 * are refused only where they join nothing: between letters (Persian, Indic scripts) and
 * inside emoji sequences (👩‍💻) they are how the text is written.
 */
const JOINABLE_BEFORE = '[\\p{L}\\p{M}\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\uFE0F]';
const JOINABLE_AFTER = '[\\p{L}\\p{M}\\p{Extended_Pictographic}]';
const SPOOFING = new RegExp(
  `[\\u202A-\\u202E\\u2066-\\u2069\\u200B\\u2060\\uFEFF]|(?<!${JOINABLE_BEFORE})[\\u200C\\u200D]|[\\u200C\\u200D](?!${JOINABLE_AFTER})`,
  'u',
);

/** The first spoofing character in `text`, as U+XXXX, or undefined. */
export function spoofingCharacter(text: string): string | undefined {
  const found = SPOOFING.exec(text);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

// Passwords are never shown, so nothing can be spoofed with them; refusing one could lock its owner out.
const isPasswordField = (path: string) => /password$/i.test(path);

function check(value: string, field: string): FieldError | undefined {
  if (value.includes('\u0000')) return { field, message: 'must not contain NUL characters' };
  if (LONE_SURROGATE.test(value)) return { field, message: 'must be well-formed Unicode text' };
  const spoofing = isPasswordField(field) ? undefined : spoofingCharacter(value);
  if (spoofing) return { field, code: 'invalid_characters', message: `must not contain invisible or direction-changing characters (${spoofing})` };
  if (dateOutOfRange(value)) return { field, code: 'date_out_of_range', message: `must be a date from ${DATE_RANGE.min} to ${DATE_RANGE.max}` };
  return undefined;
}

function walk(value: unknown, path: string, problems: FieldError[], depth: number): void {
  if (problems.length >= 20 || depth > 32) return;
  if (typeof value === 'string') {
    const problem = check(value, path || '(body)');
    if (problem) problems.push(problem);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, problems, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) walk(v, path ? `${path}.${key}` : key, problems, depth + 1);
  }
}
