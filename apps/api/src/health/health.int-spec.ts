import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { eventually, hostPort, TcpProxy, testConfig, testServices } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';

// The API reaches each real server through a proxy the test can cut, as a network
// outage would; the shared servers themselves keep running for other tests.
describe('GET /health', () => {
  const services = testServices();
  let app: INestApplication;
  let db: TcpProxy;
  let temporal: TcpProxy;
  let smtp: TcpProxy;

  beforeAll(async () => {
    const dbUrl = new URL(services.databaseUrl);
    db = await TcpProxy.start({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    temporal = await TcpProxy.start(hostPort(services.temporalAddress));
    smtp = await TcpProxy.start(hostPort(new URL(services.smtpUrl).host));
    dbUrl.hostname = '127.0.0.1';
    dbUrl.port = String(db.port);
    const config = testConfig({
      DATABASE_URL: dbUrl.toString(),
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    });
    app = await createApiApp(config);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([db?.stop(), temporal?.stop(), smtp?.stop()]);
  });

  it('is 200 when the database, Temporal and SMTP are up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details).toMatchObject({
      database: { status: 'up' },
      temporal: { status: 'up' },
      smtp: { status: 'up' },
    });
  });

  it.each([
    ['database', () => db],
    ['temporal', () => temporal],
    ['smtp', () => smtp],
  ])('is 503 naming %s when it is down, and recovers without a restart', async (name, proxy) => {
    await proxy().cut();
    try {
      // SMTP's state is re-checked every few seconds at most, so wait for the change to show.
      const res = await eventually(() => request(app.getHttpServer()).get('/health').expect(503));
      expect(res.body.status).toBe('error');
      expect(Object.keys(res.body.error)).toEqual([name]);
      expect(res.body.error[name].status).toBe('down');
    } finally {
      await proxy().restore();
    }
    // Clients reconnect on their own (gRPC with backoff), so the app needs no restart.
    await eventually(() => request(app.getHttpServer()).get('/health').expect(200));
  });

  it('asks SMTP once for many callers at the same time', async () => {
    await eventually(() => request(app.getHttpServer()).get('/health').expect(200));
    const before = smtp.connections;
    const answers = await Promise.all(Array.from({ length: 25 }, () => request(app.getHttpServer()).get('/health')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(smtp.connections - before).toBeLessThanOrEqual(1);
  });

  it('serves the OpenAPI document and the web app without sign-in', async () => {
    const doc = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(doc.body.info.title).toBe('Fullfölj API');
    expect(Object.keys(doc.body.paths)).toContain('/health');
    await request(app.getHttpServer()).get('/api/docs').expect(200);
    const page = await request(app.getHttpServer()).get('/').expect(200);
    expect(page.text).toContain('<html lang="sv">');
  });
});
