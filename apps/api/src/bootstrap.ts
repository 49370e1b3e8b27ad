import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { ServiceConfig } from '@fullfolj/config';
import { projectRoot } from '@fullfolj/runtime';
import { AppModule } from './app.module';
import { SESSION_COOKIE } from './auth/session-cookie';
import { answerClientErrorsClearly } from './common/client-errors';
import { SafeStringsPipe } from './common/safe-strings';
import { ServiceUnavailableFilter } from './common/service-unavailable.filter';
import { UnknownRouteFilter } from './common/unknown-route.filter';
import { createValidationPipe } from './common/validation';
import { documentIdempotencyKey } from './idempotency/idempotency-openapi';
import { answerDeepJson, refuseDeepJson } from './security/json-depth';
import { securityHeaders } from './security/security-headers';

/** Builds the HTTP app (used by main.ts and by the HTTP tests), without listening. */
export async function createApiApp(config: ServiceConfig, options: { logDestination?: DestinationStream } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // The client address that sign-in throttling counts by: behind a proxy, only what TRUST_PROXY trusts.
  app.set('trust proxy', config.security.trustProxy);
  // Before every route, the docs and the static files.
  app.use(securityHeaders(config.api.baseUrl));
  // SCIM clients (Entra ID) send application/scim+json. This replaces Nest's default JSON parser
  // (Nest skips its own once one is applied), so it must keep application/json too.
  app.useBodyParser('json', { type: ['application/json', 'application/scim+json'], verify: refuseDeepJson });
  app.use(answerDeepJson);
  app.useGlobalPipes(new SafeStringsPipe(), createValidationPipe());
  // A database or Temporal that cannot be reached is a 503 naming it, not a 500.
  app.useGlobalFilters(new ServiceUnavailableFilter(app.get(HttpAdapterHost).httpAdapter));
  // An unknown route: 404 with a fixed body, never the path (Nest's default echoes it).
  app.useGlobalFilters(new UnknownRouteFilter(app.get(HttpAdapterHost).httpAdapter));
  // A URL or headers too large for Node's parser: 431 with a body that says so.
  answerClientErrorsClearly(app.getHttpServer());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fullfölj API')
      .setDescription('Plan–do–follow-up cycles for Swedish municipal education')
      .setVersion('0.1.0')
      // Every operation needs one of these unless it says otherwise (@Public() routes).
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token from POST /auth/tokens' }, 'bearer')
      .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: 'Set by POST /auth/login' }, 'session')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, documentIdempotencyKey(document), { jsonDocumentUrl: 'api/docs-json' });

  // The web app is served from the same origin as the API.
  app.useStaticAssets(path.join(projectRoot(), 'apps', 'web', 'public'), { index: 'index.html' });
  return app;
}
