// Command-line entry for the exchange benchmark (the `acgan bench exchange` app
// command calls runExchangeBench directly). Prints the result as JSON.
//
//   node --import tsx libs/protocol/src/bench/run-exchange-bench.ts [--sizeMb=96] [--repeats=5]
//     [--wireDtype=f32|f16|bf16] [--transport=ipc|tcp] [--chunkMb=0.25,1,4,16,96]
//     [--sendBufferSize=<bytes>] [--receiveBufferSize=<bytes>] [--hwm=<messages>]
//   Allocator experiments: prefix e.g. MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824
//   (both processes inherit it; results recorded in malloc_env; inconclusive so far on the shared box).
import { runExchangeBench, type ExchangeBenchOptions } from './exchange-bench.ts';
import type { WireDtype } from '../tensor-codec.ts';

const flags = new Map(
  process.argv.slice(2).map((arg) => {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`expected --key=value, got ${arg}`);
    return [m[1], m[2]] as const;
  }),
);
const known = ['sizeMb', 'repeats', 'wireDtype', 'transport', 'chunkMb', 'sendBufferSize', 'receiveBufferSize', 'hwm'];
for (const key of flags.keys()) if (!known.includes(key)) throw new Error(`unknown flag --${key}; known: ${known.join(', ')}`);

const num = (key: string): number | undefined => (flags.has(key) ? Number(flags.get(key)) : undefined);
const opts: ExchangeBenchOptions = {
  sizeMb: num('sizeMb'),
  repeats: num('repeats'),
  wireDtype: flags.get('wireDtype') as WireDtype | undefined,
  transport: flags.get('transport') as 'ipc' | 'tcp' | undefined,
  chunkMb: flags.get('chunkMb')?.split(',').map(Number),
  transportOptions: {
    sendBufferSize: num('sendBufferSize'),
    receiveBufferSize: num('receiveBufferSize'),
    sendHighWaterMark: num('hwm'),
    receiveHighWaterMark: num('hwm'),
  },
};
console.log(JSON.stringify(await runExchangeBench(opts), null, 2));
