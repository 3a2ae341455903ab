/**
 * `acgan bench link`: which wire dtype to use between hosts. Runs the allreduce
 * benchmark (allreduce-bench.ts) with each worker on a stand-in host of its own
 * (a network namespace, netns-hosts.ts) whose link is shaped to `rate` in both
 * directions, once per wire dtype, and compares each with f32. On loopback the
 * 16-bit dtypes lose (converting costs more than the bytes saved); on a link
 * slower than the conversion they should win by up to 2x. Needs root and
 * iproute2.
 *
 *   npx acgan bench link --rate 1gbit --size-mb 24 --json
 */
import type { WireDtype } from '@acgan/protocol';
import { runAllreduceBench } from './allreduce-bench.ts';
import { createNetnsHosts, netnsUnavailable } from './netns-hosts.ts';

export interface LinkBenchOptions {
  workers?: number;
  sizeMb?: number;
  rounds?: number;
  /** tc rate of every link, e.g. "1gbit" or "500mbit". */
  rate?: string;
  wireDtypes?: WireDtype[];
  onProgress?: (line: string) => void;
}

/** Bits per second of a tc rate such as "1gbit", "500mbit", "100kbit". */
export function parseRate(rate: string): number {
  const m = /^(\d+(?:\.\d+)?)(k|m|g)?bit$/.exec(rate);
  if (!m) throw new Error(`--rate ${JSON.stringify(rate)}: expected a number with kbit, mbit or gbit, e.g. 1gbit`);
  const unit: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, '': 1 };
  return Number(m[1]) * unit[m[2] ?? ''];
}

export async function runLinkBench(opts: LinkBenchOptions = {}): Promise<Record<string, unknown>> {
  const workers = opts.workers ?? 2;
  const sizeMb = opts.sizeMb ?? 24;
  const rounds = opts.rounds ?? 4;
  const rate = opts.rate ?? '1gbit';
  const bitsPerS = parseRate(rate);
  const dtypes = opts.wireDtypes ?? ['f32', 'f16', 'bf16'];
  const log = opts.onProgress ?? (() => undefined);
  const why = netnsUnavailable();
  if (why) throw new Error(`bench link needs network namespaces (root and iproute2): ${why}`);
  // Subnets 10.231.101.0/24 and up: clear of createNetnsHosts' default ones, which tests use.
  const { hosts, remove } = createNetnsHosts(workers, { rate, subnetBase: 101 });
  const runs: Record<string, unknown>[] = [];
  try {
    for (const wireDtype of dtypes) {
      const r = await runAllreduceBench({ workers, sizeMb, rounds, wireDtype, hosts });
      runs.push(r);
      log(`${wireDtype}: ${r.allreduce_ms} ms per allreduce over ${rate} links`);
    }
  } finally {
    remove();
  }
  const f32 = runs.find((r) => r.wire_dtype === 'f32');
  const bytesPerValue: Record<string, number> = { f32: 4, f16: 2, bf16: 2 };
  return {
    bench: 'link',
    workers,
    size_mb: sizeMb,
    rate,
    rounds,
    runs: runs.map((r) => ({
      wire_dtype: r.wire_dtype,
      allreduce_ms: r.allreduce_ms,
      allreduce_ms_per_round: r.allreduce_ms_per_round,
      // One direction of one link carrying this dtype's bytes: what the link alone costs.
      link_ms: Math.round(((sizeMb * 1e6 * (bytesPerValue[r.wire_dtype as string] / 4) * 8) / bitsPerS) * 1000),
      speedup_vs_f32: f32 ? Math.round(((f32.allreduce_ms as number) / (r.allreduce_ms as number)) * 1000) / 1000 : null,
    })),
  };
}
