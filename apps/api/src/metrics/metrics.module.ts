import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { apiMetricsProvider, HttpMetricsMiddleware } from './api-metrics';
import { MetricsController } from './metrics.controller';

/** Prometheus metrics of the API: GET /metrics and the HTTP request timer. */
@Module({
  controllers: [MetricsController],
  providers: [apiMetricsProvider],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
