/**
 * slow: across hosts. Two network namespaces stand in for two worker hosts, each
 * joined to this namespace (the coordinator's host) by a veth pair on its own
 * subnet: the workers reach the coordinator only at 10.231.{1,2}.1, never over
 * loopback. CURVE is on, with an allow-list. The coordinator's audit log shows
 * each admitted connection's address, and a stranger on host 2 is refused by
 * address and key. Needs root and iproute2 (`ip netns`); where they are missing
 * the test is skipped and says why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runCli, startCli, tinyJob } from './run-cli.ts';

const tag = String(process.pid % 100000);
const HOSTS = [1, 2].map((i) => ({ ns: `acgan-h${i}-${tag}`, veth: `vac${tag}-${i}`, here: `10.231.${i}.1`, there: `10.231.${i}.2` }));

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Why namespaces cannot be made here, or '' when they can. */
function netnsUnavailable(): string {
  if (process.getuid?.() !== 0) return 'not root';
  const probe = `acgan-probe-${tag}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return '';
  } catch (err) {
    return `ip netns add failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

function makeHosts(): void {
  for (const h of HOSTS) {
    ip('netns', 'add', h.ns);
    ip('link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns);
    ip('addr', 'add', `${h.here}/24`, 'dev', h.veth);
    ip('link', 'set', h.veth, 'up');
    ip('-n', h.ns, 'addr', 'add', `${h.there}/24`, 'dev', 'eth0');
    ip('-n', h.ns, 'link', 'set', 'eth0', 'up');
    ip('-n', h.ns, 'link', 'set', 'lo', 'up');
  }
}

function removeHosts(): void {
  // Deleting a namespace deletes its end of the veth pair, and with it ours.
  for (const h of HOSTS) {
    try {
      ip('netns', 'del', h.ns);
    } catch {
      // Not made (or already gone).
    }
  }
}

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`hosts.e2e: skipped, network namespaces unavailable (${unavailable})`);

describe.skipIf(unavailable !== '')('slow: across hosts (network namespaces)', () => {
  afterAll(removeHosts);

  it('workers on two other hosts train with CURVE over real addresses; the log shows where each came from; a stranger is refused', async () => {
    makeHosts();
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-hosts-'));
    const keys: Record<string, string> = {};
    for (const name of ['coordinator', 'w1', 'w2', 'stranger']) {
      const r = await runCli(['keys', join(dir, 'keys', name)]);
      expect(r.code, r.stderr).toBe(0);
      keys[name] = JSON.parse(r.stdout.trim()).publicKey;
    }
    const allow = join(dir, 'allow.txt');
    writeFileSync(allow, `${keys.w1} host 1\n${keys.w2} host 2\n`);
    const port = await freePort();
    const runDir = join(dir, 'run');
    const coordinator = startCli([
      'coordinator', '--bind', `tcp://0.0.0.0:${port}`, '--workers', '2', '--steps', '3', ...tinyJob(runDir),
      '--curve-keys', join(dir, 'keys', 'coordinator'), '--curve-allow', allow,
    ]);
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8', '--backend', 'wasm'];
    const worker = (host: (typeof HOSTS)[number], key: string) =>
      startCli(
        ['worker', '--connect', `tcp://${host.here}:${port}`, ...model, '--curve-server-key', join(dir, 'keys', 'coordinator.pub'), '--curve-keys', join(dir, 'keys', key), '--timeout-ms', '20000'],
        {},
        host.ns,
      );
    const stranger = await worker(HOSTS[1], 'stranger').done;
    const [c, w1, w2] = await Promise.all([coordinator.done, worker(HOSTS[0], 'w1').done, worker(HOSTS[1], 'w2').done]);

    expect(c.code, c.stderr).toBe(0);
    expect(w1.code, w1.stderr).toBe(0);
    expect(w2.code, w2.stderr).toBe(0);
    const checksums = readFileSync(join(runDir, 'checksums.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(checksums.at(-1)).toMatchObject({ step: 3 });
    expect(new Set(checksums.at(-1).ranks).size).toBe(1);
    // Each admitted worker came from its own host's address, with its own key.
    expect(c.stderr).toContain(`admitted a connection from ${HOSTS[0].there} with public key ${keys.w1}`);
    expect(c.stderr).toContain(`admitted a connection from ${HOSTS[1].there} with public key ${keys.w2}`);
    expect(c.stderr).not.toMatch(/admitted a connection from 127\./);
    // The stranger on host 2: refused by address and key, never registered.
    expect(stranger.code, stranger.stderr).toBe(1);
    expect(c.stderr).toContain(`refused worker at ${HOSTS[1].there} with public key ${keys.stranger}: public key not in the allow-list`);
    expect([...c.stderr.matchAll(/worker registered:/g)]).toHaveLength(2);
  });
});
