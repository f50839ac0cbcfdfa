/**
 * Schedules the scenario's faults on a built cluster: broker crash and restart (the node is down
 * on the network until its log recovery ends), network isolation, cut data links between groups
 * of nodes (controller links untouched), slow disks, GC pauses, controller failover. Each fault
 * is also reported as a trace event.
 */
import type { Emit } from '../models/kafka/events.ts';
import type { Fault } from '../scenario/types.ts';
import type { Cluster } from './build.ts';
import { applyAddPartitions, applyConsumerFault } from './consumerFaults.ts';

export function scheduleFaults(
  cluster: Cluster,
  faults: Fault[],
  emit: Emit,
  warnings: string[],
): void {
  const { sim } = cluster;
  for (const fault of faults) {
    sim.scheduleAt(fault.atUs, `fault/${fault.kind}`, () =>
      applyFault(cluster, fault, emit, warnings),
    );
  }
}

function note(cluster: Cluster, emit: Emit, fault: string, detail: string): void {
  emit({ kind: 'fault', atUs: cluster.sim.nowUs, fault, detail });
}

function restartBroker(cluster: Cluster, brokerId: number, emit: Emit): void {
  const broker = cluster.brokers[brokerId];
  if (broker === undefined || broker.state !== 'down') return;
  note(cluster, emit, 'restart', `${broker.nodeName} restarts`);
  broker.restart(
    () => cluster.network.setDown(broker.nodeName, false),
    () => cluster.network.setStarting(broker.nodeName),
  );
}

function applyFault(cluster: Cluster, fault: Fault, emit: Emit, warnings: string[]): void {
  const { sim, network } = cluster;
  switch (fault.kind) {
    case 'crash': {
      const broker = cluster.brokers[fault.broker];
      if (broker === undefined) return;
      note(cluster, emit, 'crash', `${broker.nodeName} crashes`);
      network.setDown(broker.nodeName, true);
      broker.crash('crash fault');
      if (fault.restartAfterUs !== null) {
        sim.schedule(fault.restartAfterUs, 'fault/restart', () =>
          restartBroker(cluster, fault.broker, emit),
        );
      }
      return;
    }
    case 'restart':
      restartBroker(cluster, fault.broker, emit);
      return;
    case 'partitionNetwork': {
      note(cluster, emit, 'partitionNetwork', `isolate ${fault.isolate.join(', ')}`);
      const isolate = (isolated: boolean): void => {
        for (const node of fault.isolate) {
          network.setIsolated(node, isolated);
          emit({ kind: 'isolation', atUs: sim.nowUs, node, isolated });
        }
      };
      isolate(true);
      if (fault.healAfterUs !== null) {
        sim.schedule(fault.healAfterUs, 'fault/heal', () => {
          note(cluster, emit, 'heal', `reconnect ${fault.isolate.join(', ')}`);
          isolate(false);
        });
      }
      return;
    }
    case 'cutLinks': {
      note(
        cluster,
        emit,
        'cutLinks',
        `cut [${fault.between.join(', ')}] from [${fault.and.join(', ')}]`,
      );
      network.setCut(fault.between, fault.and, true);
      const { between, and } = fault;
      emit({ kind: 'linkCut', atUs: sim.nowUs, between, and, cut: true });
      if (fault.healAfterUs !== null) {
        sim.schedule(fault.healAfterUs, 'fault/heal', () => {
          note(
            cluster,
            emit,
            'heal',
            `links restored between [${fault.between.join(', ')}] and [${fault.and.join(', ')}]`,
          );
          network.setCut(fault.between, fault.and, false);
          emit({ kind: 'linkCut', atUs: sim.nowUs, between, and, cut: false });
        });
      }
      return;
    }
    case 'slowDisk': {
      const broker = cluster.brokers[fault.broker];
      if (broker === undefined) return;
      note(cluster, emit, 'slowDisk', `${broker.nodeName} disks ${fault.factor}x slower`);
      for (let disk = 0; disk < broker.storage.diskCount; disk++)
        broker.storage.setSlowFactor(disk, fault.factor);
      sim.schedule(fault.forUs, 'fault/diskRecovered', () => {
        note(cluster, emit, 'slowDisk', `${broker.nodeName} disks back to normal`);
        for (let disk = 0; disk < broker.storage.diskCount; disk++)
          broker.storage.setSlowFactor(disk, 1);
      });
      return;
    }
    case 'pause': {
      const broker = cluster.brokers.find((candidate) => candidate.nodeName === fault.node);
      if (broker === undefined) {
        warnings.push(`pause of ${fault.node}: only broker pauses are modelled; ignored`);
        return;
      }
      note(cluster, emit, 'pause', `${fault.node} paused for ${fault.forUs / 1000} ms`);
      broker.pause(fault.forUs);
      return;
    }
    case 'controllerFailover':
      note(cluster, emit, 'controllerFailover', 'the active controller fails');
      cluster.controller.failover();
      return;
    case 'consumer':
      applyConsumerFault(cluster, fault, emit, warnings);
      return;
    case 'addPartitions':
      applyAddPartitions(cluster, fault, emit);
      return;
  }
}
