/**
 * The consumer's poll timer (max.poll.interval.ms), shared by the classic and KIP-848 memberships.
 */
import type { Consumer } from './consumer.ts';

/**
 * The poll timer (Heartbeat.pollTimer, checked by the heartbeat thread every retry.backoff.ms in
 * Kafka): `expire` runs once max.poll.interval.ms has passed since the last poll(). One event per
 * interval: when it fires early because poll() was called meanwhile, it re-arms from that poll.
 * After an expiry it stays off until the next poll() re-arms it.
 */
export class PollTimer {
  readonly #consumer: Consumer;
  readonly #expire: () => void;
  #armed = false;

  constructor(consumer: Consumer, expire: () => void) {
    this.#consumer = consumer;
    this.#expire = expire;
  }

  /** Called from poll(): arms the timer if it is off. */
  onPoll(): void {
    if (!this.#armed) this.#arm();
  }

  #arm(): void {
    const consumer = this.#consumer;
    const dueUs = consumer.lastPollUs + consumer.spec.maxPollIntervalUs;
    this.#armed = true;
    consumer.schedule(Math.max(0, dueUs - consumer.sim.nowUs), 'consumer/pollTimeout', () => {
      this.#armed = false;
      const idleUs = consumer.sim.nowUs - consumer.lastPollUs;
      if (idleUs < consumer.spec.maxPollIntervalUs) this.#arm();
      else this.#expire();
    });
  }
}
