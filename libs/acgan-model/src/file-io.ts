// Saving and loading TF.js LayersModels on the local file system without tfjs-node.
// The files are the standard layers format (model.json with a weightsManifest + weights.bin)
// that a browser's tf.loadLayersModel(url) loads. registerFileRouter() makes plain
// tf.loadLayersModel('file:///abs/dir/model.json') and model.save('file:///abs/dir') work in
// Node when tfjs-node (which has its own file:// handler) is not loaded.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

function modelJsonPath(target: string): string {
  return target.endsWith('.json') ? target : path.join(target, MODEL_JSON);
}

/**
 * Writes `file` whole or not at all: a temporary file renamed over it. A failed write
 * (a full disk) removes the temporary file and leaves `file` as it was, never empty or torn.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** An IOHandler that saves to / loads from a directory (or a model.json path inside it). */
export function fileSystemHandler(target: string): tf.io.IOHandler {
  const jsonPath = modelJsonPath(target);
  const dir = path.dirname(jsonPath);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('fileSystemHandler: binary model topologies are not supported');
      }
      fs.mkdirSync(dir, { recursive: true });
      const weightData = artifacts.weightData ? new tf.io.CompositeArrayBuffer(artifacts.weightData).slice() : new ArrayBuffer(0);
      writeFileAtomic(path.join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      writeFileAtomic(jsonPath, JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData }) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
      } catch (e) {
        throw new Error(`cannot read TF.js model ${jsonPath}: ${(e as Error).message}`);
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const bytes = fs.readFileSync(path.resolve(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** Saves a LayersModel to dir (model.json + weights.bin). */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(fileSystemHandler(dir));
}

/** Loads a LayersModel from dir or dir/model.json. */
export function loadLayersModelFromFile(target: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystemHandler(target));
}

let routerRegistered = false;

function fileUrlToPath(url: string | string[]): string | null {
  if (Array.isArray(url) || !url.startsWith('file://')) return null;
  return url.slice('file://'.length);
}

/**
 * Lets tf.loadLayersModel('file://...') and model.save('file://...') use fileSystemHandler,
 * unless another file:// handler (tfjs-node's) is already registered. Idempotent.
 */
export function registerFileRouter(): void {
  if (routerRegistered) return;
  routerRegistered = true;
  if (tf.io.getLoadHandlers('file:///probe/model.json').length === 0) {
    tf.io.registerLoadRouter((url) => {
      const p = fileUrlToPath(url);
      return (p == null ? null : fileSystemHandler(p)) as tf.io.IOHandler;
    });
  }
  if (tf.io.getSaveHandlers('file:///probe').length === 0) {
    tf.io.registerSaveRouter((url) => {
      const p = fileUrlToPath(url);
      return (p == null ? null : fileSystemHandler(p)) as tf.io.IOHandler;
    });
  }
}
