/**
 * Assertions for simulator bugs. They are always on: a broken invariant inside the simulator
 * must stop the run loudly rather than produce a plausible but wrong number. Kafka-level errors
 * (NOT_LEADER_OR_FOLLOWER, timeouts) are never thrown; they are response variants in the models.
 */

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertNever(value: never, what: string): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new AssertionError(`${what} ${value} is not a safe integer`);
  }
}
