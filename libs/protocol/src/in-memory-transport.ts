// An in-process transport with the same interfaces as the ZeroMQ one, for unit
// tests of the coordinator and worker logic. Messages still go through
// encodeFrames/decodeFrames (so validation is exercised) and frames are copied
// on the way, as the real wire does, so aliasing bugs show up here too.
import { decodeFrames, DEFAULT_LIMITS, encodeFrames, type Limits, type ProtocolMessage } from './framing.ts';
import { ProtocolError } from './protocol-error.ts';
import { PullStream } from './pull-stream.ts';
import type { ClientReceived, ClientTransport, ServerReceived, ServerTransport, TransportOptions } from './transport.ts';

/** A FIFO whose take() waits; undefined once closed. */
class Channel<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T | undefined) => void) | undefined;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(item);
    } else {
      this.items.push(item);
    }
  }

  take(): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.waiter?.(undefined);
    this.waiter = undefined;
  }
}

function copyFrames(frames: Buffer[]): Buffer[] {
  return frames.map((f) => Buffer.from(f));
}

function decodeSafely(frames: Buffer[], limits: Limits): { msg?: ProtocolMessage; error?: ProtocolError } {
  try {
    return { msg: decodeFrames(frames, limits) };
  } catch (err) {
    return { error: err instanceof ProtocolError ? err : new ProtocolError('DECODE_FAILED', String(err)) };
  }
}

class MemoryServer implements ServerTransport {
  readonly inbox = new Channel<ServerReceived>();
  readonly clients = new Map<string, MemoryClient>();
  private readonly stream = new PullStream<ServerReceived>(() => this.inbox.take());
  closed = false;

  constructor(
    readonly endpoint: string,
    readonly limits: Limits,
    private readonly onClose: () => void,
  ) {}

  /** Raw frames from a client, as a ROUTER would receive them. */
  deliver(peer: string, frames: Buffer[]): void {
    this.inbox.push({ peer, ...decodeSafely(copyFrames(frames), this.limits) });
  }

  async send(peer: string, msg: ProtocolMessage): Promise<void> {
    if (this.closed) throw new ProtocolError('CLOSED', `send to peer ${peer} after close`);
    const frames = encodeFrames(msg);
    const client = this.clients.get(peer);
    if (client === undefined || client.closed) {
      throw new ProtocolError('SEND_FAILED', `send to peer ${peer}: no such peer`, { got: peer, expected: 'a connected peer' });
    }
    client.deliver(frames);
  }

  messages(): AsyncIterable<ServerReceived> {
    return this.stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.inbox.close();
    this.stream.end();
    this.onClose();
  }
}

class MemoryClient implements ClientTransport {
  private readonly inbox = new Channel<ClientReceived>();
  private readonly stream = new PullStream<ClientReceived>(() => this.inbox.take());
  closed = false;

  constructor(
    readonly peer: string,
    private readonly server: MemoryServer,
    private readonly limits: Limits,
  ) {}

  deliver(frames: Buffer[]): void {
    this.inbox.push(decodeSafely(copyFrames(frames), this.limits));
  }

  async send(msg: ProtocolMessage): Promise<void> {
    if (this.closed) throw new ProtocolError('CLOSED', 'send to server after close');
    const frames = encodeFrames(msg);
    // Like a DEALER whose server is gone: the message is queued to nowhere.
    if (!this.server.closed) this.server.deliver(this.peer, frames);
  }

  /** Test hook: hand the server raw frames (e.g. a corrupt message) as if sent by this client. */
  sendRawFrames(frames: Buffer[]): void {
    this.server.deliver(this.peer, frames);
  }

  messages(): AsyncIterable<ClientReceived> {
    return this.stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.inbox.close();
    this.stream.end();
    this.server.clients.delete(this.peer);
  }
}

export type InMemoryClientTransport = ClientTransport & { readonly peer: string; sendRawFrames(frames: Buffer[]): void };

/** A set of in-memory endpoints, like one machine's ZeroMQ namespace. */
export interface InMemoryHub {
  bindServer(endpoint?: string, opts?: TransportOptions): Promise<ServerTransport>;
  connectClient(endpoint: string, opts?: TransportOptions): Promise<InMemoryClientTransport>;
}

export function createInMemoryHub(): InMemoryHub {
  const servers = new Map<string, MemoryServer>();
  let nextServer = 0;
  let nextPeer = 0;
  return {
    async bindServer(endpoint = `mem://server-${nextServer++}`, opts = {}) {
      if (servers.has(endpoint)) {
        throw new ProtocolError('TRANSPORT_FAILED', `cannot bind ${endpoint}: in use`, { got: endpoint, expected: 'a free endpoint' });
      }
      const server = new MemoryServer(endpoint, { ...DEFAULT_LIMITS, ...opts.limits }, () => servers.delete(endpoint));
      servers.set(endpoint, server);
      return server;
    },
    async connectClient(endpoint, opts = {}) {
      const server = servers.get(endpoint);
      if (server === undefined) {
        throw new ProtocolError('TRANSPORT_FAILED', `cannot connect to ${endpoint}: nothing bound there`, { got: endpoint, expected: [...servers.keys()] });
      }
      // Routing ids are hex, like the ZeroMQ transport's peer ids.
      const peer = opts.routingId !== undefined ? Buffer.from(opts.routingId).toString('hex') : (++nextPeer).toString(16).padStart(8, '0');
      const client = new MemoryClient(peer, server, { ...DEFAULT_LIMITS, ...opts.limits });
      server.clients.set(peer, client);
      return client;
    },
  };
}

/** One server and one client connected to it. */
export async function createInMemoryPair(opts: TransportOptions = {}): Promise<{ server: ServerTransport; client: InMemoryClientTransport }> {
  const hub = createInMemoryHub();
  const server = await hub.bindServer(undefined, opts);
  const client = await hub.connectClient(server.endpoint, opts);
  return { server, client };
}
