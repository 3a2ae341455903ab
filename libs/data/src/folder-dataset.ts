// Reader for a folder of images, one subfolder per class (searched
// recursively), PNG / JPEG / WebP of any size. Class names are the sorted
// subfolder names; files within a class are sorted by path, so the record
// order is stable across machines.
//
// Decoding uses sharp (libvips), which runs each decode on libuv's thread
// pool, off the main thread. Each image is centre-cropped to a square and
// resized to spec.size (sharp's `fit: 'cover'`, lanczos3), alpha dropped,
// converted to sRGB or to gray as the spec says. Files are decoded on every
// read; for long runs, pack them once with prepareShards.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkIndices, closedError, type Batch, type Dataset } from './dataset.ts';
import { DataError, isErrno } from './errors.ts';
import { SCALE_TABLE } from './image-convert.ts';
import { checkImageSpec, imageBytes, type ImageSpec } from './image-spec.ts';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp']);

async function listImages(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listImages(p)));
    else if (IMAGE_EXT.has(path.extname(e.name).toLowerCase())) out.push(p);
  }
  return out;
}

/** How many images are decoded at once while checking a folder (sharp bounds the real parallelism). */
const CHECK_BATCH = 64;

export async function openFolder(dir: string, spec: ImageSpec, opts: { skipBad?: boolean } = {}): Promise<Dataset> {
  const image = checkImageSpec(spec);
  let entries;
  try {
    if (!(await stat(dir)).isDirectory()) throw new DataError('BAD_FORMAT', `${dir}: is a file: expected a folder with one subfolder per class`, { file: dir });
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw new DataError('MISSING_PATH', `${dir}: folder not found: expected a folder with one subfolder per class`, { file: dir, cause: err });
    throw err;
  }
  const classNames = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (classNames.length === 0) {
    throw new DataError('BAD_FORMAT', `${dir}: no class subfolders: expected one subfolder per class holding .png/.jpg/.jpeg/.webp images`, { file: dir });
  }
  const files: string[] = [];
  const labelList: number[] = [];
  for (let c = 0; c < classNames.length; c++) {
    const classDir = path.join(dir, classNames[c]);
    const images = await listImages(classDir);
    if (images.length === 0) {
      throw new DataError('EMPTY_CLASS', `${classDir}: class folder '${classNames[c]}' holds no image: expected at least one .png/.jpg/.jpeg/.webp file`, { file: classDir });
    }
    for (const f of images) {
      files.push(f);
      labelList.push(c);
    }
  }
  const { default: sharp } = await import('sharp');
  // Every file is decoded once per read: libvips' operation cache would only hold memory.
  sharp.cache(false);
  const outLen = imageBytes(image);

  async function decodeFile(file: string): Promise<Buffer> {
    const { data, info } = await sharp(file, { failOn: 'error' })
      .resize(image.size, image.size, { fit: 'cover' })
      .removeAlpha()
      .toColourspace(image.channels === 1 ? 'b-w' : 'srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (data.length !== outLen || info.channels !== image.channels) {
      throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}`);
    }
    return data;
  }

  // skipBad: every image is decoded once now, and those that fail are left out (the same
  // list on every rank: the folder is the same), so that no read fails later.
  const skipped: { file: string; reason: string }[] = [];
  if (opts.skipBad) {
    const bad = new Set<number>();
    for (let i = 0; i < files.length; i += CHECK_BATCH) {
      const chunk = files.slice(i, i + CHECK_BATCH);
      const results = await Promise.allSettled(chunk.map((f) => decodeFile(f)));
      results.forEach((r, j) => {
        if (r.status === 'rejected') {
          bad.add(i + j);
          skipped.push({ file: chunk[j], reason: (r.reason as Error).message.split('\n')[0] });
        }
      });
    }
    if (bad.size > 0) {
      // In place, without spreading (a folder of 100k+ images would overflow the call's arguments).
      let w = 0;
      for (let k = 0; k < files.length; k++) {
        if (bad.has(k)) continue;
        files[w] = files[k];
        labelList[w++] = labelList[k];
      }
      files.length = w;
      labelList.length = w;
      for (let c = 0; c < classNames.length; c++) {
        if (!labelList.includes(c))
          throw new DataError('EMPTY_CLASS', `${path.join(dir, classNames[c])}: every image of class '${classNames[c]}' is bad (${skipped.length} bad images in all)`, {
            file: dir,
          });
      }
    }
  }
  const labels = Int32Array.from(labelList);
  const description = `folder ${dir} (${files.length} images, ${classNames.length} classes, decoded to ${image.size}x${image.size}x${image.channels}${skipped.length > 0 ? `; ${skipped.length} bad images left out` : ''})`;

  async function decode(k: number): Promise<Buffer> {
    const file = files[k];
    try {
      return await decodeFile(file);
    } catch (err) {
      throw new DataError(
        'DECODE_FAILED',
        `${file}: record ${k}: cannot decode image (${(err as Error).message}): expected a valid PNG, JPEG or WebP file (--skip-bad-images leaves such files out)`,
        {
          file,
          record: k,
          cause: err,
        },
      );
    }
  }

  let closed = false;
  return {
    size: files.length,
    numClasses: classNames.length,
    classNames,
    spec: image,
    description,
    ...(skipped.length > 0 ? { skipped } : {}),
    async read(indices: ArrayLike<number>): Promise<Batch> {
      if (closed) throw closedError(description);
      checkIndices(indices, files.length, description);
      const images = new Float32Array(indices.length * outLen);
      const out = new Int32Array(indices.length);
      // All decodes are queued at once; sharp bounds the real parallelism by its thread pool.
      const decoded = await Promise.all(Array.from({ length: indices.length }, (_, i) => decode(indices[i])));
      for (let i = 0; i < decoded.length; i++) {
        const px = decoded[i];
        const o = i * outLen;
        for (let j = 0; j < outLen; j++) images[o + j] = SCALE_TABLE[px[j]];
        out[i] = labels[indices[i]];
      }
      return { images, labels: out };
    },
    async close() {
      closed = true;
    },
  };
}
