/**
 * A leader's AlterPartition requests to the controller (ISR shrinks from the periodic check,
 * expansions after follower fetches): each is resent every ALTER_PARTITION_RETRY_US until the
 * controller answers it or a newer request for the partition supersedes it.
 */
import type { BrokerContext } from './brokerContext.ts';
import type { ReplicaManager } from './replicaManager.ts';

const ALTER_PARTITION_RETRY_US = 2_000_000;

export class AlterPartitions {
  readonly #context: BrokerContext;
  readonly #replicas: ReplicaManager;
  readonly #controllerNode: string;
  readonly #pending = new Map<number, number[]>();

  constructor(context: BrokerContext, replicas: ReplicaManager, controllerNode: string) {
    this.#context = context;
    this.#replicas = replicas;
    this.#controllerNode = controllerNode;
  }

  /** The expansions the replica manager queued (checked after every follower fetch). */
  sendExpansions(): void {
    if (this.#replicas.expansions.length === 0) return;
    const expansions = this.#replicas.expansions.splice(0);
    for (const request of expansions) this.send(request.index, request.newIsr);
  }

  /** AlterPartition for the partition it leads, resent until answered or superseded. */
  send(index: number, newIsr: number[]): void {
    const replica = this.#replicas.get(index);
    if (replica === undefined || replica.role !== 'leader') return;
    this.#pending.set(index, newIsr);
    this.#context.send(
      this.#controllerNode,
      {
        kind: 'alterPartition',
        broker: this.#context.brokerId,
        partitionIndex: index,
        leaderEpoch: replica.leaderEpoch,
        partitionEpoch: replica.partitionEpoch,
        newIsr,
      },
      'control',
    );
    this.#context.schedule(ALTER_PARTITION_RETRY_US, 'alterPartition/retry', () => {
      if (this.#pending.get(index) === newIsr && replica.pendingIsr === newIsr) {
        this.send(index, newIsr);
      }
    });
  }

  /** The controller answered the partition's request. */
  answered(index: number): void {
    this.#pending.delete(index);
  }

  /** A crash: nothing is pending any more. */
  clear(): void {
    this.#pending.clear();
  }
}
