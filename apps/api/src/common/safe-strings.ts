import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputException } from './api-error';

/**
 * Rejects text PostgreSQL cannot store (NUL characters) and malformed Unicode (lone
 * surrogates) anywhere in a request, naming the field, before it can reach a workflow
 * whose event the database would then refuse for ever.
 */
@Injectable()
export class SafeStringsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems: Array<{ field: string; message: string }> = [];
    walk(value, metadata.type === 'body' ? '' : (metadata.data ?? metadata.type), problems, 0);
    if (problems.length > 0) throw new InvalidInputException(problems);
    return value;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function walk(value: unknown, path: string, problems: Array<{ field: string; message: string }>, depth: number): void {
  if (problems.length >= 20 || depth > 32) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) problems.push({ field: path || '(body)', message: 'must not contain NUL characters' });
    else if (LONE_SURROGATE.test(value)) problems.push({ field: path || '(body)', message: 'must be well-formed Unicode text' });
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
