/**
 * The disk of the soak's run folder: a small tmpfs mounted as the run folder (root
 * only), filled with a file until writes fail, and freed again. Where it cannot
 * mount (not root, no CAP_SYS_ADMIN), the disk-full fault is skipped and the
 * report says why.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const FILL_FILE = 'soak-disk-fill';

/** Mounts a tmpfs of `sizeMb` at `dir` (which must exist); returns why not, or '' when mounted. */
export function mountTmpfs(dir: string, sizeMb: number): string {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: mounting a tmpfs needs root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'acgan-soak', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    return '';
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return `mount -t tmpfs failed: ${stderr || (err as Error).message}`;
  }
}

/** Unmounts `dir`; a busy mount is detached lazily (`umount -l`). Returns what went wrong, or ''. */
export function unmount(dir: string): string {
  try {
    execFileSync('umount', [dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    return '';
  } catch (err) {
    try {
      execFileSync('umount', ['-l', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      return '';
    } catch (err2) {
      return `umount ${dir} failed: ${(err as Error).message}; umount -l: ${(err2 as Error).message}`;
    }
  }
}

/** Fills the file system of `dir` with one file until a write fails (ENOSPC); returns the bytes written. */
export function fillDisk(dir: string): number {
  const fd = openSync(join(dir, FILL_FILE), 'w');
  const block = Buffer.alloc(1024 * 1024);
  let written = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
      written += n;
      if (n < block.length) {
        // The last partial block: fill the remainder byte-exactly, then stop at ENOSPC.
        try {
          for (;;) written += writeSync(fd, block, 0, 4096);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

export function freeDisk(dir: string): void {
  rmSync(join(dir, FILL_FILE), { force: true });
}
