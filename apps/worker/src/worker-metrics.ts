import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FactoryProvider, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ActivityMetrics, createActivityMetrics } from '@fullfolj/activities';
import { APP_CONFIG, metricsAccess, ServiceConfig } from '@fullfolj/config';

/** The worker's own registry: the API's lives in another process (or, in tests, another registry). */
export interface WorkerMetrics {
  registry: Registry;
  activities: ActivityMetrics;
}

export const WORKER_METRICS = Symbol('WORKER_METRICS');

export const workerMetricsProvider: FactoryProvider<WorkerMetrics> = {
  provide: WORKER_METRICS,
  useFactory: () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'worker' });
    collectDefaultMetrics({ register: registry });
    return { registry, activities: createActivityMetrics(registry) };
  },
};

/**
 * The worker has no HTTP API; this serves GET /metrics on METRICS_HOST:METRICS_PORT, with the
 * API's rules (METRICS_TOKEN or METRICS_PUBLIC). Off when neither is set. A port that cannot
 * be bound is logged, not fatal: mail keeps going out without metrics.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.metrics.enabled) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const access = path === '/metrics' && req.method === 'GET' ? metricsAccess(this.config.metrics, req.headers.authorization) : 'hidden';
      if (access !== 'ok') {
        if (access === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer realm="fullfolj-metrics"');
        res.writeHead(access === 'unauthorized' ? 401 : 404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(access === 'unauthorized' ? 'unauthorized\n' : 'not found\n');
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.metrics.port, this.config.metrics.host, () => resolve());
      });
      this.server = server;
      this.logger.log(`metrics on http://${this.config.metrics.host}:${this.port()}/metrics`);
    } catch (error) {
      this.logger.error(`metrics server could not listen on ${this.config.metrics.host}:${this.config.metrics.port}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The port it listens on (METRICS_PORT=0 picks one), or undefined when it does not. */
  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
