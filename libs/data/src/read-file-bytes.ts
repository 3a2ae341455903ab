// Reads a whole data file as bytes, gunzipping it when its content is gzip
// (detected by the 1f 8b magic, not the name), with errors that name the file.

import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError, isErrno } from './errors.ts';

const gunzipAsync = promisify(gunzip);

export async function readFileBytes(file: string, what: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw new DataError('MISSING_PATH', `${file}: not found: expected ${what}`, { file, cause: err });
    throw new DataError('BAD_FORMAT', `${file}: cannot read ${what}: ${(err as Error).message}`, { file, cause: err });
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = await gunzipAsync(raw);
    } catch (err) {
      throw new DataError('TRUNCATED', `${file}: corrupt or truncated gzip data (${(err as Error).message}): expected a complete gzip file holding ${what}`, { file, cause: err });
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}
