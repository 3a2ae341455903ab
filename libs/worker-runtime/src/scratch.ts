/**
 * Rank 0's local scratch space: files it makes before sending them to the
 * coordinator (the export, evaluation snapshots). Nothing here is a run output.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/** Every file under `dir` as [path relative to dir, '/'-separated, sorted; its bytes]. */
export function filesUnder(dir: string): [string, Buffer][] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
    .map((rel) => [rel, readFileSync(join(dir, ...rel.split('/')))]);
}

/** A fresh folder under the system's temporary folder, and its removal. */
export function scratchFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
