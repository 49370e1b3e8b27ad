import { createServer } from 'node:http';
import { answerClientErrorsClearly } from './client-errors';

describe('answerClientErrorsClearly', () => {
  it('answers a URL over the 16 KB limit with 431 and a message', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    answerClientErrorsClearly(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/people?q=${'x'.repeat(20_000)}`);
      expect(res.status).toBe(431);
      expect(await res.json()).toEqual({ statusCode: 431, error: 'Request Header Fields Too Large', message: expect.stringMatching(/too large/) });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
