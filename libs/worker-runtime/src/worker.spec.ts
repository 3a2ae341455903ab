/**
 * Unit tests of the worker's side of the conversation over the in-memory
 * transport: the worker never hangs and names what went wrong.
 */
import { describe, expect, it } from 'vitest';
import { createInMemoryHub, makeMessage, MessageType, bodyOf, type ServerTransport } from '@acgan/protocol';
import { createLogger, DEFAULT_CONFIG, modelConfigHash } from '@acgan/config';
import { Worker } from './worker.ts';

function quietLogger() {
  return createLogger({ component: 'worker', console: false });
}

async function firstMessage(server: ServerTransport) {
  for await (const item of server.messages()) return item;
  throw new Error('no message');
}

describe('Worker', () => {
  it('registers with its model hash, and exits 1 naming the reason when refused', async () => {
    const hub = createInMemoryHub();
    const server = await hub.bindServer();
    const worker = new Worker({ config: { ...DEFAULT_CONFIG }, logger: quietLogger(), connect: (e) => hub.connectClient(e) });
    const exit = worker.run(server.endpoint);
    const reg = await firstMessage(server);
    const body = bodyOf(reg.msg!, MessageType.REGISTER);
    expect(body.modelConfigHash).toBe(modelConfigHash(DEFAULT_CONFIG));
    expect(body.requestedRank).toBe(-1);
    await server.send(reg.peer, makeMessage(MessageType.ERROR, { session: '' }, { code: 'MODEL_MISMATCH', message: 'model config hash abc, expected def', fatal: true }));
    await expect(exit).resolves.toBe(1);
    await server.close();
  });

  it('gives up with exit 3 when the coordinator stays silent', async () => {
    const hub = createInMemoryHub();
    const server = await hub.bindServer();
    const worker = new Worker({ config: { ...DEFAULT_CONFIG }, logger: quietLogger(), coordinatorTimeoutMs: 300, connect: (e) => hub.connectClient(e) });
    const t0 = Date.now();
    await expect(worker.run(server.endpoint)).resolves.toBe(3);
    expect(Date.now() - t0).toBeLessThan(5000);
    await server.close();
  });

  it('ends with the exit code of a SHUTDOWN while waiting to start', async () => {
    const hub = createInMemoryHub();
    const server = await hub.bindServer();
    const worker = new Worker({ config: { ...DEFAULT_CONFIG }, logger: quietLogger(), connect: (e) => hub.connectClient(e) });
    const exit = worker.run(server.endpoint);
    const reg = await firstMessage(server);
    await server.send(reg.peer, makeMessage(MessageType.SHUTDOWN, { session: '' }, { reason: 'run cancelled', exitCode: 130 }));
    await expect(exit).resolves.toBe(130);
    await server.close();
  });

  it('logs what the coordinator says as one escaped, bounded line', async () => {
    const hub = createInMemoryHub();
    const server = await hub.bindServer();
    const lines: string[] = [];
    const logger = quietLogger();
    logger.on('data', (info: { message: string }) => lines.push(info.message));
    const worker = new Worker({ config: { ...DEFAULT_CONFIG }, logger, connect: (e) => hub.connectClient(e) });
    const exit = worker.run(server.endpoint);
    const reg = await firstMessage(server);
    const forged = `full\n12:00:00.000 info [worker] rank 0 of 2\u001b[31m${'x'.repeat(10_000)}`;
    await server.send(reg.peer, makeMessage(MessageType.ERROR, { session: '' }, { code: 'RUN_FULL', message: forged, fatal: false }));
    await server.send(reg.peer, makeMessage(MessageType.SHUTDOWN, { session: '' }, { reason: forged, exitCode: 0 }));
    await expect(exit).resolves.toBe(0);
    const said = lines.filter((l) => l.includes('full\\n12:00:00.000 info [worker] rank 0 of 2\\u001b[31m'));
    expect(said).toHaveLength(2);
    for (const l of lines) {
      expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(l.length).toBeLessThan(2500);
    }
    await server.close();
  });
});
