import { invalidField } from '../common/api-error';

/**
 * Whether `value` is a path on this site: one leading `/`, not `//` (protocol-relative),
 * no backslash (browsers read `/\host` as `//host`), no control characters; so no scheme.
 */
export function isLocalPath(value: string): boolean {
  if (!value.startsWith('/') || value.startsWith('//')) return false;
  if (value.includes('\\')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return false;
  // A value that starts with a single `/` cannot carry a scheme or a host.
  return true;
}

/** The place to land after sign-in: `/` when absent; 400 `return_to_not_local` when not a local path. */
export function parseReturnTo(value: unknown): string {
  if (value === undefined || value === '') return '/';
  if (typeof value !== 'string' || !isLocalPath(value)) {
    throw invalidField('returnTo', 'must be a path on this site, starting with a single /', 'return_to_not_local');
  }
  return value;
}
