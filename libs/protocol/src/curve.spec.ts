// CURVE with a client allow-list over tcp: the ZAP handler (zap.ts) admits the
// listed keys, refuses others (reporting address and key) and plaintext clients.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zmq from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';
import { clientCurveFromFiles, readAllowList, serverCurveFromFiles } from './curve-keys.ts';
import { bodyOf, makeMessage } from './message-builders.ts';
import { MessageType } from './schema.ts';
import { nextMessage, type ClientTransport, type ServerTransport } from './transport.ts';
import { isZ85Key, z85Decode, z85Encode } from './z85.ts';
import { bindServer, connectClient } from './zmq-transport.ts';

const TIMEOUT = 5000;
/** How long a refused client gets to push something through before we conclude nothing came. */
const DEADLINE = 1500;

const toClose: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0).reverse()) await c.close();
});

function heartbeat(unixMs: number) {
  return makeMessage(MessageType.HEARTBEAT, { session: 'curve-test', rank: 0 }, { unixMs });
}

interface Refusal {
  address: string;
  publicKey: string;
  reason: string;
}

async function curveServer(
  allowed: string[],
): Promise<{ server: ServerTransport; serverKeys: { publicKey: string; secretKey: string }; refused: Refusal[]; admitted: { address: string; publicKey: string }[] }> {
  const serverKeys = zmq.curveKeyPair();
  const refused: Refusal[] = [];
  const admitted: { address: string; publicKey: string }[] = [];
  const server = await bindServer('tcp://127.0.0.1:0', {
    curve: {
      ...{ serverPublicKey: serverKeys.publicKey, serverSecretKey: serverKeys.secretKey },
      allowedClientKeys: allowed,
      onRefused: (r) => refused.push(r),
      onAdmitted: (a) => admitted.push(a),
    },
  });
  toClose.push(server);
  return { server, serverKeys, refused, admitted };
}

async function client(endpoint: string, opts: Parameters<typeof connectClient>[1]): Promise<ClientTransport> {
  const c = await connectClient(endpoint, { sendTimeoutMs: 0, ...opts });
  toClose.push(c);
  return c;
}

describe.skipIf(!zmq.capability.curve)('transport over tcp with CURVE and an allow-list', () => {
  it('an allowed key exchanges messages both ways', async () => {
    const worker = zmq.curveKeyPair();
    const { server, serverKeys, refused, admitted } = await curveServer([zmq.curveKeyPair().publicKey, worker.publicKey]);
    const c = await client(server.endpoint, { curve: { serverPublicKey: serverKeys.publicKey, clientPublicKey: worker.publicKey, clientSecretKey: worker.secretKey } });
    await c.send(heartbeat(7));
    const got = await nextMessage(server.messages(), TIMEOUT);
    expect(bodyOf(got.msg!, MessageType.HEARTBEAT).unixMs).toBe(7);
    await server.send(got.peer, heartbeat(8));
    const back = await nextMessage(c.messages(), TIMEOUT);
    expect(bodyOf(back.msg!, MessageType.HEARTBEAT).unixMs).toBe(8);
    expect(refused).toEqual([]);
    // The audit trail: who connected, from where.
    expect(admitted).toEqual([{ address: '127.0.0.1', publicKey: worker.publicKey }]);
  });

  it('an unknown key gets nothing through and is reported with its address and key', async () => {
    const worker = zmq.curveKeyPair();
    const stranger = zmq.curveKeyPair();
    const { server, serverKeys, refused } = await curveServer([worker.publicKey]);
    const told: string[] = [];
    const c = await client(server.endpoint, {
      curve: { serverPublicKey: serverKeys.publicKey, clientPublicKey: stranger.publicKey, clientSecretKey: stranger.secretKey },
      onHandshakeFailed: (kind) => told.push(kind),
    });
    await c.send(heartbeat(1)).catch(() => undefined);
    await expect(nextMessage(server.messages(), DEADLINE)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(told).toContain('auth');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ address: '127.0.0.1', publicKey: stranger.publicKey, reason: 'public key not in the allow-list' });

    // The server still serves the allowed key afterwards.
    const good = await client(server.endpoint, { curve: { serverPublicKey: serverKeys.publicKey, clientPublicKey: worker.publicKey, clientSecretKey: worker.secretKey } });
    await good.send(heartbeat(2));
    expect(bodyOf((await nextMessage(server.messages(), TIMEOUT)).msg!, MessageType.HEARTBEAT).unixMs).toBe(2);
  });

  it('a plaintext client gets nothing through and is reported', async () => {
    const { server, refused } = await curveServer([zmq.curveKeyPair().publicKey]);
    const told: string[] = [];
    const c = await client(server.endpoint, { onHandshakeFailed: (kind) => told.push(kind) });
    await c.send(heartbeat(1)).catch(() => undefined);
    await expect(nextMessage(server.messages(), DEADLINE)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(told).toContain('protocol');
    await expect.poll(() => refused.length, { timeout: TIMEOUT }).toBeGreaterThan(0);
    expect(refused[0].publicKey).toBe('');
    // Which side notices the mismatch first varies: the server sees either it or the dropped connection.
    expect(refused[0].reason).toMatch(/handshake failed.*plaintext client.*(MECHANISM_MISMATCH|E[A-Z]+)/);
  });

  it('two servers in one process keep their own allow-lists (one ZAP handler, a domain each)', async () => {
    const a = zmq.curveKeyPair();
    const b = zmq.curveKeyPair();
    const sa = await curveServer([a.publicKey]);
    const sb = await curveServer([b.publicKey]);
    const aToB = await client(sb.server.endpoint, { curve: { serverPublicKey: sb.serverKeys.publicKey, clientPublicKey: a.publicKey, clientSecretKey: a.secretKey } });
    const aToA = await client(sa.server.endpoint, { curve: { serverPublicKey: sa.serverKeys.publicKey, clientPublicKey: a.publicKey, clientSecretKey: a.secretKey } });
    await aToB.send(heartbeat(1)).catch(() => undefined);
    await aToA.send(heartbeat(2));
    expect(bodyOf((await nextMessage(sa.server.messages(), TIMEOUT)).msg!, MessageType.HEARTBEAT).unixMs).toBe(2);
    await expect(nextMessage(sb.server.messages(), DEADLINE)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(sb.refused[0]?.publicKey).toBe(a.publicKey);
    expect(sa.refused).toEqual([]);
  });

  it('rejects a malformed allow-list key before binding', async () => {
    const keys = zmq.curveKeyPair();
    await expect(
      bindServer('tcp://127.0.0.1:0', { curve: { serverPublicKey: keys.publicKey, serverSecretKey: keys.secretKey, allowedClientKeys: ['short'] } }),
    ).rejects.toMatchObject({
      code: 'BAD_FIELD',
    });
  });
});

describe('z85', () => {
  it('matches zeromq on CURVE keys and round-trips', () => {
    const { publicKey } = zmq.curveKeyPair();
    expect(isZ85Key(publicKey)).toBe(true);
    expect(z85Encode(z85Decode(publicKey))).toBe(publicKey);
    // RFC 32's test vector.
    expect(z85Encode(Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]))).toBe('HelloWorld');
    expect(isZ85Key('x'.repeat(39))).toBe(false);
    expect(isZ85Key(`${publicKey.slice(0, 39)}~`)).toBe(false);
  });
});

describe('CURVE key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acgan-curve-files-'));
  const coord = zmq.curveKeyPair();
  const worker = zmq.curveKeyPair();
  writeFileSync(join(dir, 'coord.key'), `${coord.secretKey}\n`);
  writeFileSync(join(dir, 'coord.pub'), `${coord.publicKey}\n`);
  writeFileSync(join(dir, 'w.key'), `${worker.secretKey}\n`);
  writeFileSync(join(dir, 'w.pub'), `${worker.publicKey}\n`);
  writeFileSync(join(dir, 'allow.txt'), `# workers\n${worker.publicKey}  w0 (host a)\n\n# w1 retired 2026-11\n`);
  writeFileSync(join(dir, 'bad.pub'), 'not a key\n');
  const none = { curveKeys: '', curveServerKey: '', curveAllow: '' };

  it('builds server and client options from the files', () => {
    expect(serverCurveFromFiles({ ...none, curveKeys: join(dir, 'coord'), curveAllow: join(dir, 'allow.txt') })).toEqual({
      serverPublicKey: coord.publicKey,
      serverSecretKey: coord.secretKey,
      allowedClientKeys: [worker.publicKey],
    });
    expect(clientCurveFromFiles({ ...none, curveKeys: join(dir, 'w'), curveServerKey: join(dir, 'coord.pub') })).toEqual({
      serverPublicKey: coord.publicKey,
      clientPublicKey: worker.publicKey,
      clientSecretKey: worker.secretKey,
    });
    expect(serverCurveFromFiles(none)).toBeUndefined();
    expect(clientCurveFromFiles(none)).toBeUndefined();
  });

  it('names the missing flag and the bad file', () => {
    expect(() => serverCurveFromFiles({ ...none, curveKeys: join(dir, 'coord') })).toThrow(/--curve-allow <file> is required/);
    expect(() => clientCurveFromFiles({ ...none, curveServerKey: join(dir, 'coord.pub') })).toThrow(/--curve-keys <prefix> is required/);
    expect(() => clientCurveFromFiles({ ...none, curveKeys: join(dir, 'w'), curveServerKey: join(dir, 'bad.pub') })).toThrow(
      /--curve-server-key: .*bad\.pub does not hold a CURVE key/,
    );
    expect(() => serverCurveFromFiles({ ...none, curveKeys: join(dir, 'nope'), curveAllow: join(dir, 'allow.txt') })).toThrow(/--curve-keys: cannot read .*nope\.pub/);
    expect(() => readAllowList(join(dir, 'bad.pub'))).toThrow(/--curve-allow: .*bad\.pub line 1 is not a CURVE public key/);
  });
});
