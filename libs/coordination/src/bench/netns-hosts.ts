/**
 * Stand-in hosts for tests and benchmarks on one machine: Linux network
 * namespaces, each joined to the current namespace by a veth pair on a subnet
 * of its own (10.231.<i>.1 here, 10.231.<i>.2 there), optionally with both
 * directions of the link shaped to a rate (tc tbf), as a slower network would
 * be. Needs root and iproute2; `netnsUnavailable()` says why not.
 */
import { execFileSync } from 'node:child_process';

export interface NetnsHost {
  /** Namespace name (run a process in it with `ip netns exec <ns> ...`). */
  ns: string;
  /** This side's address on the link: what the host connects to. */
  here: string;
  /** The host's own address. */
  there: string;
  veth: string;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function tc(ns: string | undefined, ...args: string[]): void {
  execFileSync(ns ? 'ip' : 'tc', ns ? ['netns', 'exec', ns, 'tc', ...args] : args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Why namespaces cannot be made here, or '' when they can. */
export function netnsUnavailable(): string {
  if (process.getuid?.() !== 0) return 'not root';
  const probe = `acgan-probe-${process.pid % 100000}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return '';
  } catch (err) {
    return `ip netns add failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

/**
 * Makes `count` hosts; `rate` (tc syntax, e.g. "1gbit") shapes both directions
 * of every link. The caller must call remove(), also on failure.
 */
export function createNetnsHosts(count: number, opts: { rate?: string; subnetBase?: number } = {}): { hosts: NetnsHost[]; remove: () => void } {
  const tag = String(process.pid % 100000);
  const base = opts.subnetBase ?? 1;
  const hosts: NetnsHost[] = [];
  const remove = () => {
    // Our end of the veth first: a namespace lives on while a process runs in
    // it (a hung worker, say), and its subnet must be free at once.
    for (const h of hosts) {
      for (const args of [
        ['link', 'del', h.veth],
        ['netns', 'del', h.ns],
      ]) {
        try {
          ip(...args);
        } catch {
          // Already gone.
        }
      }
    }
  };
  // Subnets already on an interface here (a concurrent run, or leftovers of a killed one) are skipped.
  const taken = new Set([...execFileSync('ip', ['-br', 'addr'], { encoding: 'utf8' }).matchAll(/10\.231\.(\d+)\.1\//g)].map((m) => Number(m[1])));
  let n = base - 1;
  try {
    for (let i = 0; i < count; i++) {
      do n++;
      while (taken.has(n));
      if (n > 254) throw new Error('no free 10.231.<n>.0/24 subnet left');
      const h: NetnsHost = { ns: `acgan-h${n}-${tag}`, veth: `vac${tag}-${n}`, here: `10.231.${n}.1`, there: `10.231.${n}.2` };
      ip('netns', 'add', h.ns);
      hosts.push(h);
      ip('link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns);
      ip('addr', 'add', `${h.here}/24`, 'dev', h.veth);
      ip('link', 'set', h.veth, 'up');
      ip('-n', h.ns, 'addr', 'add', `${h.there}/24`, 'dev', 'eth0');
      ip('-n', h.ns, 'link', 'set', 'eth0', 'up');
      ip('-n', h.ns, 'link', 'set', 'lo', 'up');
      if (opts.rate) {
        const shape = ['qdisc', 'add', 'dev', '', 'root', 'tbf', 'rate', opts.rate, 'burst', '1mbit', 'latency', '100ms'];
        tc(undefined, ...shape.map((a) => (a === '' ? h.veth : a)));
        tc(h.ns, ...shape.map((a) => (a === '' ? 'eth0' : a)));
      }
    }
  } catch (err) {
    remove();
    throw new Error(`cannot make ${count} network namespace host(s): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  return { hosts, remove };
}
