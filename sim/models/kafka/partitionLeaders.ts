/**
 * A producer's partitions grouped by leader broker, from its metadata cache: the sender drains a
 * broker's partitions in round-robin order from a start index kept per broker
 * (RecordAccumulator.drainBatchesForOneNode over partitionsForNode), and the partitioner skips
 * partitions without a usable leader. Rebuilt only when a leader changes (ClientMetadata.version)
 * or the topic grows, so a sender wake-up costs the partitions holding data, not all of them.
 */
import type { ClientMetadata } from './clientMetadata.ts';

export class PartitionLeaders {
  readonly #metadata: ClientMetadata;
  #version = -1;
  #count = -1;
  /** Locals each broker leads, ascending. */
  #localsOf = new Map<number, number[]>();
  /** Each local's place in its leader's list. */
  #position = new Int32Array(0);
  /** Locals without a known leader, ascending. */
  #leaderless: number[] = [];
  /** What #unavailable was made for: metadata version, count and blocked brokers. */
  #unavailableVersion = -1;
  #unavailableCount = -1;
  #unavailableBlocked: number[] = [];
  #unavailable: readonly number[] = [];

  constructor(metadata: ClientMetadata) {
    this.#metadata = metadata;
  }

  /** Locals 0 to count - 1 led by `broker`, ascending. */
  localsOf(broker: number, count: number): readonly number[] {
    this.#refresh(count);
    return this.#localsOf.get(broker) ?? [];
  }

  /** The place of `local` in its leader's list (after localsOf with the same count). */
  positionOf(local: number): number {
    return this.#position[local] as number;
  }

  /**
   * Locals below `count` without a usable leader (none known, or the leader's connection in
   * reconnect backoff: `blocked`, ascending broker ids), ascending.
   */
  unavailable(count: number, blocked: readonly number[]): readonly number[] {
    this.#refresh(count);
    const same =
      this.#unavailableVersion === this.#version &&
      this.#unavailableCount === count &&
      sameNumbers(this.#unavailableBlocked, blocked);
    if (same) return this.#unavailable;
    const locals = [...this.#leaderless];
    for (const broker of blocked) locals.push(...(this.#localsOf.get(broker) ?? []));
    this.#unavailable = blocked.length === 0 ? locals : locals.sort((a, b) => a - b);
    this.#unavailableVersion = this.#version;
    this.#unavailableCount = count;
    this.#unavailableBlocked = [...blocked];
    return this.#unavailable;
  }

  #refresh(count: number): void {
    const metadata = this.#metadata;
    if (metadata.version === this.#version && count === this.#count) return;
    this.#version = metadata.version;
    this.#count = count;
    this.#localsOf = new Map();
    this.#position = new Int32Array(count);
    this.#leaderless = [];
    for (let local = 0; local < count; local++) {
      const broker = metadata.leader[local] ?? -1;
      if (broker < 0) {
        this.#leaderless.push(local);
        continue;
      }
      let locals = this.#localsOf.get(broker);
      if (locals === undefined) {
        locals = [];
        this.#localsOf.set(broker, locals);
      }
      this.#position[local] = locals.length;
      locals.push(local);
    }
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return false;
  return true;
}
