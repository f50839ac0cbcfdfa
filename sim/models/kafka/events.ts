/**
 * ModelEvent: what models report about themselves. Models never write the trace; the runner
 * routes these to the trace recorder, the durability ledger and the invariant checks.
 */

/** A broker process's state; fencing is the controller's view, reported as brokerFenced. */
export type BrokerState = 'up' | 'down' | 'recovering' | 'paused';

export type ModelEvent =
  | { kind: 'brokerState'; atUs: number; broker: number; state: BrokerState; reason: string }
  | { kind: 'brokerFenced'; atUs: number; broker: number; fenced: boolean; reason: string }
  | {
      kind: 'leaderChange';
      atUs: number;
      partition: string;
      leader: number;
      leaderEpoch: number;
      isr: number[];
      reason: string;
      unclean: boolean;
    }
  | { kind: 'isrChange'; atUs: number; partition: string; isr: number[]; reason: string }
  | {
      kind: 'becameLeader';
      atUs: number;
      broker: number;
      partition: string;
      leaderEpoch: number;
      /** The new leader's log as (epoch, startOffset) runs, and its end offset. */
      epochs: Array<[number, number]>;
      logEndOffset: number;
    }
  | {
      kind: 'truncation';
      atUs: number;
      broker: number;
      partition: string;
      fromOffset: number;
      toOffset: number;
    }
  | {
      kind: 'batchAcked';
      atUs: number;
      producer: string;
      partition: string;
      leaderEpoch: number;
      baseOffset: number;
      recordCount: number;
    }
  | {
      /** An acks=0 batch the leader refused: its producer counted it sent; it is gone. */
      kind: 'acksZeroRejected';
      atUs: number;
      broker: number;
      producer: string;
      partition: string;
      recordCount: number;
      error: string;
    }
  | {
      kind: 'duplicateAppend';
      atUs: number;
      broker: number;
      partition: string;
      recordCount: number;
    }
  | {
      kind: 'rebalancePhase';
      atUs: number;
      group: string;
      /** start: a rebalance begins; join: the join phase ended (new generation); stable. */
      phase: RebalancePhase;
      protocol: 'eager' | 'cooperative' | 'consumer';
      generation: number;
      members: number;
      /** Why: `member joined`, `session timeout of X`, `partitions added`, ... */
      reason: string;
    }
  | {
      kind: 'consumerPartitions';
      atUs: number;
      group: string;
      member: string;
      /** Partition indexes the member starts consuming (position known) or stops consuming. */
      started: number[];
      stopped: number[];
    }
  | { kind: 'fault'; atUs: number; fault: string; detail: string }
  /** A node cut off from every link (partitionNetwork) or reconnected. */
  | { kind: 'isolation'; atUs: number; node: string; isolated: boolean }
  /** Data links between two groups of nodes cut (cutLinks) or restored. */
  | { kind: 'linkCut'; atUs: number; between: string[]; and: string[]; cut: boolean }
  | { kind: 'note'; atUs: number; entity: string; message: string };

export type RebalancePhase =
  'start' | 'join' | 'stable' | 'memberRemoved' | 'coordinatorLoaded' | 'coordinatorUnloaded';

export type Emit = (event: ModelEvent) => void;
