/**
 * Fetch from the closest replica (KIP-392, Kafka 2.4+): ReplicaManager.findPreferredReadReplica
 * with RackAwareReplicaSelector. A leader asked by a consumer that sends its client.rack picks,
 * among itself and the followers in the ISR whose log end offset has reached the fetch offset,
 * the replicas in the consumer's rack: itself if it is one of them, else the most caught-up
 * follower (ReplicaView.comparator: highest log end offset, then the latest caught-up time, then
 * the highest broker id). It answers such a partition with no records and that replica's id
 * (preferredReadReplica), and the consumer fetches it from there until its metadata expires
 * (consumerFetcher.ts). A follower serves consumers up to its own high watermark
 * (consumerReads.ts), which it learns from the leader's next fetch answer.
 */
import type { HostedReplica } from './hostedReplica.ts';
import { lastCaughtUpUs } from './isr.ts';

/** The follower a consumer in `clientRack` should read partition `replica` from, or -1. */
export function preferredReadReplica(
  replica: HostedReplica,
  fetchOffset: number,
  clientRack: string | null,
  racks: readonly string[],
): number {
  if (replica.role !== 'leader' || clientRack === null || clientRack === '') return -1;
  if (racks[replica.leader] === clientRack) return -1; // The leader is in the rack: itself.
  if (fetchOffset < replica.log.logStartOffset) return -1;
  let best = -1;
  let bestEndOffset = -1;
  let bestCaughtUpUs = -Infinity;
  for (const broker of replica.isr) {
    if (broker === replica.leader || racks[broker] !== clientRack) continue;
    const state = replica.followers.get(broker);
    if (state === undefined || state.logEndOffset < fetchOffset) continue;
    const caughtUpUs = lastCaughtUpUs(state);
    const better =
      state.logEndOffset > bestEndOffset ||
      (state.logEndOffset === bestEndOffset &&
        (caughtUpUs > bestCaughtUpUs || (caughtUpUs === bestCaughtUpUs && broker > best)));
    if (better) {
      best = broker;
      bestEndOffset = state.logEndOffset;
      bestCaughtUpUs = caughtUpUs;
    }
  }
  return best;
}
