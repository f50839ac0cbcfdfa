/**
 * The producer's configuration (ProducerConfig values the scenario resolved), its requests in
 * flight and its counters. Types and plain data only; the behaviour is in producer.ts.
 */
import type { Timer } from '../../engine/index.ts';
import { LatencyHistogram } from '../../metrics/histogram.ts';
import type { LinkClass } from '../hardware/network.ts';
import type { AccumulatorSpec, Batch } from './accumulator.ts';
import type { RateStep } from './arrivals.ts';
import type { Message } from './messages.ts';

export interface ProducerSpec {
  clientId: string;
  topic: string;
  nodeName: string;
  producerId: number;
  brokerIds: number[];
  partitionNames: string[];
  accumulator: AccumulatorSpec;
  rateSteps: RateStep[];
  poissonArrivals: boolean;
  acks: 0 | 1 | -1;
  idempotent: boolean;
  maxInFlight: number;
  requestTimeoutUs: number;
  retries: number;
  retryBackoffUs: number;
  retryBackoffMaxUs: number;
  /** KIP-580 exponential backoff with jitter (3.7+). */
  exponentialBackoff: boolean;
  /** KIP-951: error responses carry the new leader (3.7+). */
  leaderInErrorResponse: boolean;
  maxRequestSizeBytes: number;
  /** Broker CPU to decompress (validate) one record of this producer's batches, in µs. */
  validateUsPerRecord: number;
  metadataMaxAgeUs: number;
  reconnectBackoffUs: number;
  reconnectBackoffMaxUs: number;
}

export type ClientLink = (to: string, message: Message, linkClass: LinkClass) => boolean;

export interface InFlight {
  broker: number;
  batches: Batch[];
  timer: Timer;
}

export class ProducerStats {
  readonly latency = new LatencyHistogram();
  /** Latencies since the last trace sample (the sampler resets it). */
  readonly intervalLatency = new LatencyHistogram();
  recordsAcked = 0;
  bytesAcked = 0;
  recordsFailed = 0;
  requestsSent = 0;
  batchesRetried = 0;
}
