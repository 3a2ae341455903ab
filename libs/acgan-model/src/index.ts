// Public surface of @acgan/model: the ACGAN networks, the split train step, state and
// checksums, backend selection (with the wasm and webgpu training kernels), export and sample grids.
export type { ModelConfig, TrainHyper } from './model-config.ts';
export { DEFAULT_TRAIN_HYPER, ARTICLE_MODEL_CONFIG, validateModelConfig, validateTrainHyper } from './model-config.ts';
export type { LayoutEntry } from './gradient-layout.ts';
export { AcganTrainer, type Phase, type StepContext, type TrainBatch } from './acgan-trainer.ts';
export { buildDiscriminator, buildGenerator } from './build-networks.ts';
export { summarizeModel, type LayerSummary, type ModelSummary } from './model-summary.ts';
export { sampleLatent } from './keyed-random.ts';
export { encodeSampleGrid, writeSampleGrid } from './sample-grid.ts';
export { fileSystemHandler, loadLayersModelFromFile, registerFileRouter, saveLayersModel } from './file-io.ts';
export { initBackend, type BackendChoice, type BackendRequest } from './init-backend.ts';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm-training-kernels.ts';
export { WEBGPU_TRAINING_KERNELS } from './webgpu-training-kernels.ts';
export { describeAdapter, listWebgpuAdapters, parseAdapterList, requestWebgpuAdapter, WEBGPU_ADAPTER_ENV, WebgpuUnavailable, type WebgpuAdapterInfo } from './webgpu-backend.ts';
export { BENCH_CONFIGS, runStepBench, type BenchConfig, type KernelTime, type StepBenchOptions, type StepBenchResult } from './step-bench.ts';
