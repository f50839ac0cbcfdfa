/**
 * A consumer's group membership. Classic (AbstractCoordinator, ConsumerCoordinator): rejoin from
 * poll() when needed; eager members commit and revoke everything first (onJoinPrepare),
 * cooperative members keep their partitions and send them as owned; JoinGroup (a second one after
 * MEMBER_ID_REQUIRED), the leader runs the assignor on every member's subscription, SyncGroup;
 * cooperative members revoke what the assignment took and rejoin at once; a heartbeat thread every
 * heartbeat.interval.ms learns of rebalances (REBALANCE_IN_PROGRESS) and of a lost membership; the
 * poll timer (consumerPollTimer.ts) leaves the group exactly max.poll.interval.ms after the last
 * poll() (LeaveGroup from dynamic members; both reset and rejoin on the next poll()). The
 * group leader rejoins when its metadata shows a subscribed topic's partition count change.
 * KIP-848 (consumer protocol): a ConsumerGroupHeartbeat every interval the coordinator sets,
 * carrying the owned partitions; revocations are committed, and every reconciled change (partitions
 * revoked or added) is acknowledged with an immediate heartbeat (AbstractMembershipManager's
 * ACKNOWLEDGING state); at a poll timeout the member leaves (epoch -1,
 * or -2 when static), drops its partitions and rejoins with epoch 0 on its next poll().
 */
import { assignOrdered, rebalanceProtocolFor } from './assignors/index.ts';
import type { Consumer } from './consumer.ts';
import type { Message } from './messages.ts';
import { classicAssignment } from './consumerAssign.ts';
import { PollTimer } from './consumerPollTimer.ts';

export interface Membership {
  start(): void;
  stop(): void;
  onPoll(): void;
  onMetadataChange(): void;
  leave(): void;
  commitIdentity(): { memberId: string; generation: number };
}

export function createMembership(consumer: Consumer): Membership {
  return consumer.spec.protocol === 'consumer'
    ? new ConsumerProtocolMembership(consumer)
    : new ClassicMembership(consumer);
}

/** JoinGroup waits up to the rebalance timeout plus 5 s (AbstractCoordinator). */
const JOIN_TIMEOUT_EXTRA_US = 5_000_000;

class ClassicMembership implements Membership {
  readonly #consumer: Consumer;
  readonly #cooperative: boolean;
  #state: 'unjoined' | 'preparing' | 'joining' | 'syncing' | 'stable' = 'unjoined';
  #memberId = '';
  #generation = -1;
  #rejoinNeeded = true;
  #active = false;
  #heartbeatInFlight = false;
  /** Partition counts the leader assigned from (a change triggers a rebalance). */
  #assignedCounts = '';
  readonly #pollTimer: PollTimer;

  constructor(consumer: Consumer) {
    this.#consumer = consumer;
    this.#cooperative = rebalanceProtocolFor(consumer.spec.strategies) === 'cooperative';
    this.#pollTimer = new PollTimer(consumer, () => this.#onPollTimeout());
  }

  start(): void {
    this.#active = true;
    this.#scheduleHeartbeat();
  }

  stop(): void {
    this.#active = false;
  }

  commitIdentity(): { memberId: string; generation: number } {
    return { memberId: this.#memberId, generation: this.#generation };
  }

  onPoll(): void {
    this.#pollTimer.onPoll();
    if (!this.#rejoinNeeded || (this.#state !== 'unjoined' && this.#state !== 'stable')) return;
    this.#rejoinNeeded = false;
    this.#state = 'preparing';
    const consumer = this.#consumer;
    consumer.commitBeforeRebalance(() => {
      if (!this.#cooperative) consumer.losePartitions();
      this.#join();
    });
  }

  onMetadataChange(): void {
    if (this.#assignedCounts !== '' && this.#assignedCounts !== this.#countsKey()) {
      this.#rejoinNeeded = true;
    }
  }

  leave(): void {
    const consumer = this.#consumer;
    if (consumer.spec.instanceId !== null || this.#memberId === '' || consumer.coordinator < 0) {
      return;
    }
    const memberId = this.#memberId;
    consumer.request(
      consumer.coordinator,
      (requestId) => ({
        kind: 'leaveGroupRequest',
        requestId,
        groupId: consumer.spec.groupId,
        memberId,
      }),
      () => {},
      () => {},
    );
  }

  #countsKey(): string {
    return [...this.#consumer.topicCounts].map(([topic, count]) => `${topic}:${count}`).join(',');
  }

  #join(): void {
    const consumer = this.#consumer;
    const spec = consumer.spec;
    this.#state = 'joining';
    consumer.findCoordinator(() =>
      consumer.request(
        consumer.coordinator,
        (requestId) => ({
          kind: 'joinGroupRequest',
          requestId,
          groupId: spec.groupId,
          memberId: this.#memberId,
          instanceId: spec.instanceId,
          sessionTimeoutUs: spec.sessionTimeoutUs,
          rebalanceTimeoutUs: spec.maxPollIntervalUs,
          topics: spec.topics,
          rack: spec.subscriptionRack,
          owned: [...consumer.owned.keys()].sort((a, b) => a - b),
          generation: this.#generation,
          protocols: spec.strategies,
        }),
        (message) => this.#onJoinResponse(message),
        () => this.#retryJoin(true),
        spec.maxPollIntervalUs + JOIN_TIMEOUT_EXTRA_US,
      ),
    );
  }

  #retryJoin(coordinatorLost: boolean): void {
    if (coordinatorLost) this.#consumer.coordinatorLost();
    this.#consumer.schedule(this.#consumer.spec.retryBackoffUs, 'consumer/rejoin', () =>
      this.#join(),
    );
  }

  #onJoinResponse(message: Message): void {
    if (message.kind !== 'joinGroupResponse') return;
    switch (message.error) {
      case 'NONE':
        break;
      case 'MEMBER_ID_REQUIRED':
        this.#memberId = message.memberId;
        this.#join();
        return;
      case 'UNKNOWN_MEMBER_ID':
      case 'ILLEGAL_GENERATION':
        this.#reset();
        this.#join();
        return;
      case 'FENCED_INSTANCE_ID':
        this.#consumer.crash();
        return;
      case 'NOT_COORDINATOR':
      case 'COORDINATOR_NOT_AVAILABLE':
      case 'COORDINATOR_LOAD_IN_PROGRESS':
        this.#retryJoin(true);
        return;
      default:
        this.#retryJoin(false);
        return;
    }
    this.#memberId = message.memberId;
    this.#generation = message.generation;
    const consumer = this.#consumer;
    const assignments =
      message.leaderId === message.memberId && message.members.length > 0
        ? classicAssignment(consumer, message.protocol, message.members, assignOrdered)
        : [];
    if (assignments.length > 0) this.#assignedCounts = this.#countsKey();
    this.#state = 'syncing';
    consumer.request(
      consumer.coordinator,
      (requestId) => ({
        kind: 'syncGroupRequest',
        requestId,
        groupId: consumer.spec.groupId,
        memberId: this.#memberId,
        generation: this.#generation,
        assignments,
      }),
      (reply) => this.#onSyncResponse(reply),
      () => this.#retryJoin(true),
      consumer.spec.maxPollIntervalUs + JOIN_TIMEOUT_EXTRA_US,
    );
  }

  #onSyncResponse(message: Message): void {
    if (message.kind !== 'syncGroupResponse') return;
    const consumer = this.#consumer;
    if (message.error !== 'NONE') {
      if (message.error === 'UNKNOWN_MEMBER_ID' || message.error === 'ILLEGAL_GENERATION') {
        this.#reset();
      }
      if (message.error === 'NOT_COORDINATOR') consumer.coordinatorLost();
      this.#state = 'stable';
      this.#rejoinNeeded = true;
      return;
    }
    const assigned = message.partitions;
    const revoked = [...consumer.owned.keys()].filter((index) => !assigned.includes(index));
    this.#state = 'stable';
    if (revoked.length > 0) {
      // Cooperative: give up what moved, then a second rebalance hands it to its new owner.
      consumer.revokePartitions(revoked, () => {
        this.#rejoinNeeded = true;
      });
    }
    consumer.addPartitions(assigned);
  }

  #reset(): void {
    this.#memberId = '';
    this.#generation = -1;
    this.#consumer.losePartitions();
  }

  /**
   * max.poll.interval.ms passed without a poll(): the heartbeat thread sends LeaveGroup (dynamic
   * members only) and resets the generation; the member rejoins on its next poll() (a static one
   * by its instance id, taking its old identity).
   */
  #onPollTimeout(): void {
    if (!this.#active || this.#memberId === '') return;
    if (this.#state !== 'stable' && this.#state !== 'syncing') return;
    this.leave();
    this.#reset();
    this.#rejoinNeeded = true;
    this.#state = 'unjoined';
  }

  #scheduleHeartbeat(): void {
    this.#consumer.schedule(this.#consumer.spec.heartbeatIntervalUs, 'consumer/heartbeat', () => {
      if (!this.#active) return;
      this.#heartbeat();
      this.#scheduleHeartbeat();
    });
  }

  #heartbeat(): void {
    const consumer = this.#consumer;
    const spec = consumer.spec;
    if (consumer.sim.nowUs - consumer.lastPollUs > spec.maxPollIntervalUs) return;
    if (this.#memberId === '' || this.#heartbeatInFlight || consumer.coordinator < 0) return;
    if (this.#state !== 'stable' && this.#state !== 'syncing') return;
    this.#heartbeatInFlight = true;
    consumer.request(
      consumer.coordinator,
      (requestId) => ({
        kind: 'heartbeatRequest',
        requestId,
        groupId: spec.groupId,
        memberId: this.#memberId,
        generation: this.#generation,
      }),
      (message) => {
        this.#heartbeatInFlight = false;
        if (message.kind !== 'heartbeatResponse' || message.error === 'NONE') return;
        if (message.error === 'NOT_COORDINATOR') consumer.coordinatorLost();
        if (message.error === 'UNKNOWN_MEMBER_ID' || message.error === 'ILLEGAL_GENERATION') {
          this.#reset();
          if (this.#state === 'stable') this.#state = 'unjoined';
        }
        this.#rejoinNeeded = true;
      },
      () => {
        this.#heartbeatInFlight = false;
        consumer.coordinatorLost();
      },
    );
  }
}

class ConsumerProtocolMembership implements Membership {
  readonly #consumer: Consumer;
  #memberId = '';
  #epoch = 0;
  #intervalUs: number;
  #active = false;
  #inFlight = false;
  #revoking = false;
  #timer: number | null = null;
  /** Left the group at a poll timeout; rejoins (epoch 0) on the next poll(). */
  #stale = false;
  readonly #pollTimer: PollTimer;

  constructor(consumer: Consumer) {
    this.#consumer = consumer;
    this.#intervalUs = consumer.spec.heartbeatIntervalUs;
    this.#pollTimer = new PollTimer(consumer, () => this.#onPollTimeout());
  }

  start(): void {
    this.#active = true;
    this.#heartbeat();
  }

  stop(): void {
    this.#active = false;
  }

  commitIdentity(): { memberId: string; generation: number } {
    return { memberId: this.#memberId, generation: this.#epoch };
  }

  onPoll(): void {
    this.#pollTimer.onPoll();
    if (!this.#stale) return;
    this.#stale = false;
    this.#heartbeat();
  }

  /**
   * max.poll.interval.ms passed without a poll() (ConsumerMembershipManager.onPollTimerExpired):
   * leave (epoch -1, or -2 for a static member), drop the partitions, rejoin at the next poll().
   */
  #onPollTimeout(): void {
    if (!this.#active || this.#memberId === '') return;
    this.leave();
    this.#stale = true;
    this.#revoking = false;
    this.#consumer.losePartitions();
    if (this.#consumer.spec.instanceId === null) this.#memberId = '';
    this.#epoch = 0;
  }

  onMetadataChange(): void {}

  leave(): void {
    const consumer = this.#consumer;
    if (this.#memberId === '' || consumer.coordinator < 0) return;
    const epoch = consumer.spec.instanceId === null ? -1 : -2;
    this.#send(epoch);
  }

  #heartbeat(): void {
    if (!this.#active) return;
    if (this.#timer !== null) this.#consumer.sim.cancel(this.#timer);
    this.#timer = null;
    if (this.#stale) return;
    if (!this.#inFlight && !this.#revoking) this.#send(this.#epoch);
    this.#timer = this.#consumer.schedule(this.#intervalUs, 'consumer/groupHeartbeat', () => {
      this.#timer = null;
      this.#heartbeat();
    });
  }

  #send(epoch: number): void {
    const consumer = this.#consumer;
    const spec = consumer.spec;
    this.#inFlight = epoch >= 0;
    consumer.findCoordinator(() =>
      consumer.request(
        consumer.coordinator,
        (requestId) => ({
          kind: 'consumerGroupHeartbeatRequest',
          requestId,
          groupId: spec.groupId,
          memberId: this.#memberId,
          instanceId: spec.instanceId,
          memberEpoch: epoch,
          topics: spec.topics,
          owned: [...consumer.owned.keys()].sort((a, b) => a - b),
          rebalanceTimeoutUs: spec.maxPollIntervalUs,
        }),
        (message) => {
          if (epoch >= 0) this.#inFlight = false;
          this.#onResponse(message);
        },
        () => {
          this.#inFlight = false;
          consumer.coordinatorLost();
        },
      ),
    );
  }

  #onResponse(message: Message): void {
    if (message.kind !== 'consumerGroupHeartbeatResponse' || !this.#active || this.#stale) return;
    const consumer = this.#consumer;
    if (message.error !== 'NONE') {
      if (message.error === 'NOT_COORDINATOR' || message.error === 'COORDINATOR_NOT_AVAILABLE') {
        consumer.coordinatorLost();
      }
      if (message.error === 'FENCED_MEMBER_EPOCH' || message.error === 'UNKNOWN_MEMBER_ID') {
        consumer.losePartitions();
        this.#epoch = 0;
        if (message.error === 'UNKNOWN_MEMBER_ID') this.#memberId = '';
        this.#heartbeat();
        return;
      }
      // Coordinator moving or loading: retry after retry.backoff.ms, not a whole interval.
      consumer.schedule(consumer.spec.retryBackoffUs, 'consumer/groupHeartbeatRetry', () =>
        this.#heartbeat(),
      );
      return;
    }
    if (message.memberEpoch < 0) return;
    this.#memberId = message.memberId;
    this.#epoch = message.memberEpoch;
    if (message.heartbeatIntervalUs > 0) this.#intervalUs = message.heartbeatIntervalUs;
    const assignment = message.assignment;
    if (assignment === null) return;
    const revoked = [...consumer.owned.keys()].filter((index) => !assignment.includes(index));
    const added = assignment.some((index) => !consumer.owned.has(index));
    consumer.addPartitions(assignment);
    if (revoked.length === 0) {
      // A reconciled assignment is acknowledged at once (ACKNOWLEDGING: shouldHeartbeatNow).
      if (added) this.#heartbeat();
      return;
    }
    this.#revoking = true;
    consumer.revokePartitions(revoked, () => {
      this.#revoking = false;
      this.#heartbeat(); // Acknowledge the revocation at once.
    });
  }
}
