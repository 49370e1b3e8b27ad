import { ArgumentsHost, Catch, HttpStatus, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { ApiErrorBody } from './api-error';

/** The one body of every request that matches no route: it never repeats the path (which may hold a token or markup). */
export const UNKNOWN_ROUTE_BODY = { statusCode: HttpStatus.NOT_FOUND, error: 'Not Found', code: 'not_found', message: 'not found' } satisfies ApiErrorBody;

/**
 * Nest answers a request that matches no route with NotFoundException(`Cannot GET /the/path`),
 * echoing the path. That one exception gets the fixed body instead; a 404 a controller throws
 * (an unknown id) keeps its own. (`req.route` cannot tell them apart: middleware for every
 * route matches too.) Registered last, so it is asked first.
 */
@Catch(NotFoundException)
export class UnknownRouteFilter extends BaseExceptionFilter {
  override catch(exception: NotFoundException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(exception, host);
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception.message !== `Cannot ${req.method} ${req.originalUrl}` || res.headersSent) return super.catch(exception, host);
    res.status(HttpStatus.NOT_FOUND).json(UNKNOWN_ROUTE_BODY);
  }
}
