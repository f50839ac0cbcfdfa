/**
 * acks=0 batches as the durability ledger sees them. The producer counts an acks=0 batch sent,
 * its callback succeeds, once the request is written to the socket; the broker never answers.
 * A leader that appends it reports it as the producer's acknowledged batch from then on (a later
 * truncation loses it, as with acks=1); a leader that refuses it (NOT_LEADER_OR_FOLLOWER, ...)
 * reports it lost, and closes the connection (requestHandler.ts) so the producer learns the new
 * leaders. Batches still on the way when a broker crashes vanish without a report.
 */
import type { BrokerContext } from './brokerContext.ts';
import type { HostedReplica } from './hostedReplica.ts';
import type { ProduceBatch } from './messages.ts';

export function acksZeroAppended(
  context: BrokerContext,
  producer: string,
  replica: HostedReplica,
  baseOffset: number,
  batch: ProduceBatch,
): void {
  context.emit({
    kind: 'batchAcked',
    atUs: context.sim.nowUs,
    producer,
    partition: replica.info.name,
    leaderEpoch: replica.leaderEpoch,
    baseOffset,
    recordCount: batch.recordCount,
  });
}

export function acksZeroRefused(
  context: BrokerContext,
  producer: string,
  batch: ProduceBatch,
  error: string,
): void {
  context.emit({
    kind: 'acksZeroRejected',
    atUs: context.sim.nowUs,
    broker: context.brokerId,
    producer,
    partition: context.catalog.partitions[batch.partitionIndex]?.name ?? '?',
    recordCount: batch.recordCount,
    error,
  });
}
