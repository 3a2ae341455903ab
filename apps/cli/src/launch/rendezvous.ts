/**
 * Where a task of a cluster job stands, from the flags and the environment that the
 * engine sets (as torchrun reads MASTER_ADDR, RANK, WORLD_SIZE and LOCAL_RANK):
 *
 * - ours, any engine:  ACGAN_COORDINATOR (tcp://host:port or host:port), ACGAN_RANK,
 *   ACGAN_WORLD_SIZE, ACGAN_LOCAL_RANK, and the CURVE key files ACGAN_CURVE_KEYS (the
 *   coordinator's pair), ACGAN_CURVE_SERVER_KEY (its public key, for the workers),
 *   ACGAN_CURVE_ALLOW (the workers' public keys);
 * - Slurm (a step of srun or sbatch): SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, the first
 *   host of SLURM_JOB_NODELIST hosts the coordinator, on --port or a port from SLURM_JOB_ID.
 *
 * Flags win over our variables, which win over Slurm's. Rank 0 hosts the coordinator.
 */

export interface Rendezvous {
  /** Where the values came from, for the log. */
  engine: 'flags' | 'env' | 'slurm';
  /** The coordinator's endpoint, tcp://host:port. */
  coordinator: string;
  rank: number;
  worldSize: number;
  /** The task's index on its node: its GPU. */
  localRank: number;
  curve: { keys?: string; serverKey?: string; allow?: string };
}

export interface RendezvousFlags {
  coordinator?: string;
  rank?: string;
  worldSize?: string;
  localRank?: string;
  port?: string;
}

/** Slurm's compressed host lists as `scontrol show hostnames` expands them: `gpu[01-03,07],login1` -> gpu01 gpu02 gpu03 gpu07 login1. */
export function expandHostlist(list: string): string[] {
  const hosts: string[] = [];
  // Split on commas outside brackets.
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) throw new Error(`host list ${JSON.stringify(list)}: unbalanced or nested brackets`);
  }
  if (depth !== 0) throw new Error(`host list ${JSON.stringify(list)}: unbalanced brackets`);
  parts.push(list.slice(start));
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^[\]]*)\[([^\]]+)\]([^[\]]*)$/.exec(part);
    if (!m) {
      if (/[[\]]/.test(part)) throw new Error(`host list ${JSON.stringify(list)}: cannot read ${JSON.stringify(part)}`);
      hosts.push(part);
      continue;
    }
    const [, prefix, ranges, suffix] = m;
    for (const range of ranges.split(',')) {
      const r = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
      if (!r) throw new Error(`host list ${JSON.stringify(list)}: ${JSON.stringify(range)} is not a number or a range`);
      const [lo, hi] = [Number(r[1]), Number(r[2] ?? r[1])];
      if (hi < lo || hi - lo > 100_000) throw new Error(`host list ${JSON.stringify(list)}: range ${range} is backwards or too long`);
      // Zero padding follows the lower bound's width (gpu[008-010]).
      for (let n = lo; n <= hi; n++) hosts.push(`${prefix}${String(n).padStart(r[1].length, '0')}${suffix}`);
    }
  }
  return hosts;
}

function integer(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) throw new Error(`${name}=${JSON.stringify(raw)}: expected an integer >= ${min}`);
  return n;
}

/** tcp://host:port from `host:port` or an endpoint; the port must be given. */
function endpointOf(name: string, raw: string): string {
  const v = raw.startsWith('tcp://') ? raw : `tcp://${raw}`;
  if (!/^tcp:\/\/(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/.test(v)) throw new Error(`${name}=${JSON.stringify(raw)}: expected tcp://<host>:<port> or <host>:<port>`);
  return v;
}

/** Resolves this task's place in the job; throws naming the missing or bad value and where it could come from. */
export function resolveRendezvous(flags: RendezvousFlags, env: Record<string, string | undefined>): Rendezvous {
  const slurm = env.SLURM_PROCID !== undefined && env.SLURM_PROCID !== '';
  const ours = env.ACGAN_COORDINATOR !== undefined || env.ACGAN_RANK !== undefined || env.ACGAN_WORLD_SIZE !== undefined;
  const engine: Rendezvous['engine'] = flags.coordinator !== undefined ? 'flags' : ours ? 'env' : slurm ? 'slurm' : 'flags';

  const rank = integer('--rank', flags.rank, 0) ?? integer('ACGAN_RANK', env.ACGAN_RANK, 0) ?? (slurm ? integer('SLURM_PROCID', env.SLURM_PROCID, 0) : undefined);
  const worldSize =
    integer('--world-size', flags.worldSize, 1) ?? integer('ACGAN_WORLD_SIZE', env.ACGAN_WORLD_SIZE, 1) ?? (slurm ? integer('SLURM_NTASKS', env.SLURM_NTASKS, 1) : undefined);
  const localRank =
    integer('--local-rank', flags.localRank, 0) ??
    integer('ACGAN_LOCAL_RANK', env.ACGAN_LOCAL_RANK, 0) ??
    (slurm ? integer('SLURM_LOCALID', env.SLURM_LOCALID, 0) : undefined) ??
    0;
  let coordinator: string | undefined;
  if (flags.coordinator !== undefined) coordinator = endpointOf('--coordinator', flags.coordinator);
  else if (env.ACGAN_COORDINATOR) coordinator = endpointOf('ACGAN_COORDINATOR', env.ACGAN_COORDINATOR);
  else if (slurm) {
    const list = env.SLURM_JOB_NODELIST || env.SLURM_NODELIST;
    if (!list) throw new Error('a Slurm step without SLURM_JOB_NODELIST: cannot tell which host runs the coordinator (set ACGAN_COORDINATOR or --coordinator)');
    const host = expandHostlist(list)[0];
    const job = integer('SLURM_JOB_ID', env.SLURM_JOB_ID, 0);
    const port = integer('--port', flags.port, 1) ?? (job !== undefined ? 20_000 + (job % 20_000) : undefined);
    if (port === undefined || port > 65_535) throw new Error('no coordinator port: give --port (SLURM_JOB_ID is not set)');
    coordinator = `tcp://${host}:${port}`;
  }
  const missing = [
    coordinator === undefined ? 'the coordinator (--coordinator, ACGAN_COORDINATOR, or a Slurm step)' : '',
    rank === undefined ? 'the rank (--rank, ACGAN_RANK, SLURM_PROCID)' : '',
    worldSize === undefined ? 'the world size (--world-size, ACGAN_WORLD_SIZE, SLURM_NTASKS)' : '',
  ].filter(Boolean);
  if (missing.length > 0) throw new Error(`acgan launch cannot tell ${missing.join(', ')}`);
  if (rank! >= worldSize!) throw new Error(`rank ${rank} is not below the world size ${worldSize}`);
  const curve = {
    ...(env.ACGAN_CURVE_KEYS ? { keys: env.ACGAN_CURVE_KEYS } : {}),
    ...(env.ACGAN_CURVE_SERVER_KEY ? { serverKey: env.ACGAN_CURVE_SERVER_KEY } : {}),
    ...(env.ACGAN_CURVE_ALLOW ? { allow: env.ACGAN_CURVE_ALLOW } : {}),
  };
  return { engine, coordinator: coordinator!, rank: rank!, worldSize: worldSize!, localRank, curve };
}

/** Where the coordinator binds: its own address when that is loopback, else every interface. */
export function bindFor(coordinator: string): string {
  const m = /^tcp:\/\/(.+):(\d+)$/.exec(coordinator)!;
  const loopback = m[1] === 'localhost' || m[1].startsWith('127.') || m[1] === '[::1]';
  return loopback ? coordinator : `tcp://0.0.0.0:${m[2]}`;
}
