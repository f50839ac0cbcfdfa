/**
 * Consumer features that a kafkaVersion predates, reported as errors rather than run with rules
 * the version did not have: the broker-side group coordinator (JoinGroup, SyncGroup, Heartbeat)
 * came with the new consumer in 0.9; 0.8's consumers rebalanced through ZooKeeper, which
 * kafkasim does not model. StickyAssignor came in 0.11 (KIP-54), static membership in 2.3
 * (KIP-345), CooperativeStickyAssignor in 2.4 (KIP-429).
 */
import { at, type ResolveContext, type Where } from './context.ts';
import { versionNumber } from './defaults.ts';
import type { AssignorName } from './types.ts';

const ASSIGNORS_SINCE: Partial<Record<AssignorName, { version: string; note: string }>> = {
  sticky: { version: '0.11', note: 'StickyAssignor needs Kafka 0.11 or later (KIP-54)' },
  'cooperative-sticky': {
    version: '2.4',
    note: 'CooperativeStickyAssignor needs Kafka 2.4 or later (KIP-429)',
  },
};

/** Errors for a consumer block's features its kafkaVersion lacks. */
export function checkConsumerVersion(
  ctx: ResolveContext,
  where: Where,
  strategies: readonly AssignorName[],
  staticMembers: boolean,
): void {
  const version = versionNumber(ctx.version);
  const tail = `; kafkaVersion is ${ctx.version}`;
  if (version < versionNumber('0.9')) {
    ctx.error(
      where,
      'consumer groups need Kafka 0.9 or later: the group coordinator came with the new' +
        ` consumer (0.8's consumers rebalance through ZooKeeper, not modelled)${tail}`,
    );
    return;
  }
  for (const name of new Set(strategies)) {
    const since = ASSIGNORS_SINCE[name];
    if (since !== undefined && version < versionNumber(since.version)) {
      ctx.error(at(at(where, 'config'), 'partition.assignment.strategy'), since.note + tail);
    }
  }
  if (staticMembers && version < versionNumber('2.3')) {
    ctx.error(
      at(at(where, 'config'), 'group.instance.id'),
      `group.instance.id (static membership) needs Kafka 2.3 or later (KIP-345)${tail}`,
    );
  }
}
