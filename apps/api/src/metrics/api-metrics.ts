import { FactoryProvider, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { OutboxRepository } from '@fullfolj/database';

/** The API's registry; its own, so an API and a worker in one process (tests) never share series. */
export interface ApiMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

export const API_METRICS = Symbol('API_METRICS');

/** Requests that matched no route (unknown paths, static files): one label, never the path. */
export const UNMATCHED_ROUTE = 'unmatched';

export const apiMetricsProvider: FactoryProvider<ApiMetrics> = {
  provide: API_METRICS,
  inject: [OutboxRepository],
  useFactory: (outbox: OutboxRepository): ApiMetrics => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'api' });
    collectDefaultMetrics({ register: registry });
    const httpDuration = new Histogram({
      name: 'fullfolj_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    // Read at scrape time, so every API instance reports the same numbers (alert on max()).
    let summary: Promise<{ pending: number; oldestAgeSeconds: number }> | undefined;
    const read = () => (summary ??= outbox.pendingSummary().finally(() => (summary = undefined)));
    new Gauge({
      name: 'fullfolj_outbox_pending',
      help: 'Mails in the outbox waiting to be sent',
      registers: [registry],
      async collect() {
        this.set((await read()).pending);
      },
    });
    new Gauge({
      name: 'fullfolj_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest mail waiting in the outbox (0 when none waits)',
      registers: [registry],
      async collect() {
        this.set((await read()).oldestAgeSeconds);
      },
    });
    return { registry, httpDuration };
  },
};

/**
 * Times every request that reaches Nest. The route label is Express's route template
 * (/programmes/:id), read when the response is finished; the raw URL, with its ids and
 * tokens, never becomes a label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(API_METRICS) private readonly metrics: ApiMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    // Middleware and the not-found handler are catch-all routes ('/{*path}'): a request that ends on one matched nothing.
    const mount: unknown = req.route;
    res.once('finish', () => {
      const route = req.route as { path?: unknown } | undefined;
      const template = route !== mount && typeof route?.path === 'string' && !route.path.includes('*') ? route.path : UNMATCHED_ROUTE;
      end({ method: req.method, route: template, status: String(res.statusCode) });
    });
    next();
  }
}
