import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 §3.12 scimType values this server uses. */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'noTarget' | 'uniqueness' | 'mutability' | 'tooMany';

/** A refusal with a SCIM error body. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }
}

export const invalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue');

/**
 * Every error under /scim/v2 in the shape RFC 7644 §3.12 prescribes, whatever threw it:
 * identity providers read `status` and `scimType`, not our own error body.
 */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Scim');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let detail = 'Internal error';
    let scimType: ScimType | undefined;
    if (error instanceof ScimError) {
      ({ status, detail, scimType } = error);
    } else if (error instanceof HttpException) {
      status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      detail = typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : error.message;
      // Express's JSON parser refuses a malformed body with a 400 of its own.
      if (status === 400) scimType = 'invalidSyntax';
    } else if (isBodyParserError(error)) {
      status = 400;
      detail = 'The request body is not valid JSON';
      scimType = 'invalidSyntax';
    } else {
      this.logger.error(error);
    }
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="fullfolj-scim"');
    response
      .status(status)
      .type(SCIM_CONTENT_TYPE)
      .send(JSON.stringify({ schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail }));
  }
}

function isBodyParserError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.parse.failed';
}
