// Public surface of @acgan/tensor-types: the tensor record shared by the model, the
// protocol and the run folder, and its shape helpers. Pure TypeScript, no dependencies.
export { sameShape, shapeSize, type NamedTensor } from './named-tensor.ts';
