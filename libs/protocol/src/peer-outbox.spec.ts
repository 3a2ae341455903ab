// The ROUTER's per-peer outbox over real ZeroMQ sockets: a peer that reads slowly (or not at
// all) holds up only its own messages, none is dropped, and each peer's keep their order.
import { afterEach, describe, expect, it } from 'vitest';
import { makeGradientMessage, makeMessage } from './message-builders.ts';
import { MessageType, Phase } from './schema.ts';
import { nextMessage, type ClientTransport, type ServerTransport } from './transport.ts';
import { bindServer, connectClient } from './zmq-transport.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A 64 KiB message numbered n (in its step field). */
function big(n: number) {
  return makeGradientMessage({
    session: 's',
    rank: -1,
    step: n,
    phase: Phase.PHASE_D,
    bucket: 0,
    bucketCount: 1,
    data: new Float32Array(16384),
    wireDtype: 'f32',
    elementOffset: 0,
    totalElements: 16384,
  });
}

/** A server with small pipes (4 messages, 16 KiB socket buffers) and two clients it knows by peer id. */
async function setUp(sendTimeoutMs: number) {
  const small = { sendHighWaterMark: 4, receiveHighWaterMark: 4, sendBufferSize: 16384, receiveBufferSize: 16384 };
  const server: ServerTransport = await bindServer('tcp://127.0.0.1:0', { ...small, sendTimeoutMs });
  closers.push(() => server.close());
  const serverIn = server.messages()[Symbol.asyncIterator]();
  const clients: ClientTransport[] = [];
  const peers: string[] = [];
  for (let i = 0; i < 2; i++) {
    const c = await connectClient(server.endpoint, small);
    closers.push(() => c.close());
    await c.send(makeMessage(MessageType.HEARTBEAT, { session: 's', rank: i }, { unixMs: 0 }));
    peers.push((await nextMessage(serverIn, 5000)).peer);
    clients.push(c);
  }
  return { server, clients, peers };
}

async function receiveSteps(client: ClientTransport, n: number): Promise<number[]> {
  const it = client.messages()[Symbol.asyncIterator]();
  const steps: number[] = [];
  while (steps.length < n) steps.push((await nextMessage(it, 10_000)).msg!.envelope.step);
  return steps;
}

describe('ROUTER sends to peers that read at different speeds', () => {
  it('a peer that does not read holds up only its own messages; once it reads it gets all of them, in order', async () => {
    const { server, clients, peers } = await setUp(15_000);
    const n = 200;
    const toSlow: Promise<void>[] = [];
    const toFast: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      toSlow.push(server.send(peers[1], big(i)));
      toFast.push(server.send(peers[0], big(i)));
    }
    // Every message to the reading peer arrives while the other has read nothing (its pipe is full).
    expect(await receiveSteps(clients[0], n)).toEqual([...Array(n).keys()]);
    await Promise.all(toFast);
    let slowSent = 0;
    for (const p of toSlow) void p.then(() => slowSent++);
    await new Promise((r) => setImmediate(r));
    expect(slowSent).toBeLessThan(n);
    // Before this outbox, a send to a full pipe failed at once with EAGAIN: a lost message.
    expect(await receiveSteps(clients[1], n)).toEqual([...Array(n).keys()]);
    await Promise.all(toSlow);
  });

  it('a peer that never reads: its queued sends fail with TIMEOUT after the send timeout, the other peer is served throughout', async () => {
    const { server, clients, peers } = await setUp(300);
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => server.send(peers[1], big(i))));
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.reason.code).toBe('TIMEOUT');
    await server.send(peers[0], big(7));
    expect(await receiveSteps(clients[0], 1)).toEqual([7]);
  });
});
