/**
 * @module
 * The checks of the pipeline stage: reachable, checksum, format. When the pipeline ran to the end
 * they pass with what it measured; a pipeline failure is turned into their failures by
 * {@link pipelineFailureResults} (./pipeline-failure.ts) instead.
 */
import type { ImageCheck } from './check-types.js';
import { sizeText } from './check-text.js';

/** Check ids of the pipeline stage, in report order. */
export const SOURCE_CHECK_IDS = ['source.reachable', 'source.checksum', 'format.detected'] as const;
export type SourceCheckId = (typeof SOURCE_CHECK_IDS)[number];

/** The image was fetched whole over HTTPS with the profile's trust. */
export const sourceReachable: ImageCheck = {
  id: 'source.reachable',
  needs: [],
  run: ({ facts, source }) => ({
    status: 'pass',
    message: `fetched ${facts.hostedBytes} bytes from ${source.url}, trusting ${
      source.trust === 'profile' ? "only the profile's certificate" : "the system's certificate authorities"
    }`,
    evidence: { url: source.url, trust: source.trust, hostedBytes: facts.hostedBytes },
  }),
};

/** The sha256 of the hosted bytes equals the profile's. */
export const sourceChecksum: ImageCheck = {
  id: 'source.checksum',
  needs: [],
  run: ({ facts }) => ({
    status: 'pass',
    message: `sha256 ${facts.sha256} matches the profile`,
    evidence: { sha256: facts.sha256 },
  }),
};

/** The compression and image format were recognised; the chain is reported. */
export const formatDetected: ImageCheck = {
  id: 'format.detected',
  needs: [],
  run: ({ facts }) => ({
    status: 'pass',
    message: `format ${facts.formatChain.join(' > ')}, disk of ${sizeText(facts.virtualSize)}`,
    evidence: { formatChain: [...facts.formatChain], virtualSize: facts.virtualSize },
  }),
};
