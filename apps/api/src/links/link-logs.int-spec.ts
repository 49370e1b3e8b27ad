import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { linkSigningSecret } from '@fullfolj/config';
import { issueItemLink } from '@fullfolj/mail';
import { eventually, testConfig } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';

interface LogLine {
  req?: { url?: string; method?: string };
  res?: { statusCode?: number; headers?: Record<string, unknown> };
}

// A signed link's token opens an item without signing in, so it must never reach the log:
// the real API, its real logger, with the log written to a stream this test reads.
describe('signed link tokens in the log', () => {
  const written: string[] = [];
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    const config = testConfig({ LOG_LEVEL: 'info' });
    app = await createApiApp(config, { logDestination: { write: (line: string) => void written.push(line) } });
    await app.init();
    token = issueItemLink({ itemId: randomUUID(), personId: randomUUID() }, linkSigningSecret(config)).token;
  });
  afterAll(() => app?.close());

  const entries = () => written.map((line) => JSON.parse(line) as LogLine);

  it('logs the redirect of /l/<token> and the link routes with the token masked, in the URL and in Location', async () => {
    const redirect = await request(app.getHttpServer()).get(`/l/${token}`).expect(302);
    expect(redirect.headers.location).toBe(`/#/links/${token}`); // the browser still gets it
    await request(app.getHttpServer()).get(`/links/${token}`).expect(404);
    await request(app.getHttpServer()).post(`/links/${token}/complete`).send({}).expect(404);

    // pino-http writes a request's line when its response finishes.
    await eventually(() => {
      const logged = entries();
      expect(logged).toContainEqual(
        expect.objectContaining({ req: expect.objectContaining({ url: '/l/***' }), res: expect.objectContaining({ statusCode: 302, headers: expect.objectContaining({ location: '/#/links/***' }) }) }),
      );
      expect(logged).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ method: 'GET', url: '/links/***' }) }));
      expect(logged).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ method: 'POST', url: '/links/***/complete' }) }));
      return Promise.resolve();
    });
    const [payload, signature] = token.split('.');
    const all = written.join('\n');
    expect(all).not.toContain(payload);
    expect(all).not.toContain(signature);
    expect(all).not.toContain(encodeURIComponent(token));
  });
});
