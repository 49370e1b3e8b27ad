import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, metricsAccess, ServiceConfig } from '@fullfolj/config';
import { Public } from '../auth/auth.decorators';
import { CodedException } from '../common/api-error';
import { UNKNOWN_ROUTE_BODY } from '../common/unknown-route.filter';
import { API_METRICS, ApiMetrics } from './api-metrics';

/**
 * GET /metrics in Prometheus text format. Public to the sign-in guard: it has its own rule,
 * METRICS_TOKEN as a bearer token or METRICS_PUBLIC. With neither it answers exactly as an
 * unknown route does, and it is left out of the OpenAPI document, so it reveals nothing.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    @Inject(API_METRICS) private readonly metrics: ApiMetrics,
  ) {}

  @Get()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const access = metricsAccess(this.config.metrics, req.headers.authorization);
    if (access === 'hidden') {
      res.status(404).json(UNKNOWN_ROUTE_BODY);
      return;
    }
    if (access === 'unauthorized') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fullfolj-metrics"');
      throw new CodedException(401, 'metrics_token_required', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
    }
    const text = await this.metrics.registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(this.metrics.registry.contentType).send(text);
  }
}
