/**
 * Consumer faults: crash (the process dies, no LeaveGroup: the group notices at the session
 * timeout), leave (a clean close: commit, LeaveGroup), join (a new member of the group's first
 * consumer block), restart (crash, then the same client, and static identity, after `downFor`),
 * slow (processing `factor` times slower for `for`). addPartitions raises a topic's partition
 * count in every broker's metadata (the partitions exist, empty, from the start; producers keep
 * their partition count, a limit of the producer model).
 */
import type { Emit } from '../models/kafka/events.ts';
import type { Fault } from '../scenario/types.ts';
import type { Cluster } from './build.ts';
import { addConsumer } from './buildConsumers.ts';

type ConsumerFault = Extract<Fault, { kind: 'consumer' }>;

export function applyConsumerFault(
  cluster: Cluster,
  fault: ConsumerFault,
  emit: Emit,
  warnings: string[],
): void {
  const { sim } = cluster;
  const group = cluster.consumerGroups.find((each) => each.name === fault.group);
  if (group === undefined) return;
  const note = (detail: string): void =>
    emit({ kind: 'fault', atUs: sim.nowUs, fault: `consumer ${fault.action}`, detail });
  if (fault.action === 'join') {
    const entry = cluster.scenario.consumers.find((each) => each.group === fault.group);
    if (entry === undefined) return;
    const consumer = addConsumer(
      cluster.scenario,
      sim,
      cluster.network,
      cluster.catalog,
      cluster.controller.snapshot(),
      emit,
      entry,
      group.clients.length,
      group.ledger,
    );
    group.clients.push(consumer);
    cluster.consumers.push(consumer);
    note(`${consumer.spec.clientId} joins group ${fault.group}`);
    consumer.start();
    return;
  }
  const running = group.clients.filter((client) => client.running);
  const target =
    fault.member !== null
      ? group.clients[fault.member]
      : running[sim.stream(`faults/${fault.group}`).integer(0, Math.max(0, running.length - 1))];
  if (target === undefined || !target.running) {
    warnings.push(`consumer ${fault.action} at ${fault.atUs / 1e6}s: no such running member`);
    return;
  }
  const name = target.spec.clientId;
  switch (fault.action) {
    case 'crash':
      note(`${name} crashes (no LeaveGroup)`);
      cluster.network.setDown(name, true);
      target.crash();
      return;
    case 'leave':
      note(`${name} closes and leaves group ${fault.group}`);
      target.close();
      return;
    case 'restart':
      note(`${name} crashes; restarts in ${fault.downForUs / 1e6}s`);
      cluster.network.setDown(name, true);
      target.crash();
      sim.schedule(fault.downForUs, 'fault/consumerRestart', () => {
        emit({
          kind: 'fault',
          atUs: sim.nowUs,
          fault: 'consumer restart',
          detail: `${name} starts`,
        });
        cluster.network.setDown(name, false);
        target.start();
      });
      return;
    case 'slow':
      note(`${name} processes ${fault.factor}x slower for ${fault.forUs / 1e6}s`);
      target.setSlowFactor(fault.factor);
      sim.schedule(fault.forUs, 'fault/consumerFast', () => target.setSlowFactor(1));
      return;
  }
}

export function applyAddPartitions(
  cluster: Cluster,
  fault: Extract<Fault, { kind: 'addPartitions' }>,
  emit: Emit,
): void {
  emit({
    kind: 'fault',
    atUs: cluster.sim.nowUs,
    fault: 'addPartitions',
    detail: `${fault.topic} now has ${fault.count} partitions`,
  });
  for (const broker of cluster.brokers) broker.setTopicPartitionCount(fault.topic, fault.count);
}
