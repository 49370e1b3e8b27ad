import { Controller, Get, INestApplication, Module, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { ServiceUnavailableFilter, unavailableService } from './service-unavailable.filter';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('unavailableService', () => {
  it.each([
    ['a refused connection from the pool', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection terminated under a query', new Error('Connection terminated unexpectedly')],
    ['pg-pool giving up on a connection', new Error('timeout exceeded when trying to connect')],
    ['the server shutting down (57P01)', new QueryFailedError('any query', [], pgError('57P01', 'terminating connection due to administrator command'))],
    ['the server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', pgError('08006', 'connection failure')],
    ['a transaction whose connection died (TypeORM released its runner)', Object.assign(new Error('Query runner already released.'), { name: 'QueryRunnerAlreadyReleasedError' })],
  ])('%s is the database being unavailable', (_what, error) => {
    expect(unavailableService(error)).toBe('database');
  });

  it('a gRPC UNAVAILABLE (as the cause of Temporal ServiceError) is Temporal being unavailable', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established' });
    expect(unavailableService(Object.assign(new Error('Failed to start workflow'), { name: 'ServiceError', cause: grpc }))).toBe('temporal');
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value violates unique constraint'))],
    ['a syntax error', new QueryFailedError('SELEC', [], pgError('42601', 'syntax error'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a gRPC NOT_FOUND', Object.assign(new Error('5 NOT_FOUND'), { code: 5, details: 'workflow not found' })],
  ])('%s is not', (_what, error) => {
    expect(unavailableService(error)).toBeUndefined();
  });
});

describe('ServiceUnavailableFilter over HTTP', () => {
  @Controller('t')
  class ThrowingController {
    @Get('db-down')
    dbDown() {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }

    @Get('bug')
    bug() {
      throw new TypeError('a bug');
    }

    @Get('missing')
    missing() {
      throw new NotFoundException('No such thing');
    }
  }

  @Module({ controllers: [ThrowingController] })
  class TestModule {}

  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(TestModule, { logger: false });
    app.useGlobalFilters(new ServiceUnavailableFilter(app.get(HttpAdapterHost).httpAdapter));
    await app.init();
  });

  afterAll(() => app.close());

  it('answers 503 naming the database, with Retry-After', async () => {
    const res = await request(app.getHttpServer()).get('/t/db-down').expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/database is unavailable/) });
  });

  it('leaves other errors as they were: a bug is a 500, an HttpException its own status', async () => {
    await request(app.getHttpServer()).get('/t/bug').expect(500);
    const res = await request(app.getHttpServer()).get('/t/missing').expect(404);
    expect(res.body.message).toBe('No such thing');
  });
});
