/**
 * The coordinator's side of rank 0's run outputs: the files rank 0 makes (sample
 * grids, the export, evaluation snapshots and reports) arrive as pieces over the
 * protocol, and this writes them into the run folder. So a worker never needs to
 * see the run folder: by hand, under Slurm or in a Kubernetes pod, every output of
 * a run lands where its coordinator keeps the run.
 *
 * A file arrives whole or not at all: its pieces go to a hidden temporary file
 * beside it, which is renamed into place once the last piece is in and the file's
 * SHA-256 matches. Only the paths a run makes are accepted (ARTIFACT_PATHS), up
 * to MAX_ARTIFACT_BYTES each, one file at a time (rank 0 sends them one after the
 * other); anything else is refused with the reason, and nothing is written.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The files a run's rank 0 sends, relative to the run folder. */
export const ARTIFACT_PATHS: readonly RegExp[] = [
  /^samples\/step-\d{1,12}\.png$/,
  /^export\/((generator|discriminator)\/[A-Za-z0-9][A-Za-z0-9_.-]{0,63}|standin\.json)$/,
  /^eval\/step-\d{1,12}\/(config\.json|dataset\.json|report\.json|export\/generator\/[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/,
];

/** Largest file accepted (an export of a large model is a few hundred MB). */
export const MAX_ARTIFACT_BYTES = 2 * 1024 ** 3;

export interface ArtifactPieceIn {
  path: string;
  offset: number;
  totalBytes: number;
  last: boolean;
  sha256: string;
  bytes: Uint8Array;
}

/** What became of a piece: still coming, a whole file written, or refused (with why). */
export type ArtifactOutcome = { kind: 'partial' } | { kind: 'written'; file: string; bytes: number } | { kind: 'refused'; reason: string };

/** Why `path` is not a file a run makes, or '' when it is. */
export function artifactPathProblem(path: string): string {
  if (ARTIFACT_PATHS.some((re) => re.test(path))) return '';
  return `${JSON.stringify(path.slice(0, 100))} is not a file of a run folder (samples/step-N.png, export/{generator,discriminator}/<file>, eval/step-N/<file>)`;
}

interface OpenFile {
  path: string;
  /** Where it goes, and where it is written until then. */
  file: string;
  tmp: string;
  fd: number;
  written: number;
  totalBytes: number;
  hash: Hash;
}

export class ArtifactWriter {
  private open: OpenFile | undefined;

  constructor(private readonly root: string) {}

  /** Takes one piece; writes the file when it is the last one. Never throws. */
  receive(piece: ArtifactPieceIn): ArtifactOutcome {
    const problem = artifactPathProblem(piece.path);
    if (problem) return this.refuse(problem);
    if (piece.totalBytes > MAX_ARTIFACT_BYTES) return this.refuse(`${piece.path}: ${piece.totalBytes} bytes, more than the ${MAX_ARTIFACT_BYTES} an output may have`);
    if (piece.offset === 0) {
      // A new file; one still open was cut off (its sender was lost) and is dropped.
      this.abandon();
      try {
        this.open = this.create(piece);
      } catch (err) {
        return this.refuse(`${piece.path}: cannot write into the run folder (${(err as Error).message})`);
      }
    }
    const f = this.open;
    if (!f || f.path !== piece.path || f.written !== piece.offset || f.totalBytes !== piece.totalBytes) {
      const at = f ? `${f.path} at byte ${f.written} of ${f.totalBytes}` : 'no file';
      return this.refuse(`${piece.path}: a piece at byte ${piece.offset} of ${piece.totalBytes} does not follow ${at}`);
    }
    try {
      for (let at = 0; at < piece.bytes.length;) at += writeSync(f.fd, piece.bytes, at, piece.bytes.length - at);
    } catch (err) {
      return this.refuse(`${piece.path}: cannot write into the run folder (${(err as Error).message})`);
    }
    f.hash.update(piece.bytes);
    f.written += piece.bytes.length;
    if (!piece.last) return { kind: 'partial' };
    const digest = f.hash.digest('hex');
    if (f.written !== f.totalBytes || digest !== piece.sha256) {
      return this.refuse(`${piece.path}: ${f.written} of ${f.totalBytes} bytes arrived with SHA-256 ${digest.slice(0, 12)}..., the sender's is ${piece.sha256.slice(0, 12)}...`);
    }
    closeSync(f.fd);
    this.open = undefined;
    const { file } = f;
    try {
      renameSync(f.tmp, file);
    } catch (err) {
      rmSync(f.tmp, { force: true });
      return { kind: 'refused', reason: `${piece.path}: cannot move into place (${(err as Error).message})` };
    }
    return { kind: 'written', file, bytes: f.written };
  }

  /** Drops a file still coming (the run is over, or its sender is gone). */
  close(): void {
    this.abandon();
  }

  private create(piece: ArtifactPieceIn): OpenFile {
    const file = join(this.root, ...piece.path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    const tmp = join(dirname(file), `.${basename(file)}.partial`);
    return { path: piece.path, file, tmp, fd: openSync(tmp, 'w', 0o644), written: 0, totalBytes: piece.totalBytes, hash: createHash('sha256') };
  }

  private refuse(reason: string): ArtifactOutcome {
    this.abandon();
    return { kind: 'refused', reason };
  }

  private abandon(): void {
    const f = this.open;
    if (!f) return;
    this.open = undefined;
    try {
      closeSync(f.fd);
    } catch {
      // Already closed.
    }
    rmSync(f.tmp, { force: true });
  }
}
