/**
 * The image engine's public surface: orchd (validation, cache) and en-agent (disk write) import
 * from here only (the layering lint, scripts/lint/layer-boundaries.js, refuses deeper paths from
 * outside src/image; tests may reach inside). One pipeline, many sinks (docs/architecture.md, principle 2):
 * `runImagePipeline({ source: createImageSource(url, ...), expectedSha256, sink: openDiskSink(...) })`.
 * @module
 */

// --- the pipeline and what it reports ---
export { runImagePipeline } from './pipeline/run-image-pipeline.js';
export type { ImagePipelineOptions } from './pipeline/run-image-pipeline.js';
export type { HostedTap } from './pipeline/hosted-tap.js';
export type { PipelineLimits } from './pipeline/pipeline-limits.js';
export { createScratchBudget } from './validate/scratch-budget.js';
export { sweepScratchLeftovers } from './validate/scratch-file.js';
export type { ScratchBudget, ScratchBudgetOptions } from './validate/scratch-budget.js';
export type { PipelineResult } from './pipeline/pipeline-result.js';
export { createDiscardSink } from './pipeline/discard-sink.js';
export type { DiscardReport, DiscardSink } from './pipeline/discard-sink.js';
export { openFileSink } from './pipeline/file-sink.js';
export type { FileSinkReport } from './pipeline/file-sink.js';
export { createProgressTracker } from './progress/progress-tracker.js';
export type { ProgressTracker, ProgressTrackerOptions } from './progress/progress-tracker.js';
export { PROGRESS_STAGES } from './progress/progress-event.js';
export type { ProgressEvent, ProgressStage } from './progress/progress-event.js';
export { extentLength } from './extent.js';
export type { Extent } from './extent.js';

// --- content detection and decoders ---
export { identify, COMPRESSIONS, IMAGE_FORMATS, SNIFF_HEAD_BYTES } from './codec/format-magic.js';
export type { Compression, Identified, ImageFormat } from './codec/format-magic.js';
export { formatChainText, sniff } from './codec/sniff.js';
export type { Detected } from './codec/sniff.js';
export { checkDeclaredFormat } from './codec/declared-format.js';
export type { DeclaredFormat } from './codec/declared-format.js';
export { createDecoderFactory, whichOnPath } from './codec/decoder-factory.js';
export type {
  DecoderFactory,
  DecoderFactoryOptions,
  DecoderPreference,
  Which,
} from './codec/decoder-factory.js';
export type { Decoder, DecoderPath } from './codec/decoder.js';

// --- the stages' own modules ---
export * from './source/index.js';
export { openDiskSink, createDiskSink } from './sink/disk-sink.js';
export { blockDeviceSize } from './sink/probe-disk-target.js';
export type { DiskSink, DiskSinkOptions, DiskSinkReport } from './sink/disk-sink.js';
export type { ImageSink, SinkReport } from './sink/image-sink.js';
export { isQcow2, openQcow2 } from './qcow2/open-qcow2.js';
export type { OpenQcow2Options, Qcow2Header, Qcow2Image } from './qcow2/open-qcow2.js';
export { createGpt } from './gpt/gpt-create.js';
export type { CreateGptOptions, CreatedGpt, GptPartitionSpec } from './gpt/gpt-create.js';
export { validateGpt } from './gpt/gpt-validate.js';
export type { GptReport } from './gpt/gpt-validate.js';
export { relocateBackupGpt } from './gpt/gpt-relocate.js';
export { writeGptTable, usableRange } from './gpt/gpt-table-write.js';
export type { GptTableInput } from './gpt/gpt-table-write.js';
export type { GptEntry } from './gpt/gpt-entry.js';
export type { GptPartitionInfo } from './gpt/gpt-validate.js';
export { gptRegionsToRead } from './gpt/disk-region.js';
export type { DiskRegion } from './gpt/disk-region.js';
export { PARTITION_TYPES, partitionTypeOf } from './gpt/partition-types.js';
export * from './fs/index.js';
export * from './authenticode/index.js';
export * from './validate/index.js';
export * from './verity/index.js';
