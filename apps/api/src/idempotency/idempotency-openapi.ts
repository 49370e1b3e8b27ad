import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEEP_HOURS, IDEMPOTENCY_STALE_AFTER_SECONDS, idempotencyCovers } from './idempotency-key';

const PARAMETER = 'IdempotencyKey';
const METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * Documents the Idempotency-Key header on every operation the interceptor honours it on:
 * signed-in (not @Public()), not an upload, and not one of the routes it leaves alone.
 */
export function documentIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.parameters = {
    ...document.components.parameters,
    [PARAMETER]: {
      name: IDEMPOTENCY_HEADER,
      in: 'header',
      required: false,
      description:
        `Makes a retry of this request safe: the same key and request within ${IDEMPOTENCY_KEEP_HOURS} hours get the first answer again ` +
        '(same status and body, header Idempotent-Replayed: true) without acting again. The same key with a different request: 422 ' +
        'idempotency_key_reused; while the first is still being carried out: 409 idempotency_key_in_progress with Retry-After. ' +
        `Answers of 5xx, 408 and 429 are not kept, and an attempt unanswered after ${IDEMPOTENCY_STALE_AFTER_SECONDS} s is carried out again. ` +
        'Per signed-in person; 1–255 visible ASCII characters (400 invalid_idempotency_key), e.g. a UUID.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$', example: '0b6f7c52-2b9e-4f4e-9d7a-3f1c2a9e8d41' },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || !idempotencyCovers(method, path)) continue;
      // @Public() clears the security requirement (security: [{}]): no person to keep keys for.
      if (operation.security?.every((requirement) => Object.keys(requirement).length === 0)) continue;
      const content = Object.keys(operation.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : {});
      if (content.length > 0 && content.every((type) => type.startsWith('multipart/'))) continue;
      operation.parameters = [...(operation.parameters ?? []), { $ref: `#/components/parameters/${PARAMETER}` }];
    }
  }
  return document;
}
