// Loads the native part (build/shm.node, built by scripts/build.mjs) once; everything
// that needs it asks `native()` and falls back, saying why, when it is not there.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface NativeShm {
  /** An ArrayBuffer over a MAP_SHARED mapping of `path` (created O_EXCL, mode 0600, when `create`). */
  map(path: string, bytes: number, create: boolean): ArrayBuffer;
  /** out[i] = f32(f32(sum of inputs in order) * inv) for i in [from, to); whether every result is finite. */
  meanInto(out: Float32Array, inputs: readonly Float32Array[], inv: number, from: number, to: number): boolean;
}

/** Where the build puts the addon. */
export const NATIVE_PATH = fileURLToPath(new URL('../build/shm.node', import.meta.url));

let loaded: { module?: NativeShm; why?: string } | undefined;

/** The addon, or undefined with `nativeUnavailable()` saying why. */
export function native(): NativeShm | undefined {
  loaded ??= load();
  return loaded.module;
}

/** Why the addon is not available ('' when it is). */
export function nativeUnavailable(): string {
  loaded ??= load();
  return loaded.why ?? '';
}

function load(): { module?: NativeShm; why?: string } {
  if (process.platform !== 'linux') return { why: `shared memory needs Linux, this is ${process.platform}` };
  if (!existsSync(NATIVE_PATH)) return { why: `${NATIVE_PATH} is not built (a C compiler is needed: node libs/shm/scripts/build.mjs)` };
  try {
    return { module: createRequire(import.meta.url)(NATIVE_PATH) as NativeShm };
  } catch (err) {
    return { why: `${NATIVE_PATH} does not load: ${(err as Error).message.split('\n')[0]} (rebuild it: node libs/shm/scripts/build.mjs --force)` };
  }
}
