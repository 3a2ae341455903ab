/**
 * The top level of every program: runs a command and turns errors into one
 * clear line and an exit code (2 for bad usage or config, 1 for failures).
 * Only this level logs an error and decides the exit code.
 */
import { ConfigError } from './config-error.ts';

export async function runEntryPoint(program: string, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${program}: ${err.message}`);
      return 2;
    }
    const e = err as Error & { code?: string };
    console.error(`${program}: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
    if (process.env.ACGAN_DEBUG) console.error(e.stack);
    return 1;
  }
}
