// The ZeroMQ transport: ROUTER for the coordinator (bindServer), DEALER for a
// worker (connectClient). zeromq.js allows one pending send and one pending
// receive per socket (EBUSY otherwise), so a DEALER's sends go through a
// promise-chain queue, a ROUTER's through one queue per peer (peer-outbox.ts),
// and receives through one PullStream. ROUTER_MANDATORY is on: without it a
// ROUTER at its high-water mark silently drops, and a dropped chunk is a hang.
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import * as zmq from 'zeromq';
import { decodeFrames, DEFAULT_LIMITS, encodeFrames, type Limits, type ProtocolMessage } from './framing.ts';
import { ProtocolError } from './protocol-error.ts';
import { PeerOutbox } from './peer-outbox.ts';
import { PullStream } from './pull-stream.ts';
import { registerZapDomain } from './zap.ts';
import { isZ85Key } from './z85.ts';
import {
  DEFAULT_TRANSPORT_OPTIONS,
  isLocalEndpoint,
  type ClientReceived,
  type ClientTransport,
  type ServerReceived,
  type ServerTransport,
  type TransportOptions,
} from './transport.ts';

/**
 * Binds a ROUTER at `endpoint` (e.g. tcp://127.0.0.1:0, ipc:///tmp/x.sock). A TCP
 * address that is not loopback needs `curve` (or `insecurePlaintext`). With
 * `curve`, all traffic is encrypted and every client is checked by the ZAP
 * handler of the socket's context (zap.ts) against `curve.allowedClientKeys`;
 * ZAP_ENFORCE_DOMAIN makes a missing handler refuse everyone instead of no one.
 */
export async function bindServer(endpoint: string, opts: TransportOptions = {}): Promise<ServerTransport> {
  const curve = opts.curve;
  if (!curve && !opts.insecurePlaintext && !isLocalEndpoint(endpoint)) {
    throw new ProtocolError(
      'TRANSPORT_FAILED',
      `refusing to bind ${endpoint} without CURVE: it is not a loopback address, and on the network plaintext lets anyone read, change and inject traffic (use CURVE, or opt in with insecurePlaintext)`,
      { got: endpoint, expected: 'CURVE, a loopback address, or insecurePlaintext' },
    );
  }
  let allowed: ReadonlySet<string> | null = null;
  if (curve) {
    if (!curve.serverSecretKey) throw new ProtocolError('BAD_FIELD', 'a CURVE server needs curve.serverSecretKey');
    for (const [name, key] of [
      ['serverPublicKey', curve.serverPublicKey],
      ['serverSecretKey', curve.serverSecretKey],
    ] as const) {
      if (!isZ85Key(key)) throw new ProtocolError('BAD_FIELD', `curve.${name} is not a 40-character Z85 key`, { got: `${key.length} characters`, expected: '40 Z85 characters' });
    }
    if (curve.allowedClientKeys) {
      const bad = curve.allowedClientKeys.find((k) => !isZ85Key(k));
      if (bad !== undefined)
        throw new ProtocolError('BAD_FIELD', `curve.allowedClientKeys holds ${JSON.stringify(bad)}, not a 40-character Z85 key`, { got: bad, expected: '40 Z85 characters' });
      allowed = new Set(curve.allowedClientKeys);
    }
  }
  const socket = new zmq.Router();
  socket.mandatory = true;
  applyOptions(socket, opts);
  let releaseZap: (() => Promise<void>) | undefined;
  if (curve) {
    socket.curveServer = true;
    socket.curvePublicKey = curve.serverPublicKey;
    socket.curveSecretKey = curve.serverSecretKey!;
    const domain = `acgan-${randomBytes(8).toString('hex')}`;
    socket.zapDomain = domain;
    socket.zapEnforceDomain = true;
    const onRefused = curve.onRefused;
    if (onRefused) {
      // Handshakes that never reach ZAP (a plaintext client, a client with the
      // wrong server key) show up only as socket events.
      const report = (reason: string) => (e: { address: string; error?: { code?: string; message?: string } }) => {
        try {
          onRefused({ address: e.address, publicKey: '', reason: `${reason}: ${e.error?.code ?? e.error?.message ?? 'no detail'}` });
        } catch {
          // The observer must survive a throwing callback.
        }
      };
      socket.events.on('handshake:error:protocol', report('handshake failed (a plaintext client, or one with the wrong server key)'));
      socket.events.on('handshake:error:other', report('handshake failed, connection dropped (a plaintext client, or one with the wrong server key)'));
    }
    try {
      releaseZap = await registerZapDomain(socket.context, domain, { allowed, onRefused, onAdmitted: curve.onAdmitted });
    } catch (err) {
      socket.close();
      throw new ProtocolError('TRANSPORT_FAILED', `CURVE server: ${(err as Error).message}`, {}, { cause: err });
    }
  }
  try {
    await socket.bind(endpoint);
  } catch (err) {
    socket.close();
    await releaseZap?.();
    throw new ProtocolError('TRANSPORT_FAILED', `cannot bind ${endpoint}: ${(err as Error).message}`, { got: endpoint, expected: 'a free endpoint' }, { cause: err });
  }
  // The outbox waits for room itself, per peer (see peer-outbox.ts): libzmq's own wait
  // cannot tell one full pipe from the others.
  const sendTimeoutMs = socket.sendTimeout;
  socket.sendTimeout = 0;
  return new ZmqServer(socket, socket.lastEndpoint ?? endpoint, limitsOf(opts), sendTimeoutMs, releaseZap);
}

/** Connects a DEALER to a server's endpoint. ZeroMQ reconnects by itself if the link drops. */
export async function connectClient(endpoint: string, opts: TransportOptions = {}): Promise<ClientTransport> {
  const socket = new zmq.Dealer();
  applyOptions(socket, opts);
  if (opts.routingId !== undefined) socket.routingId = opts.routingId;
  if (opts.curve) {
    const ephemeral = opts.curve.clientSecretKey ? undefined : zmq.curveKeyPair();
    socket.curveServerKey = opts.curve.serverPublicKey;
    socket.curvePublicKey = opts.curve.clientPublicKey ?? ephemeral?.publicKey ?? null;
    socket.curveSecretKey = opts.curve.clientSecretKey ?? ephemeral?.secretKey ?? null;
  }
  const failed = opts.onHandshakeFailed;
  if (failed) {
    const safe = (kind: 'auth' | 'protocol' | 'other', reason: string) => {
      try {
        failed(kind, reason);
      } catch {
        // The observer must survive a throwing callback.
      }
    };
    socket.events.on('handshake:error:auth', (e) => safe('auth', `the server refused this client (ZAP status ${e.error.status ?? '?'}: key not admitted)`));
    socket.events.on('handshake:error:protocol', (e) => safe('protocol', `security handshake failed: ${e.error.code ?? e.error.message} (one side uses CURVE and the other not?)`));
    socket.events.on('handshake:error:other', (e) =>
      safe('other', `connection broke during the security handshake: ${e.error.code ?? e.error.message} (wrong server public key?)`),
    );
  }
  try {
    socket.connect(endpoint);
  } catch (err) {
    socket.close();
    throw new ProtocolError('TRANSPORT_FAILED', `cannot connect to ${endpoint}: ${(err as Error).message}`, { got: endpoint, expected: 'a valid endpoint' }, { cause: err });
  }
  return new ZmqClient(socket, limitsOf(opts));
}

function applyOptions(socket: zmq.Router | zmq.Dealer, opts: TransportOptions): void {
  // `??` and not a spread: an option passed as undefined means "default" too.
  const d = DEFAULT_TRANSPORT_OPTIONS;
  socket.sendHighWaterMark = opts.sendHighWaterMark ?? d.sendHighWaterMark;
  socket.receiveHighWaterMark = opts.receiveHighWaterMark ?? d.receiveHighWaterMark;
  socket.maxMessageSize = opts.maxMessageSize ?? d.maxMessageSize;
  socket.sendBufferSize = opts.sendBufferSize ?? d.sendBufferSize;
  socket.receiveBufferSize = opts.receiveBufferSize ?? d.receiveBufferSize;
  socket.linger = opts.lingerMs ?? d.lingerMs;
  socket.sendTimeout = opts.sendTimeoutMs ?? d.sendTimeoutMs;
  if (opts.heartbeat && opts.heartbeat.intervalMs > 0) {
    socket.heartbeatInterval = opts.heartbeat.intervalMs;
    if (opts.heartbeat.timeoutMs !== undefined) socket.heartbeatTimeout = opts.heartbeat.timeoutMs;
    if (opts.heartbeat.ttlMs !== undefined) socket.heartbeatTimeToLive = opts.heartbeat.ttlMs;
  }
}

function limitsOf(opts: TransportOptions): Limits {
  return { ...DEFAULT_LIMITS, ...opts.limits };
}

/** Shared by both socket types: the serialised send queue, the receive loop, close. */
abstract class ZmqEndpoint<R> {
  private sendTail: Promise<void> = Promise.resolve();
  protected closed = false;
  protected readonly stream: PullStream<R>;

  constructor(
    protected readonly socket: zmq.Router | zmq.Dealer,
    protected readonly limits: Limits,
  ) {
    this.stream = new PullStream<R>(() => this.receiveOne());
  }

  protected abstract toReceived(frames: Buffer[]): R;

  private async receiveOne(): Promise<R | undefined> {
    if (this.closed) return undefined;
    let frames: Buffer[];
    try {
      frames = await this.socket.receive();
    } catch (err) {
      // Closing the socket rejects the pending receive (EAGAIN): that is the end.
      if (this.closed || this.socket.closed) return undefined;
      throw new ProtocolError('TRANSPORT_FAILED', `receive failed: ${(err as Error).message}`, { got: (err as { code?: string }).code }, { cause: err });
    }
    return this.toReceived(frames);
  }

  protected decode(frames: Buffer[]): { msg?: ProtocolMessage; error?: ProtocolError } {
    try {
      return { msg: decodeFrames(frames, this.limits) };
    } catch (err) {
      if (err instanceof ProtocolError) return { error: err };
      // decodeFrames throws only ProtocolError (fuzz-tested); keep the loop alive regardless.
      return { error: new ProtocolError('DECODE_FAILED', String(err), {}, { cause: err }) };
    }
  }

  protected enqueueSend(frames: Buffer[], to: string): Promise<void> {
    if (this.closed) return Promise.reject(new ProtocolError('CLOSED', `send to ${to} after close`));
    const attempt = this.sendTail.then(async () => {
      // Sends queued before close() still go out, until the socket itself is closed.
      if (this.socket.closed) throw new ProtocolError('CLOSED', `send to ${to}: socket closed before it was sent`);
      try {
        await this.socket.send(frames);
      } catch (err) {
        throw sendError(err, to, this.closed);
      }
    });
    // The chain must survive a failed send, or every later send would fail too.
    this.sendTail = attempt.catch(() => undefined);
    return attempt;
  }

  messages(): AsyncIterable<R> {
    return this.stream;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    // Let already-queued sends reach ZeroMQ, but a send stuck on a full queue
    // must not hold close() for the whole send timeout: wait at most the linger.
    await this.flushSends(Math.max(0, this.socket.linger));
    this.socket.close();
    await this.afterClose();
  }

  /** Waits up to `ms` for the queued sends to reach ZeroMQ. */
  protected async flushSends(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.sendTail, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  protected async afterClose(): Promise<void> {}
}

function sendError(err: unknown, to: string, closed: boolean): ProtocolError {
  const code = (err as { code?: string }).code;
  if (closed || code === 'ETERM' || code === 'ENOTSOCK') return new ProtocolError('CLOSED', `send to ${to}: socket closed`, {}, { cause: err });
  if (code === 'EAGAIN') {
    return new ProtocolError(
      'TIMEOUT',
      `send to ${to}: queue still full after the send timeout (peer not reading?)`,
      { got: 'full queue', expected: 'room within sendTimeoutMs' },
      { cause: err },
    );
  }
  if (code === 'EHOSTUNREACH') {
    return new ProtocolError('SEND_FAILED', `send to ${to}: no such peer (never connected or disconnected)`, { got: to, expected: 'a connected peer' }, { cause: err });
  }
  return new ProtocolError('SEND_FAILED', `send to ${to} failed: ${code ?? ''} ${(err as Error).message}`, { got: code }, { cause: err });
}

class ZmqServer extends ZmqEndpoint<ServerReceived> implements ServerTransport {
  private readonly outbox: PeerOutbox;

  constructor(
    socket: zmq.Router,
    readonly endpoint: string,
    limits: Limits,
    sendTimeoutMs: number,
    private readonly releaseZap?: () => Promise<void>,
  ) {
    super(socket, limits);
    this.outbox = new PeerOutbox(socket, sendTimeoutMs < 0 ? Infinity : sendTimeoutMs, (err, to) => sendError(err, to, this.closed));
  }

  protected override async flushSends(ms: number): Promise<void> {
    await this.outbox.drain(ms);
    this.outbox.close();
  }

  /**
   * libzmq unlinks a bound ipc file only when its I/O thread gets to it, which a
   * process exiting right after close() can skip; remove it here so runs and
   * tests do not leave socket files behind.
   */
  protected override async afterClose(): Promise<void> {
    await this.releaseZap?.();
    if (!this.endpoint.startsWith('ipc://')) return;
    try {
      unlinkSync(this.endpoint.slice('ipc://'.length));
    } catch {
      // Already gone (libzmq was first): nothing to do.
    }
  }

  protected toReceived([id, ...frames]: Buffer[]): ServerReceived {
    return { peer: id.toString('hex'), ...this.decode(frames) };
  }

  send(peer: string, msg: ProtocolMessage): Promise<void> {
    let frames: Buffer[];
    try {
      frames = encodeFrames(msg);
    } catch (err) {
      return Promise.reject(err);
    }
    if (peer.length === 0 || peer.length % 2 !== 0 || !/^[0-9a-f]+$/.test(peer)) {
      return Promise.reject(new ProtocolError('SEND_FAILED', `peer id ${JSON.stringify(peer)} is not a hex routing id`, { got: peer, expected: 'a peer id from messages()' }));
    }
    if (this.closed) return Promise.reject(new ProtocolError('CLOSED', `send to peer ${peer} after close`));
    return this.outbox.send(peer, [Buffer.from(peer, 'hex'), ...frames]);
  }
}

class ZmqClient extends ZmqEndpoint<ClientReceived> implements ClientTransport {
  protected toReceived(frames: Buffer[]): ClientReceived {
    return this.decode(frames);
  }

  send(msg: ProtocolMessage): Promise<void> {
    let frames: Buffer[];
    try {
      frames = encodeFrames(msg);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.enqueueSend(frames, 'server');
  }
}
