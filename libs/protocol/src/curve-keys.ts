// CURVE key files as `acgan keys` writes them (<prefix>.key secret, <prefix>.pub
// public, one Z85 line each) and the coordinator's allow-list file (one Z85
// public key per line, optionally followed by words such as a name; a line
// starting with '#' is a comment), turned into CurveOptions. Every
// error names the flag and the file.
import { readFileSync } from 'node:fs';
import type { CurveOptions } from './transport.ts';
import { isZ85Key } from './z85.ts';

/** The config keys that switch CURVE on (see libs/config: --curve-keys, --curve-server-key, --curve-allow). */
export interface CurveFiles {
  curveKeys: string;
  curveServerKey: string;
  curveAllow: string;
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${flag}: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** One Z85 key (40 characters) from a .key or .pub file. */
export function readCurveKeyFile(path: string, flag: string): string {
  const key = readText(path, flag).trim();
  if (!isZ85Key(key)) {
    throw new Error(`${flag}: ${path} does not hold a CURVE key (expected 40 Z85 characters as written by \`acgan keys\`, got ${key.length} characters)`);
  }
  return key;
}

/** The public keys of an allow-list file: one per line, blank lines and '#' comments ignored. */
export function readAllowList(path: string, flag = '--curve-allow'): string[] {
  const keys: string[] = [];
  readText(path, flag)
    .split(/\r?\n/)
    .forEach((raw, i) => {
      // '#' is a Z85 character (a key may start with it), so a comment is a line
      // whose first word is not a key and starts with '#'; words after a key are ignored.
      const line = raw.trim().split(/\s+/)[0];
      if (line === '' || (line.startsWith('#') && !isZ85Key(line))) return;
      if (!isZ85Key(line)) throw new Error(`${flag}: ${path} line ${i + 1} is not a CURVE public key (expected 40 Z85 characters, got ${JSON.stringify(line.slice(0, 60))})`);
      keys.push(line);
    });
  if (keys.length === 0) throw new Error(`${flag}: ${path} lists no public keys, so no worker could connect`);
  return keys;
}

/**
 * The coordinator's CURVE options, or undefined when --curve-keys is empty (plaintext).
 * CURVE on requires an allow-list: without one any client could connect.
 */
export function serverCurveFromFiles(files: CurveFiles): CurveOptions | undefined {
  if (files.curveKeys === '') {
    if (files.curveAllow !== '') throw new Error('--curve-allow needs --curve-keys <prefix> (the coordinator key pair written by `acgan keys`)');
    return undefined;
  }
  if (files.curveAllow === '') throw new Error("--curve-keys is set, so --curve-allow <file> is required (the workers' public keys, one per line)");
  return {
    serverPublicKey: readCurveKeyFile(`${files.curveKeys}.pub`, '--curve-keys'),
    serverSecretKey: readCurveKeyFile(`${files.curveKeys}.key`, '--curve-keys'),
    allowedClientKeys: readAllowList(files.curveAllow),
  };
}

/** A worker's CURVE options, or undefined when --curve-server-key is empty (plaintext). */
export function clientCurveFromFiles(files: CurveFiles): CurveOptions | undefined {
  if (files.curveServerKey === '') {
    if (files.curveKeys !== '') throw new Error('--curve-keys needs --curve-server-key <coordinator .pub file> on a worker');
    return undefined;
  }
  if (files.curveKeys === '')
    throw new Error("--curve-server-key is set, so --curve-keys <prefix> is required (this worker's key pair written by `acgan keys`, its .pub in the coordinator's allow-list)");
  return {
    serverPublicKey: readCurveKeyFile(files.curveServerKey, '--curve-server-key'),
    clientPublicKey: readCurveKeyFile(`${files.curveKeys}.pub`, '--curve-keys'),
    clientSecretKey: readCurveKeyFile(`${files.curveKeys}.key`, '--curve-keys'),
  };
}
