/**
 * A job restarted (requeued, a pod replaced) before its first checkpoint finds a run
 * folder that holds a run but nothing to resume. A new coordinator would refuse it (a
 * new run must not mix with an old one), and the job would fail on every restart.
 * Instead the old attempt's files move, whole, to <run dir>/attempts/<UTC time>/,
 * where nothing of them is lost, and the job starts over in the emptied folder.
 */
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { listCheckpoints } from '@acgan/runs';

/** Where the attempt went, or undefined when the folder held none (no config.json) or has a checkpoint to resume. */
export function setAsideAttempt(runDir: string, now = new Date()): string | undefined {
  if (!existsSync(join(runDir, 'config.json'))) return undefined;
  if (listCheckpoints(join(runDir, 'checkpoints')).length > 0) return undefined;
  const to = join(runDir, 'attempts', now.toISOString().replace(/[:.]/g, '-'));
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(runDir)) if (name !== 'attempts') renameSync(join(runDir, name), join(to, name));
  return to;
}
