// The receiving side of the exchange benchmark, run as a second process by
// exchange-bench.ts: binds a server, prints {"endpoint": ...} on stdout, then
// acknowledges every complete gradient (all buckets of one step) with a READY for
// that step, until SHUTDOWN. Every message is decoded and validated on arrival
// by the transport, as in a real run.
//
//   node --import tsx libs/protocol/src/bench/exchange-peer.ts '<json TransportOptions & {address}>'
import { makeMessage } from '../message-builders.ts';
import { MessageType } from '../schema.ts';
import { bindServer } from '../zmq-transport.ts';
import type { TransportOptions } from '../transport.ts';

interface PeerArgs extends TransportOptions {
  address: string;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as PeerArgs;
  // The parent holds our stdin open; when it dies, so do we (no orphaned peers).
  process.stdin.on('end', () => process.exit(2));
  process.stdin.resume();
  const server = await bindServer(args.address, args);
  process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
  // Buckets received per step; a step is acknowledged when all have arrived.
  const received = new Map<number, number>();
  for await (const { peer, msg, error } of server.messages()) {
    if (error || !msg) {
      process.stderr.write(`exchange-peer: bad message from ${peer}: ${error?.message}\n`);
      process.exitCode = 1;
      break;
    }
    const env = msg.envelope;
    if (env.type === MessageType.SHUTDOWN) break;
    if (env.type !== MessageType.GRADIENT) continue;
    const count = (received.get(env.step) ?? 0) + 1;
    if (count < env.bucketCount) {
      received.set(env.step, count);
      continue;
    }
    received.delete(env.step);
    await server.send(peer, makeMessage(MessageType.READY, { session: env.session }, { step: env.step }));
  }
  await server.close();
  process.stdin.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`exchange-peer: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
