// The transport as the apps see it: a server (coordinator) and clients (workers)
// exchanging ProtocolMessages. ZeroMQ sits behind it (zmq-transport.ts); unit
// tests use the in-memory one (in-memory-transport.ts). Every received message
// is already decoded and validated; a bad one arrives as `error`, never as a throw.
import { maxFrameBytes, type Limits, type ProtocolMessage } from './framing.ts';
import { ProtocolError } from './protocol-error.ts';
import { PullStream } from './pull-stream.ts';

export interface ServerReceived {
  /** Stable id of the connection (ZeroMQ routing id, hex). Reply with send(peer, ...). */
  peer: string;
  msg?: ProtocolMessage;
  /** Set instead of msg when the message failed decodeFrames: log it, expel the peer. */
  error?: ProtocolError;
}

export interface ClientReceived {
  msg?: ProtocolMessage;
  error?: ProtocolError;
}

export interface ServerTransport {
  /** The endpoint actually bound (tcp://127.0.0.1:0 becomes tcp://127.0.0.1:<port>). */
  readonly endpoint: string;
  /**
   * Queues a message for `peer`. Concurrent calls are serialised. Resolves when
   * ZeroMQ has queued it (not when delivered); the payload memory must not change
   * until then. Rejects with ProtocolError SEND_FAILED (unknown or gone peer),
   * TIMEOUT (peer stopped reading) or CLOSED.
   */
  send(peer: string, msg: ProtocolMessage): Promise<void>;
  /** Received messages; ends when the transport closes. Single consumer at a time. */
  messages(): AsyncIterable<ServerReceived>;
  close(): Promise<void>;
}

export interface ClientTransport {
  /** As ServerTransport.send, to the one server. */
  send(msg: ProtocolMessage): Promise<void>;
  messages(): AsyncIterable<ClientReceived>;
  close(): Promise<void>;
}

/** CURVE keys (Z85 strings, e.g. from zeromq's curveKeyPair()). */
export interface CurveOptions {
  /** The server's public key: the server's own, or the one a client trusts. */
  serverPublicKey: string;
  /** Server only. */
  serverSecretKey?: string;
  /** Client only; an ephemeral pair is made when these are missing. */
  clientPublicKey?: string;
  clientSecretKey?: string;
  /**
   * Server only: Z85 public keys of the clients admitted (checked by a ZAP handler,
   * see zap.ts). Missing = any client that knows the server's public key.
   */
  allowedClientKeys?: readonly string[];
  /**
   * Server only: called for every refused connection: a key not in the allow-list
   * (address = the client's IP, publicKey its key), or a failed handshake such as a
   * plaintext client (address = the bound endpoint, publicKey ''; libzmq does not
   * report the peer's address for these). A client retries, so this repeats.
   */
  onRefused?: (info: { address: string; publicKey: string; reason: string }) => void;
  /** Server only: called for every connection admitted, with the client's IP and public key. */
  onAdmitted?: (info: { address: string; publicKey: string }) => void;
}

export interface TransportOptions {
  /** Limits for decodeFrames (merged over DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** ZMQ_SNDHWM, in messages per peer. Default 16 (see DEFAULT_TRANSPORT_OPTIONS). */
  sendHighWaterMark?: number;
  /** ZMQ_RCVHWM, in messages per peer. Default 16. */
  receiveHighWaterMark?: number;
  /**
   * ZMQ_MAXMSGSIZE: largest single frame accepted; a bigger one drops the
   * connection. Set it to maxFrameBytes(chunk bytes) of the run. It bounds a
   * frame, not a message: libzmq buffers the frames of a message until its last
   * one, whatever their number (see `insecurePlaintext`).
   */
  maxMessageSize?: number;
  /** ZMQ_SNDBUF in bytes (-1 = OS default). */
  sendBufferSize?: number;
  /** ZMQ_RCVBUF in bytes (-1 = OS default). */
  receiveBufferSize?: number;
  /** ZMQ_LINGER: how long unsent messages may hold up close/exit, ms. */
  lingerMs?: number;
  /** ZMQ_SNDTIMEO: how long send() waits for room in a full queue before TIMEOUT, ms (-1 = forever). */
  sendTimeoutMs?: number;
  /** ZMTP heartbeats (ZMQ_HEARTBEAT_IVL / _TIMEOUT / _TTL); off unless intervalMs > 0. */
  heartbeat?: { intervalMs: number; timeoutMs?: number; ttlMs?: number };
  /** CURVE encryption, server authentication and (server) a client allow-list. */
  curve?: CurveOptions;
  /**
   * Client only: called when the server turns down the security handshake.
   * `auth`: the server's ZAP handler refused this client's CURVE key (libzmq then
   * stops reconnecting: final). `protocol`: mechanism mismatch, e.g. a plaintext
   * client and a CURVE server or the reverse (final too). `other`: the connection
   * broke during the handshake, which a wrong curve.serverPublicKey causes on
   * every retry (so may a flaky network).
   */
  onHandshakeFailed?: (kind: 'auth' | 'protocol' | 'other', reason: string) => void;
  /** Client only: ZMQ_ROUTING_ID, so a reconnecting worker keeps its peer id. */
  routingId?: string;
  /**
   * Server only: allows binding a TCP address that is not loopback without CURVE.
   * Refused otherwise: on such an address anyone on the network can read and
   * change the traffic, and any peer can make the server buffer without bound
   * (the frames of a message that never ends), which libzmq cannot limit for an
   * unauthenticated peer. With CURVE only allowed keys get that far.
   */
  insecurePlaintext?: boolean;
}

/**
 * True when `endpoint` cannot be reached from another host: ipc://, inproc://,
 * or TCP on a loopback address (127.0.0.0/8, ::1, localhost). Everything else,
 * an interface name or a wildcard (`tcp://*:5555`, `tcp://0.0.0.0:5555`) included,
 * counts as the network.
 */
export function isLocalEndpoint(endpoint: string): boolean {
  if (endpoint.startsWith('ipc://') || endpoint.startsWith('inproc://')) return true;
  if (!endpoint.startsWith('tcp://')) return false;
  // A connect endpoint may name a source address first: tcp://source;destination:port.
  const address = endpoint.slice('tcp://'.length).split(';').at(-1)!;
  const colon = address.lastIndexOf(':');
  const host = (colon < 0 ? address : address.slice(0, colon)).replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}

/**
 * Defaults. High-water marks are in messages: with 4 MiB buckets, 16 messages
 * bound each direction to 64 MiB per peer per side (ZeroMQ's default of 1000 would
 * be ~4 GB), while still keeping several buckets in flight so the pipe never
 * idles. Frames up to what a run with the default --chunk-mb sends: a 4 MiB chunk
 * (the envelope limit, 2.2 MB, is smaller); a run with larger chunks sets
 * maxMessageSize to maxFrameBytes(its chunk bytes). A full queue fails a send
 * after 15 s instead of hanging the coordinator behind one stuck worker. Linger
 * 500 ms lets a final SHUTDOWN or ERROR leave without stalling exit.
 */
export const DEFAULT_TRANSPORT_OPTIONS = Object.freeze({
  sendHighWaterMark: 16,
  receiveHighWaterMark: 16,
  maxMessageSize: maxFrameBytes(4 * 1024 * 1024),
  sendBufferSize: -1,
  receiveBufferSize: -1,
  lingerMs: 500,
  sendTimeoutMs: 15_000,
});

/**
 * The next item of `iter`, or a ProtocolError TIMEOUT after `timeoutMs`, or
 * CLOSED if the stream ended. A message that arrives after the timeout is not
 * lost: the next read (nextMessage or a for-await loop) gets it.
 */
export async function nextMessage<T>(iter: AsyncIterable<T> | AsyncIterator<T>, timeoutMs: number): Promise<T> {
  const onTimeout = () => new ProtocolError('TIMEOUT', `no message within ${timeoutMs} ms`, { got: 'nothing', expected: `a message within ${timeoutMs} ms` });
  let result: IteratorResult<T>;
  if (iter instanceof PullStream) {
    result = await iter.nextWithin(timeoutMs, onTimeout);
  } else {
    // A foreign iterator cannot withdraw a pending next(): race it and keep the
    // loser for the next call, so its item still reaches someone.
    const it = typeof (iter as AsyncIterator<T>).next === 'function' ? (iter as AsyncIterator<T>) : (iter as AsyncIterable<T>)[Symbol.asyncIterator]();
    const pending = (pendingNext.get(it) as Promise<IteratorResult<T>> | undefined) ?? it.next();
    pendingNext.set(it, pending);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), timeoutMs)));
    try {
      result = await Promise.race([pending, timeout]);
      pendingNext.delete(it);
    } finally {
      clearTimeout(timer);
    }
  }
  if (result.done) throw new ProtocolError('CLOSED', 'the transport closed while waiting for a message');
  return result.value;
}

const pendingNext = new WeakMap<AsyncIterator<unknown>, Promise<IteratorResult<unknown>>>();
