/**
 * The repository's Dockerfile, read as instructions (no Docker here to build it): what
 * the tests check of it without building it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './manifests.ts';

export interface Instruction {
  op: string;
  /** The rest of the instruction, continuation lines joined. */
  rest: string;
  line: number;
}

/** Instructions in order: comments and blank lines dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(#|$)/.test(lines[i])) continue;
    const line = i + 1;
    let body = lines[i];
    while (/\\\s*$/.test(body) && i + 1 < lines.length) {
      i++;
      if (/^\s*#/.test(lines[i])) continue;
      body = body.replace(/\\\s*$/, ' ') + lines[i];
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/s.exec(body);
    if (!m) throw new Error(`Dockerfile line ${line}: cannot read ${JSON.stringify(body)}`);
    out.push({ op: m[1].toUpperCase(), rest: m[2].trim(), line });
  }
  return out;
}

/** The sources of a COPY/ADD (its last word is the destination); the JSON form too. */
export function copySources(rest: string): { from?: string; sources: string[] } {
  const words = rest.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const w = words.shift()!;
    if (w.startsWith('--from=')) from = w.slice('--from='.length);
  }
  const list: string[] = words.join(' ').startsWith('[') ? JSON.parse(words.join(' ')) : words;
  return { from, sources: list.slice(0, -1) };
}

/** A .dockerignore's patterns that would drop `path` (plain paths and `**` prefixes only: all this repository's file uses). */
export function ignoredBy(dockerignore: string, path: string): string[] {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  return dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .filter((pat) => {
      const p = pat.replace(/^\/|\/$/g, '');
      if (p.startsWith('**/')) return clean.split('/').includes(p.slice(3));
      return clean === p || clean.startsWith(p + '/');
    });
}

export const readRepo = (p: string) => readFileSync(join(REPO, p), 'utf8');
export const existsInRepo = (p: string) => existsSync(join(REPO, p));
