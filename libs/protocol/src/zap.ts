// A ZAP 1.0 handler (ZeroMQ RFC 27) for CURVE servers: libzmq asks it, over
// inproc://zeromq.zap.01 in the server socket's own context, whether a client
// that completed the CURVE handshake may connect; zeromq.js has none built in.
// One handler serves every CURVE server of a context: each server registers a
// ZAP domain of its own (socket.zapDomain) with its allow-list, and the handler
// answers by domain. A domain nobody registered is refused. The handler lives
// while at least one domain is registered, so an idle process can exit.
import * as zmq from 'zeromq';
import { z85Encode } from './z85.ts';

export const ZAP_ENDPOINT = 'inproc://zeromq.zap.01';

/** A client the server turned away: its address, its CURVE public key (Z85, '' if none) and why. */
export interface RefusedClient {
  address: string;
  publicKey: string;
  reason: string;
}

export interface ZapDomainPolicy {
  /** Z85 public keys admitted; null admits any client that knows the server key. */
  allowed: ReadonlySet<string> | null;
  onRefused?: (info: RefusedClient) => void;
  /** A client admitted: its address and CURVE public key (an audit trail of who connected from where). */
  onAdmitted?: (info: { address: string; publicKey: string }) => void;
}

class ZapHandler {
  readonly domains = new Map<string, ZapDomainPolicy>();
  private closed = false;
  private readonly loop: Promise<void>;

  constructor(private readonly socket: zmq.Reply) {
    this.loop = this.serve();
  }

  private async serve(): Promise<void> {
    while (!this.closed) {
      let frames: Buffer[];
      try {
        frames = await this.socket.receive();
      } catch {
        // Closing the socket rejects the pending receive: that is the end.
        if (this.closed || this.socket.closed) return;
        continue;
      }
      const reply = this.answer(frames);
      try {
        await this.socket.send(reply);
      } catch {
        if (this.closed || this.socket.closed) return;
      }
    }
  }

  /** The reply frames for one request: version, request id, status code, status text, user id, metadata. */
  answer(frames: Buffer[]): (Buffer | string)[] {
    const [version, requestId, domainBuf, addressBuf, , mechanismBuf, ...credentials] = frames;
    const id = requestId ?? Buffer.alloc(0);
    const deny = (text: string) => ['1.0', id, '400', text, '', Buffer.alloc(0)];
    if (version?.toString() !== '1.0' || frames.length < 6) return deny('malformed ZAP request');
    const domain = domainBuf.toString();
    const address = addressBuf.toString();
    const mechanism = mechanismBuf.toString();
    const policy = this.domains.get(domain);
    const key = mechanism === 'CURVE' && credentials[0]?.length === 32 ? z85Encode(credentials[0]) : '';
    const refuse = (reason: string) => {
      try {
        policy?.onRefused?.({ address, publicKey: key, reason });
      } catch {
        // A throwing callback must not stop the handler: every later client would hang.
      }
      return deny(reason);
    };
    if (!policy) return refuse(`unknown ZAP domain ${JSON.stringify(domain)}`);
    if (mechanism !== 'CURVE' || key === '') return refuse(`mechanism ${mechanism} is not CURVE`);
    if (policy.allowed && !policy.allowed.has(key)) return refuse('public key not in the allow-list');
    try {
      policy.onAdmitted?.({ address, publicKey: key });
    } catch {
      // As for onRefused: the handler must go on answering.
    }
    return ['1.0', id, '200', 'OK', key, Buffer.alloc(0)];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.socket.close();
    await this.loop;
  }
}

const handlers = new Map<zmq.Context, Promise<ZapHandler>>();

async function startHandler(context: zmq.Context): Promise<ZapHandler> {
  // A just-closed handler's inproc endpoint may take a moment to be released.
  for (let attempt = 0; ; attempt++) {
    const socket = new zmq.Reply({ context, linger: 0 });
    try {
      await socket.bind(ZAP_ENDPOINT);
      return new ZapHandler(socket);
    } catch (err) {
      socket.close();
      if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt >= 50) {
        throw new Error(`cannot start the ZAP handler on ${ZAP_ENDPOINT}: ${(err as Error).message}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/**
 * Registers `domain` with the ZAP handler of `context` (starting it if needed).
 * Returns the release function: the last release closes the handler.
 */
export async function registerZapDomain(context: zmq.Context, domain: string, policy: ZapDomainPolicy): Promise<() => Promise<void>> {
  let pending: Promise<ZapHandler>;
  let handler: ZapHandler;
  // Loop: a handler whose last domain was released while we waited is closing; start a new one.
  do {
    let p = handlers.get(context);
    if (!p) {
      p = startHandler(context);
      handlers.set(context, p);
      p.catch(() => handlers.delete(context));
    }
    pending = p;
    handler = await p;
  } while (handlers.get(context) !== pending);
  if (handler.domains.has(domain)) throw new Error(`ZAP domain ${JSON.stringify(domain)} is already registered`);
  handler.domains.set(domain, policy);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    handler.domains.delete(domain);
    if (handler.domains.size === 0 && handlers.get(context) === pending) {
      handlers.delete(context);
      await handler.close();
    }
  };
}
