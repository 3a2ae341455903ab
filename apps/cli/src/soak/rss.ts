/**
 * Resident memory of the soak's processes over time, from /proc (Linux): the
 * launcher (coordinator) and each worker, by role, across restarts (a restarted
 * worker keeps its role, `worker <index>`; a resumed launcher is `launcher` again).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface RssSample {
  /** Seconds since the sampler started. */
  t: number;
  role: string;
  pid: number;
  mb: number;
}

export interface RoleRss {
  role: string;
  startMb: number;
  peakMb: number;
  endMb: number;
  /** Processes seen in this role (restarts add one each). */
  processes: number;
  samples: number;
}

export interface RssSeries {
  /** Width of a bucket, seconds. */
  bucketSeconds: number;
  /** Start of each bucket, seconds since the sampler started. */
  t: number[];
  /** Per role, the largest sample of each bucket (null: no process of that role was sampled then). */
  byRole: Record<string, (number | null)[]>;
}

export interface RssSummary {
  roles: RoleRss[];
  series: RssSeries;
}

/** VmRSS of a process in MB, or undefined when it is gone (or not Linux). */
export function rssMbOf(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Child processes of `ppid` with their command lines (/proc scan). */
export function childrenOf(ppid: number): { pid: number; cmdline: string[] }[] {
  const out: { pid: number; cmdline: string[] }[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), in parentheses: state, ppid, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== ppid) continue;
      out.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** The worker processes a launcher started, with the worker index each was given (`--rank`). */
export function workersOfLauncher(launcherPid: number): { pid: number; index: number }[] {
  return childrenOf(launcherPid)
    .filter((c) => c.cmdline.includes('worker') && c.cmdline.includes('--rank'))
    .map((c) => ({ pid: c.pid, index: Number(c.cmdline[c.cmdline.indexOf('--rank') + 1]) }));
}

/** Samples every `intervalMs` the processes `targets()` names. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly t0 = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly targets: () => { role: string; pid: number }[],
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    const t = (Date.now() - this.t0) / 1000;
    for (const { role, pid } of this.targets()) {
      const mb = rssMbOf(pid);
      if (mb !== undefined) this.samples.push({ t, role, pid, mb });
    }
  }
}

/** Start, peak and end per role, and a coarse series of at most about `points` buckets. */
export function summarizeRss(samples: readonly RssSample[], points = 30): RssSummary {
  const roles = [...new Set(samples.map((s) => s.role))].sort(roleOrder);
  const summary: RoleRss[] = roles.map((role) => {
    const mine = samples.filter((s) => s.role === role);
    return {
      role,
      startMb: round1(mine[0].mb),
      peakMb: round1(Math.max(...mine.map((s) => s.mb))),
      endMb: round1(mine[mine.length - 1].mb),
      processes: new Set(mine.map((s) => s.pid)).size,
      samples: mine.length,
    };
  });
  const last = samples.length ? samples[samples.length - 1].t : 0;
  // Round bucket widths to 10 s steps: 10 s for a short soak, 2 min for an hour.
  const bucketSeconds = Math.max(10, Math.ceil(last / points / 10) * 10);
  const buckets = Math.floor(last / bucketSeconds) + 1;
  const t = Array.from({ length: buckets }, (_, i) => i * bucketSeconds);
  const byRole: Record<string, (number | null)[]> = {};
  for (const role of roles) byRole[role] = new Array<number | null>(buckets).fill(null);
  for (const s of samples) {
    const b = Math.floor(s.t / bucketSeconds);
    const cur = byRole[s.role][b];
    byRole[s.role][b] = cur === null ? round1(s.mb) : Math.max(cur, round1(s.mb));
  }
  return { roles: summary, series: { bucketSeconds, t, byRole } };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** launcher first, then workers by index. */
function roleOrder(a: string, b: string): number {
  const key = (r: string) => (r === 'launcher' ? -1 : Number(/\d+/.exec(r)?.[0] ?? 1e9));
  return key(a) - key(b) || a.localeCompare(b);
}
