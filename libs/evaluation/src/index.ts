// Public surface of @acgan/evaluation: scores a run's exported generator (class accuracy,
// diversity and Frechet distance in a real-data classifier's feature space) against real baselines.
export { CLASSIFIER_VERSION, evaluateRun, formatReport, generateImages, readRunFacts, type ClassScore, type EvaluateOptions, type EvaluationReport } from './evaluate.ts';
export {
  accuracy,
  buildClassifier,
  DEFAULT_CLASSIFIER_TRAINING,
  FEATURE_DIM,
  FEATURES_LAYER,
  runClassifier,
  trainClassifier,
  type ClassifierOutput,
  type ClassifierShape,
  type ClassifierTraining,
  type LabelledImages,
} from './classifier.ts';
export { HOLDOUT_FRACTION, hasTestSplit, loadRealSplits, type RealSplits } from './real-data.ts';
export { featureStats, frechetDistance, meanPairwiseDistance, sqrtPsd, symmetricEigen, type FeatureSet, type FeatureStats, type Matrix } from './statistics.ts';
