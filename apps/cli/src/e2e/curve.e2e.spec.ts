/**
 * slow: CURVE across "hosts" (here: separate processes on loopback). `acgan keys`
 * makes key pairs for the coordinator and three workers; the coordinator admits
 * only the two workers in its allow-list. Those two train to the end; a third
 * with an unlisted key and a plaintext one are refused (both told so, both exit
 * 1), are named in the coordinator's log and never register.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, makeKeys, runCli, startCli, tinyJob } from './run-cli.ts';

describe('slow: CURVE encryption and a worker allow-list', () => {
  it('admits the listed workers, which train 2 steps; refuses an unlisted key and a plaintext worker, naming them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-curve-'));
    const keys = await makeKeys(dir, ['coordinator', 'w0', 'w1', 'stranger']);
    for (const name of Object.keys(keys)) expect(readFileSync(join(dir, 'keys', `${name}.pub`), 'utf8').trim()).toBe(keys[name]);
    const allow = join(dir, 'allow.txt');
    writeFileSync(allow, `# workers admitted to this run\n${keys.w0} w0\n${keys.w1} w1\n`);

    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const runDir = join(dir, 'run');
    const coordinator = startCli([
      'coordinator',
      '--bind',
      endpoint,
      '--workers',
      '2',
      '--steps',
      '2',
      ...tinyJob(runDir),
      '--curve-keys',
      join(dir, 'keys', 'coordinator'),
      '--curve-allow',
      allow,
    ]);
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8', '--backend', 'wasm'];
    const curveWorker = (name: string) =>
      startCli(['worker', '--connect', endpoint, ...model, '--curve-server-key', join(dir, 'keys', 'coordinator.pub'), '--curve-keys', join(dir, 'keys', name)]);
    // The intruders first, so they knock while the coordinator still waits for its world.
    const stranger = curveWorker('stranger');
    const plaintext = startCli(['worker', '--connect', endpoint, ...model]);
    const intruders = await Promise.all([stranger.done, plaintext.done]);
    const workers = [curveWorker('w0'), curveWorker('w1')];
    const [c, w0, w1] = await Promise.all([coordinator.done, workers[0].done, workers[1].done]);

    expect(c.code, c.stderr).toBe(0);
    expect(w0.code, w0.stderr).toBe(0);
    expect(w1.code, w1.stderr).toBe(0);
    const checksums = readFileSync(join(runDir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(checksums.at(-1)).toMatchObject({ step: 2 });
    expect(new Set(checksums.at(-1).ranks).size).toBe(1);

    // The unlisted key: told, exits 1; the coordinator names its key.
    expect(intruders[0].code, intruders[0].stderr).toBe(1);
    expect(intruders[0].stderr).toMatch(new RegExp(`coordinator refused this worker: .*ZAP status 400.*${escape(keys.stranger)}`));
    expect(c.stderr).toMatch(new RegExp(`refused worker at 127\\.0\\.0\\.1 with public key ${escape(keys.stranger)}: public key not in the allow-list`));
    // The plaintext worker: the handshake fails on both sides.
    expect(intruders[1].code, intruders[1].stderr).toBe(1);
    expect(intruders[1].stderr).toMatch(/coordinator refused this worker: security handshake failed: ERR_ZMTP_MECHANISM_MISMATCH.*requires CURVE/);
    // Which side notices the mismatch first varies: the coordinator sees either it or the dropped connection.
    expect(c.stderr).toMatch(/refused connection on tcp:\/\/127\.0\.0\.1:\d+: handshake failed.*plaintext client.*(MECHANISM_MISMATCH|E[A-Z]+)/);
    // Neither ever registered: exactly the two admitted workers did.
    const registered = [...c.stderr.matchAll(/worker registered: \S+ pid (\d+)/g)].map((m) => Number(m[1]));
    expect(registered.sort()).toEqual([workers[0].child.pid, workers[1].child.pid].sort());
    expect(c.stderr).toMatch(new RegExp(`CURVE on: traffic encrypted, 2 worker key\\(s\\) admitted from ${escape(allow)}`));
  });

  it('refuses to start without an allow-list, naming the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-curve-noallow-'));
    expect((await runCli(['keys', join(dir, 'c')])).code).toBe(0);
    const r = await runCli(['coordinator', '--workers', '1', '--steps', '1', ...tinyJob(join(dir, 'run')), '--curve-keys', join(dir, 'c')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--curve-allow <file> is required/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
