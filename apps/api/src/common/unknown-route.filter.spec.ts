import { Controller, Get, INestApplication, MiddlewareConsumer, Module, NestModule, NotFoundException, Param } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import request from 'supertest';
import { ServiceUnavailableFilter } from './service-unavailable.filter';
import { UNKNOWN_ROUTE_BODY, UnknownRouteFilter } from './unknown-route.filter';

// Registered as in bootstrap.ts: after the service-unavailable filter.
describe('UnknownRouteFilter over HTTP', () => {
  @Controller('things')
  class ThingsController {
    @Get(':id')
    one(@Param('id') id: string) {
      if (id !== '1') throw new NotFoundException('no such thing');
      return { id };
    }
  }

  // Middleware for every route (as the request logger has) makes every request match a route.
  @Module({ controllers: [ThingsController] })
  class TestModule implements NestModule {
    configure(consumer: MiddlewareConsumer) {
      consumer.apply((_req: unknown, _res: unknown, next: () => void) => next()).forRoutes('*');
    }
  }

  let app: INestApplication;
  beforeAll(async () => {
    app = await NestFactory.create(TestModule, { logger: false });
    const adapter = app.get(HttpAdapterHost).httpAdapter;
    app.useGlobalFilters(new ServiceUnavailableFilter(adapter));
    app.useGlobalFilters(new UnknownRouteFilter(adapter));
    await app.init();
  });
  afterAll(() => app.close());

  it('answers an unknown route with the fixed body, never the path', async () => {
    for (const path of ['/nope/%3Cscript%3Ealert(1)%3C%2Fscript%3E', '/things', '/things/1/more?x=<b>']) {
      const res = await request(app.getHttpServer()).get(path).expect(404);
      expect(res.body).toEqual(UNKNOWN_ROUTE_BODY);
      expect(res.text).not.toMatch(/nope|script|things|<b>/);
    }
    expect((await request(app.getHttpServer()).post('/things/1').send({}).expect(404)).body).toEqual(UNKNOWN_ROUTE_BODY);
  });

  it("keeps a known route's own 404 and its answers", async () => {
    const res = await request(app.getHttpServer()).get('/things/2').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'no such thing' });
    await request(app.getHttpServer()).get('/things/1').expect(200, { id: '1' });
  });
});
