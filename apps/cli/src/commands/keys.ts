/**
 * `acgan keys <name>`: writes a CURVE key pair, <name>.key (secret, mode 0600)
 * and <name>.pub (public, Z85 text), for encrypted, authenticated runs across hosts.
 *
 *   npx acgan keys secrets/coordinator
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from '@acgan/config';
import { curveKeyPair } from 'zeromq';

export const KEYS_HELP = `Usage: npx acgan keys <name> [--force]

Writes <name>.key (CURVE secret key, mode 0600) and <name>.pub (public key), both
Z85 text. Refuses to overwrite existing files unless --force.

Use (README "Security"): the coordinator runs with --curve-keys <its name>
--curve-allow <file listing the workers' .pub keys, one per line>; each worker
with --curve-keys <its name> --curve-server-key <the coordinator's .pub>. Only
.pub files travel between hosts; a .key never leaves its host.`;

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help', 'force']));
  if (flags.has('help')) {
    console.log(KEYS_HELP);
    return 0;
  }
  const name = positional[0];
  if (!name || positional.length > 1) throw new Error(`keys needs exactly one <name>, got ${JSON.stringify(positional)}`);
  for (const k of flags.keys()) if (k !== 'force') throw new Error(`keys: unknown flag --${k} (see --help)`);
  const secretPath = `${name}.key`;
  const publicPath = `${name}.pub`;
  if (!flags.has('force')) {
    for (const p of [secretPath, publicPath]) if (existsSync(p)) throw new Error(`${p} exists; pass --force to overwrite it`);
  }
  mkdirSync(dirname(secretPath), { recursive: true });
  const pair = curveKeyPair();
  writeFileSync(secretPath, pair.secretKey + '\n', { mode: 0o600 });
  writeFileSync(publicPath, pair.publicKey + '\n');
  console.log(JSON.stringify({ secret: secretPath, public: publicPath, publicKey: pair.publicKey }));
  return 0;
}
