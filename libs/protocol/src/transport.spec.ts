// The transport contract, run over ZeroMQ tcp and ipc and over the in-memory hub
// wherever the behaviour is meant to be the same (as zeromq.js runs its socket
// tests over a list of protocols); what only a ZeroMQ socket has (high-water
// marks, the frame size limit, CURVE) over tcp and ipc; the bind posture over tcp.
// Each test on its own address, everything closed after each test.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zmq from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrames } from './framing.ts';
import { createInMemoryHub } from './in-memory-transport.ts';
import { bodyOf, makeGradientMessage, makeMessage } from './message-builders.ts';
import { ProtocolError } from './protocol-error.ts';
import { MessageType, Phase } from './schema.ts';
import { decodeToF32 } from './tensor-codec.ts';
import { DEFAULT_TRANSPORT_OPTIONS, isLocalEndpoint, nextMessage, type ClientTransport, type ServerTransport, type TransportOptions } from './transport.ts';
import { bindServer, connectClient } from './zmq-transport.ts';

const session = 'transport-test';
const TIMEOUT = 5000;

interface Kind {
  name: string;
  /** A ZeroMQ socket (high-water marks, frame size limit, CURVE), not the in-memory hub. */
  zmq: boolean;
  address: () => string;
  bind: (endpoint: string, opts?: TransportOptions) => Promise<ServerTransport>;
  connect: (endpoint: string, opts?: TransportOptions) => Promise<ClientTransport>;
  /** Hands the server raw frames as if they came from a client; returns a closer. */
  sendRaw: (endpoint: string, frames: Buffer[]) => Promise<() => void>;
}

const hub = createInMemoryHub();
const kinds: Kind[] = [
  {
    name: 'tcp',
    zmq: true,
    address: () => 'tcp://127.0.0.1:0',
    bind: bindServer,
    connect: connectClient,
    sendRaw: rawZmqSend,
  },
  {
    name: 'ipc',
    zmq: true,
    address: () => `ipc://${join(tmpdir(), `acgan-test-${randomBytes(6).toString('hex')}.sock`)}`,
    bind: bindServer,
    connect: connectClient,
    sendRaw: rawZmqSend,
  },
  {
    name: 'memory',
    zmq: false,
    address: () => `mem://test-${randomBytes(6).toString('hex')}`,
    bind: (e, o) => hub.bindServer(e, o),
    connect: (e, o) => hub.connectClient(e, o),
    sendRaw: async (endpoint, frames) => {
      const client = await hub.connectClient(endpoint);
      client.sendRawFrames(frames);
      return () => void client.close();
    },
  },
];

async function rawZmqSend(endpoint: string, frames: Buffer[]): Promise<() => void> {
  const dealer = new zmq.Dealer({ linger: 0 });
  dealer.connect(endpoint);
  await dealer.send(frames);
  return () => dealer.close();
}

const toClose: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0).reverse()) await c.close();
});

async function setup(kind: Kind, opts?: TransportOptions): Promise<{ server: ServerTransport; client: ClientTransport }> {
  const server = await kind.bind(kind.address(), opts);
  toClose.push(server);
  const client = await kind.connect(server.endpoint, opts);
  toClose.push(client);
  return { server, client };
}

function heartbeat(rank: number, unixMs: number) {
  return makeMessage(MessageType.HEARTBEAT, { session, rank }, { unixMs });
}

for (const kind of kinds) {
  describe(`transport over ${kind.name}`, () => {
    it('exposes the bound endpoint', async () => {
      const { server } = await setup(kind);
      if (kind.name === 'tcp') expect(server.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
      else expect(server.endpoint.startsWith(kind.name === 'ipc' ? 'ipc://' : 'mem://')).toBe(true);
    });

    it('carries a request and a reply, validated, with tensor data intact', async () => {
      const { server, client } = await setup(kind);
      const data = Float32Array.from({ length: 300_000 }, (_, i) => Math.sin(i));
      await client.send(makeGradientMessage({ session, rank: 1, step: 2, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data, wireDtype: 'f32' }));
      const got = await nextMessage(server.messages(), TIMEOUT);
      expect(got.error).toBeUndefined();
      expect(got.msg?.envelope.type).toBe(MessageType.GRADIENT);
      const back = decodeToF32(got.msg!.payloads[0], 'f32');
      // Byte comparison: a deep toEqual over 300k floats costs most of a second.
      expect(Buffer.compare(Buffer.from(back.buffer, back.byteOffset, back.byteLength), Buffer.from(data.buffer))).toBe(0);

      await server.send(got.peer, makeMessage(MessageType.ASSIGN, { session }, { rank: 1, worldSize: 2, session }));
      const reply = await nextMessage(client.messages(), TIMEOUT);
      expect(bodyOf(reply.msg!, MessageType.ASSIGN).worldSize).toBe(2);
    });

    it('serialises many concurrent sends (no EBUSY) and keeps their order', async () => {
      const { server, client } = await setup(kind);
      const n = 200;
      await Promise.all(Array.from({ length: n }, (_, i) => client.send(heartbeat(0, i))));
      const first = await nextMessage(server.messages(), TIMEOUT);
      const received = [first];
      for (let i = 1; i < n; i++) received.push(await nextMessage(server.messages(), TIMEOUT));
      expect(received.map((r) => bodyOf(r.msg!, MessageType.HEARTBEAT).unixMs)).toEqual(Array.from({ length: n }, (_, i) => i));

      await Promise.all(Array.from({ length: n }, (_, i) => server.send(first.peer, heartbeat(-1, i))));
      for (let i = 0; i < n; i++) {
        const r = await nextMessage(client.messages(), TIMEOUT);
        expect(bodyOf(r.msg!, MessageType.HEARTBEAT).unixMs).toBe(i);
      }
    });

    it('yields a bad message as {peer, error} and keeps going', async () => {
      const { server, client } = await setup(kind);
      const frames = encodeFrames(heartbeat(0, 1));
      const closeRaw = await kind.sendRaw(server.endpoint, [Buffer.from([0xff, 0xff, 0xff]), ...frames.slice(1)]);
      toClose.push({ close: closeRaw });
      const bad = await nextMessage(server.messages(), TIMEOUT);
      expect(bad.error).toBeInstanceOf(ProtocolError);
      expect(bad.error?.code).toBe('DECODE_FAILED');
      expect(bad.peer).toMatch(/^[0-9a-f]+$/);
      await client.send(heartbeat(0, 2));
      const good = await nextMessage(server.messages(), TIMEOUT);
      expect(good.msg && bodyOf(good.msg, MessageType.HEARTBEAT).unixMs).toBe(2);
    });

    it('rejects a send to an unknown peer with SEND_FAILED', async () => {
      const { server } = await setup(kind);
      await expect(server.send('00deadbeef', heartbeat(-1, 0))).rejects.toMatchObject({ code: 'SEND_FAILED' });
      await expect(server.send('not hex', heartbeat(-1, 0))).rejects.toMatchObject({ code: 'SEND_FAILED' });
    });

    it('times out a wait without losing the message that comes later', async () => {
      const { server, client } = await setup(kind);
      await expect(nextMessage(server.messages(), 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
      await client.send(heartbeat(0, 7));
      const got = await nextMessage(server.messages(), TIMEOUT);
      expect(bodyOf(got.msg!, MessageType.HEARTBEAT).unixMs).toBe(7);
    });

    it('ends a running receive loop cleanly on close', async () => {
      const { server, client } = await setup(kind);
      const seen: number[] = [];
      const loop = (async () => {
        for await (const r of server.messages()) seen.push(bodyOf(r.msg!, MessageType.HEARTBEAT).unixMs as number);
        return 'ended';
      })();
      await client.send(heartbeat(0, 1));
      await expect.poll(() => seen.length, { timeout: TIMEOUT }).toBe(1);
      await server.close();
      await expect(loop).resolves.toBe('ended');
      await expect(server.send('00', heartbeat(-1, 0))).rejects.toMatchObject({ code: 'CLOSED' });
      await expect(nextMessage(server.messages(), 100)).rejects.toMatchObject({ code: 'CLOSED' });
    });

    it('delivers sends queued just before close, up to the high-water mark', async () => {
      const server = await kind.bind(kind.address());
      toClose.push(server);
      const client = await kind.connect(server.endpoint);
      // Beyond the high-water marks (16 each way) ipc loses what is still queued at
      // close while the server is not reading (20 sent: 16 or 17 arrived in most
      // runs); tcp delivered all 20 (the kernel's socket buffers hold the rest).
      const n = DEFAULT_TRANSPORT_OPTIONS.sendHighWaterMark;
      const sends = Array.from({ length: n }, (_, i) => client.send(heartbeat(0, i)));
      await client.close();
      await Promise.all(sends);
      for (let i = 0; i < n; i++) {
        const r = await nextMessage(server.messages(), TIMEOUT);
        expect(bodyOf(r.msg!, MessageType.HEARTBEAT).unixMs).toBe(i);
      }
    });

    it('hands a message that arrives after a timeout to the next for-await reader', async () => {
      const { server, client } = await setup(kind);
      await expect(nextMessage(server.messages(), 30)).rejects.toMatchObject({ code: 'TIMEOUT' });
      await client.send(heartbeat(0, 1));
      // Not a wait for a condition: the message is to arrive while nobody reads (there
      // is nothing outside the transport to observe its arrival by).
      await new Promise((r) => setTimeout(r, 100));
      for await (const r of server.messages()) {
        expect(bodyOf(r.msg!, MessageType.HEARTBEAT).unixMs).toBe(1);
        break;
      }
    });

    it('names a client by its routing id, and takes the socket options', async () => {
      const opts: TransportOptions = {
        heartbeat: { intervalMs: 200, timeoutMs: 1000, ttlMs: 2000 },
        sendBufferSize: 1 << 20,
        receiveBufferSize: 1 << 20,
        sendHighWaterMark: 4,
        receiveHighWaterMark: 4,
        lingerMs: 0,
      };
      const server = await kind.bind(kind.address(), opts);
      toClose.push(server);
      const client = await kind.connect(server.endpoint, { ...opts, routingId: 'worker-7' });
      toClose.push(client);
      await client.send(heartbeat(3, 1));
      const got = await nextMessage(server.messages(), TIMEOUT);
      expect(got.peer).toBe(Buffer.from('worker-7').toString('hex'));
    });
  });
}

for (const kind of kinds.filter((k) => k.zmq)) {
  describe(`ZeroMQ transport over ${kind.name}`, () => {
    it.skipIf(!zmq.capability.curve)('talks encrypted with CURVE and refuses a client with the wrong server key', async () => {
      const serverKeys = zmq.curveKeyPair();
      const server = await bindServer(kind.address(), { curve: { serverPublicKey: serverKeys.publicKey, serverSecretKey: serverKeys.secretKey } });
      toClose.push(server);
      const client = await connectClient(server.endpoint, { curve: { serverPublicKey: serverKeys.publicKey } });
      toClose.push(client);
      await client.send(heartbeat(0, 42));
      const got = await nextMessage(server.messages(), TIMEOUT);
      expect(bodyOf(got.msg!, MessageType.HEARTBEAT).unixMs).toBe(42);

      const impostor = await connectClient(server.endpoint, { curve: { serverPublicKey: zmq.curveKeyPair().publicKey }, sendTimeoutMs: 0 });
      toClose.push(impostor);
      await impostor.send(heartbeat(0, 43)).catch(() => undefined);
      await expect(nextMessage(server.messages(), 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    });

    it('fails a send to a peer that stopped reading with TIMEOUT, not a hang', async () => {
      const server = await bindServer(kind.address(), { sendHighWaterMark: 1, sendTimeoutMs: 200 });
      toClose.push(server);
      const client = await connectClient(server.endpoint, { receiveHighWaterMark: 1, receiveBufferSize: 65536 });
      toClose.push(client);
      await client.send(heartbeat(0, 0));
      const { peer } = await nextMessage(server.messages(), TIMEOUT);
      const big = new Float32Array(1 << 20); // 4 MiB per message: socket buffers fill fast
      const send = () => server.send(peer, makeGradientMessage({ session, rank: -1, step: 1, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data: big, wireDtype: 'f32' }));
      let error: unknown;
      for (let i = 0; i < 64 && error === undefined; i++) await send().catch((err: unknown) => (error = err));
      expect(error).toMatchObject({ code: 'TIMEOUT' });
    });

    it('defaults to frames of one 4 MiB chunk, and drops a larger frame without delivering it', async () => {
      expect(DEFAULT_TRANSPORT_OPTIONS.maxMessageSize).toBe(4 * 1024 * 1024);
      const limit = 1024 * 1024;
      const server = await bindServer(kind.address(), { maxMessageSize: limit });
      toClose.push(server);
      const bucket = (elements: number) =>
        encodeFrames(makeGradientMessage({ session, rank: 0, step: 1, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data: new Float32Array(elements), wireDtype: 'f32' }));
      toClose.push({ close: await rawZmqSend(server.endpoint, bucket(limit / 4 + 1)) });
      await expect(nextMessage(server.messages(), 500)).rejects.toMatchObject({ code: 'TIMEOUT' });
      toClose.push({ close: await rawZmqSend(server.endpoint, bucket(limit / 4)) });
      const got = await nextMessage(server.messages(), TIMEOUT);
      expect(got.msg?.payloads[0].byteLength).toBe(limit);
    });
  });
}

describe('posture over tcp: plaintext only off the network', () => {
  it('refuses to bind a non-loopback TCP address without CURVE unless insecurePlaintext says so', async () => {
    for (const endpoint of ['tcp://0.0.0.0:0', 'tcp://*:0']) {
      await expect(bindServer(endpoint)).rejects.toMatchObject({ code: 'TRANSPORT_FAILED', message: expect.stringMatching(/refusing to bind .* without CURVE/) });
    }
    const open = await bindServer('tcp://0.0.0.0:0', { insecurePlaintext: true });
    toClose.push(open);
    expect(open.endpoint).toMatch(/^tcp:\/\/0\.0\.0\.0:\d+$/);
  });

  it.skipIf(!zmq.capability.curve)('binds a non-loopback address with CURVE', async () => {
    const keys = zmq.curveKeyPair();
    const server = await bindServer('tcp://0.0.0.0:0', { curve: { serverPublicKey: keys.publicKey, serverSecretKey: keys.secretKey } });
    toClose.push(server);
    expect(server.endpoint).toMatch(/^tcp:\/\/0\.0\.0\.0:/);
  });

  it('tells local endpoints from network ones', () => {
    const local = ['tcp://127.0.0.1:5555', 'tcp://127.1.2.3:0', 'tcp://localhost:1', 'tcp://[::1]:5555', 'ipc:///tmp/x.sock', 'inproc://a', 'tcp://10.0.0.2;127.0.0.1:5555'];
    const network = [
      'tcp://0.0.0.0:5555',
      'tcp://*:5555',
      'tcp://10.0.0.1:5555',
      'tcp://eth0:5555',
      'tcp://[::]:5555',
      'tcp://127.0.0.1.evil.example:5555',
      'ws://127.0.0.1:5555',
      'tcp://127.0.0.1;10.0.0.1:5555',
    ];
    for (const e of local) expect(isLocalEndpoint(e), e).toBe(true);
    for (const e of network) expect(isLocalEndpoint(e), e).toBe(false);
  });
});
