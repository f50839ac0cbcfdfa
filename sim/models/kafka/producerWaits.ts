/**
 * Where a producer's time goes, for naming the Kafka mechanism that limits a run: time with
 * send() blocked on buffer.memory, time with a ready batch held back by
 * max.in.flight.requests.per.connection, and each acknowledged record's latency split into the
 * time its batch waited in the accumulator (linger.ms, batching) and the time from the first send
 * to the acknowledgement (the request round trip, including acks=all waiting for the ISR).
 */
import type { Batch } from './accumulator.ts';

export class ProducerWaits {
  #blockedSinceUs = -1;
  #blockedUs = 0;
  #limitedSinceUs = -1;
  #limitedUs = 0;
  /** Record-weighted µs batches waited in the accumulator before their first send. */
  accumulatorRecordUs = 0;
  /** Record-weighted µs from a batch's first send to its acknowledgement. */
  requestRecordUs = 0;

  setBlocked(nowUs: number, blocked: boolean): void {
    if (blocked && this.#blockedSinceUs < 0) this.#blockedSinceUs = nowUs;
    if (!blocked && this.#blockedSinceUs >= 0) {
      this.#blockedUs += nowUs - this.#blockedSinceUs;
      this.#blockedSinceUs = -1;
    }
  }

  setInFlightLimited(nowUs: number, limited: boolean): void {
    if (limited && this.#limitedSinceUs < 0) this.#limitedSinceUs = nowUs;
    if (!limited && this.#limitedSinceUs >= 0) {
      this.#limitedUs += nowUs - this.#limitedSinceUs;
      this.#limitedSinceUs = -1;
    }
  }

  blockedUs(nowUs: number): number {
    return this.#blockedUs + (this.#blockedSinceUs >= 0 ? nowUs - this.#blockedSinceUs : 0);
  }

  inFlightLimitedUs(nowUs: number): number {
    return this.#limitedUs + (this.#limitedSinceUs >= 0 ? nowUs - this.#limitedSinceUs : 0);
  }

  onAcked(batch: Batch, nowUs: number): void {
    if (batch.sentUs < 0) return;
    const createdUs = (batch.firstCreateUs + batch.lastCreateUs) / 2;
    this.accumulatorRecordUs += (batch.sentUs - createdUs) * batch.recordCount;
    this.requestRecordUs += (nowUs - batch.sentUs) * batch.recordCount;
  }
}
