import net from 'node:net';

/** One connection through the proxy, as far as the proxy saw it. */
export interface ProxiedConnection {
  /** The proxy's own port towards the server: the "client port" the server sees. */
  upstreamPort?: number;
  openedAt: number;
  closedAt?: number;
  /**
   * Bytes from the server that reached the client: counted in each write's callback, which
   * runs once the bytes are in the client's socket (the kernel has them); bytes still queued
   * in the proxy when it is cut get an error there instead and are not counted.
   */
  toClient: number;
  /** For each chunk the client sent, how many server bytes it had been given by then (ordering what it answered). */
  clientWrites: number[];
  /**
   * The client's side ended with a reset: its socket was closed with bytes it had not read
   * (Linux answers a close with unread data by RST), e.g. a client process killed mid-reply.
   */
  clientReset: boolean;
}

/**
 * A TCP proxy in front of a real server, so a test can cut the network to it and
 * restore it, as a real outage would, without stopping the shared server.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly upstreams = new Set<net.Socket>();
  /** While set, nothing the server sends is passed on (see hold()). */
  private held = false;
  /** Connections accepted since start, for tests that count what a client opens. */
  connections = 0;
  /** Every connection accepted since start, open or closed (what reached whom; see ProxiedConnection). */
  readonly history: ProxiedConnection[] = [];

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, target);
    await proxy.listen();
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Connections still open. */
  get open(): number {
    return this.history.filter((c) => c.closedAt === undefined).length;
  }

  /** Refuses new connections and drops open ones. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Keeps what the server sends from the client, on open and new connections alike, while
   * the client's own bytes still go through: a request reaches the server and is carried
   * out, and its answer waits here (a slow or partitioned return path) until release().
   */
  hold(): void {
    this.held = true;
    for (const upstream of this.upstreams) upstream.pause();
  }

  /** Passes on what hold() kept, and everything after it. */
  release(): void {
    this.held = false;
    for (const upstream of this.upstreams) upstream.resume();
  }

  async restore(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private listen(): Promise<void> {
    const server = net.createServer((client) => {
      this.connections += 1;
      const record: ProxiedConnection = { openedAt: Date.now(), toClient: 0, clientWrites: [], clientReset: false };
      this.history.push(record);
      const upstream = net.connect(this.target, () => (record.upstreamPort = upstream.localPort));
      this.sockets.add(client).add(upstream);
      this.upstreams.add(upstream);
      if (this.held) upstream.pause();
      const close = () => {
        record.closedAt ??= Date.now();
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
        this.upstreams.delete(upstream);
      };
      client.on('error', (error: NodeJS.ErrnoException) => (record.clientReset ||= error.code === 'ECONNRESET'));
      client.on('data', () => record.clientWrites.push(record.toClient));
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream);
      // Server to client by hand rather than pipe(), to count what the client's socket took.
      upstream.on('data', (chunk: Buffer) => {
        const more = client.write(chunk, (error) => {
          if (!error) record.toClient += chunk.length;
        });
        if (!more) upstream.pause();
      });
      client.on('drain', () => this.held || upstream.resume());
      upstream.on('end', () => client.end());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        (this as { port: number }).port = typeof address === 'object' && address ? address.port : this.port;
        resolve();
      });
    });
  }
}

export function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}
