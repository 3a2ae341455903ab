// Measures what a message that never ends costs a ZeroMQ server: a raw ZMTP 3.0
// client (NULL mechanism, a DEALER as far as the server can tell) sends `parts`
// frames of `partMb` MiB, every one flagged MORE, so the message is never
// complete and never reaches the application; libzmq keeps the parts. Prints the
// server process's resident memory before, after the parts, and after the
// client closed. Plaintext only (CURVE peers must hold an allowed key first).
//
//   node --import tsx libs/protocol/src/bench/unfinished-message.ts <tcp://127.0.0.1:port> <server pid> [parts=300] [partMb=4]
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Math.round(Number(kb[1]) / 1024);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function greeting(): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3; // ZMTP 3.0
  g[11] = 0;
  g.write('NULL', 12, 'ascii');
  return g; // as-server 0, filler zeros
}

function readyCommand(): Buffer {
  const name = Buffer.from('Socket-Type');
  const value = Buffer.from('DEALER');
  const body = Buffer.concat([Buffer.from([5]), Buffer.from('READY'), Buffer.from([name.length]), name, Buffer.alloc(4), value]);
  body.writeUInt32BE(value.length, 6 + name.length + 1);
  return Buffer.concat([Buffer.from([0x04, body.length]), body]);
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
}

async function main(): Promise<void> {
  const [endpoint, pidArg, partsArg = '300', partMbArg = '4'] = process.argv.slice(2);
  const m = /^tcp:\/\/([^:]+):(\d+)$/.exec(endpoint ?? '');
  if (!m || !pidArg) throw new Error('usage: unfinished-message.ts tcp://host:port <server pid> [parts] [partMb]');
  const pid = Number(pidArg);
  const parts = Number(partsArg);
  const partBytes = Math.round(Number(partMbArg) * 1024 * 1024);
  const before = rssMb(pid);
  const socket = connect(Number(m[2]), m[1]);
  let closedByServer = false;
  socket.on('close', () => (closedByServer = true));
  socket.on('error', () => (closedByServer = true));
  socket.on('data', () => undefined); // the server's greeting and READY
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  await write(socket, greeting());
  await write(socket, readyCommand());
  const header = Buffer.alloc(9);
  header[0] = 0x01 | 0x02; // MORE | LONG
  header.writeBigUInt64BE(BigInt(partBytes), 1);
  const payload = Buffer.alloc(partBytes, 0x5a);
  let sent = 0;
  try {
    for (; sent < parts && !closedByServer; sent++) {
      await write(socket, header);
      await write(socket, payload);
    }
  } catch {
    closedByServer = true; // the server dropped the connection (a frame over its limit)
  }
  await sleep(2000);
  const afterParts = rssMb(pid);
  const dropped = closedByServer;
  socket.destroy();
  await sleep(3000);
  const afterClose = rssMb(pid);
  console.log(
    JSON.stringify({
      endpoint,
      pid,
      parts_sent: sent,
      part_mb: partBytes / 1024 / 1024,
      dropped_by_server: dropped,
      rss_mb: { before, after_parts: afterParts, after_close: afterClose },
    }),
  );
}

await main();
