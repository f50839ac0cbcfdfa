/**
 * A broker's request path (core/.../network/SocketServer.scala, server/KafkaRequestHandler.scala,
 * KafkaApis.scala): a network thread reads the request (CPU per request and per KiB), it waits in
 * the request queue (queued.max.requests; when full the network threads stop reading, modelled as
 * a bounded backlog), a request handler (io) thread handles it, and a network thread writes the
 * response. Produce: per batch leadership and min.insync.replicas checks, idempotent duplicate
 * detection (the broker keeps recent producer sequences), append, then acks=0 (no response), 1
 * (respond after the local append) or all (wait in the purgatory for the high watermark, up to
 * the request's timeout; delayedOperations.ts). Fetches (followers and consumers) are served by
 * fetchServer.ts.
 */
import { assert, Fifo, Latch, Timeouts, WorkerPool } from '../../engine/index.ts';
import type { BrokerContext } from './brokerContext.ts';
import { listOffset } from './consumerReads.ts';
import { FlushLane } from './flushLane.ts';
import { ConnectionMutes } from './connectionMutes.ts';
import {
  DelayedProduce,
  type Appended,
  type DelayedProducePorts,
  type ProduceRequest,
  type ProduceResult,
} from './delayedOperations.ts';
import { recordProduceResponse } from './detail.ts';
import { FetchServer } from './fetchServer.ts';
import { isGroupMessage, wireBytes, type GroupMessage, type Message } from './messages.ts';
import type { ReplicaManager } from './replicaManager.ts';

const BLOCKED_REQUESTS_MAX = 100_000;

export class RequestHandler {
  readonly networkPool: WorkerPool;
  readonly ioPool: WorkerPool;
  readonly #context: BrokerContext;
  readonly #replicas: ReplicaManager;
  /** Requests read while the request queue was full (network threads stop reading). */
  readonly #blocked = new Fifo<() => void>();
  /** One request at a time per connection: the rest wait unread. */
  readonly #mutes: ConnectionMutes;
  /** What the produce purgatory's delayed produces call back (and their timeouts). */
  readonly #delayed: DelayedProducePorts;
  /** Called after a follower fetch may have queued ISR expansions. */
  onFollowerFetched: () => void = () => {};
  /** Answers metadata requests from the broker's metadata image. */
  metadataSnapshot: () => Extract<Message, { kind: 'metadataResponse' }>['partitions'] = () => [];
  /** Answers consumer group requests (the broker's group coordinator); `respond` may wait. */
  onGroupRequest: (message: GroupMessage, from: string, respond: (reply: Message) => void) => void =
    () => {};
  /** Topic partition counts as the metadata shows them. */
  topicPartitionsSnapshot: () => Array<[string, number]> = () => [];
  producedBytes = 0;
  /** Record-weighted microseconds acks=all requests waited for the ISR (the purgatory). */
  isrWaitRecordUs = 0;
  producedRecords = 0;
  readonly #fetches: FetchServer;

  constructor(context: BrokerContext, replicas: ReplicaManager) {
    this.#context = context;
    this.#replicas = replicas;
    const path = context.nodeName;
    this.#mutes = new ConnectionMutes(path);
    this.networkPool = new WorkerPool(context.sim, {
      path: `${path}/cpu/network`,
      workers: context.config.numNetworkThreads,
      queueMax: BLOCKED_REQUESTS_MAX,
      overflow: 'throw',
    });
    this.ioPool = new WorkerPool(context.sim, {
      path: `${path}/cpu/io`,
      workers: context.config.numIoThreads,
      queueMax: context.config.queuedMaxRequests,
      overflow: 'reject',
    });
    this.#delayed = {
      sim: context.sim,
      // Expiries run when the process does (a paused broker answers after the pause).
      produceTimeouts: new Timeouts<DelayedProduce>(context.sim, 'produce/timeout', (delayed) =>
        context.runWhenUp(() => delayed.expire()),
      ),
      hasMinIsr: (index) => replicas.hasMinIsr(index),
      respondProduce: (request, from, results, isrWaitRecordUs) => {
        this.isrWaitRecordUs += isrWaitRecordUs;
        this.#respondProduce(request, from, results);
      },
    };
    this.#fetches = new FetchServer(context, replicas, {
      respond: (to, message, request) => this.#respond(to, message, request),
      followerFetched: () => this.onFollowerFetched(),
    });
    replicas.watcher = this.#fetches;
  }

  /** Bytes of log data sent to consumers. */
  get consumerFetchedBytes(): number {
    return this.#fetches.consumerFetchedBytes;
  }

  get blockedCount(): number {
    return this.#blocked.length;
  }

  /** A request arrived on a connection from `from`; it is read once the connection is unmuted. */
  onRequest(message: Message, from: string): void {
    const connection = this.#mutes.connectionOf(message, from);
    this.#mutes.admit(connection, message, () => this.#read(message, from));
  }

  /** The client closed one of its connections (its FIN: a request timed out). */
  onConnectionClose(message: Message, from: string): void {
    this.#mutes.close(this.#mutes.connectionOf(message, from));
  }

  /** The client reset a connection it had closed (its RST: an answer reached it). */
  onConnectionReset(message: Message, from: string): void {
    this.#mutes.reset(this.#mutes.connectionOf(message, from));
  }

  /** The peer went away: its connections closed, with whatever it had pipelined. */
  onPeerReset(peer: string): void {
    this.#mutes.dropPeer(peer);
  }

  #read(message: Message, from: string): void {
    const bytes = wireBytes(message);
    this.#context.allocate(bytes);
    this.#onNetworkThread(this.#networkUs(bytes), 'network/read', () =>
      this.#enqueue(message, from),
    );
  }

  /** A network thread's CPU to read or write a message of `bytes`. */
  #networkUs(bytes: number): number {
    const config = this.#context.config;
    return config.networkRequestUs + Math.ceil((bytes / 1024) * config.networkPerKiBUs);
  }

  /** The process stopped: queued work is dropped. */
  stop(): void {
    this.#blocked.clear();
    this.#mutes.clear();
    this.#delayed.produceTimeouts.clear();
    this.networkPool.reset();
    this.ioPool.reset();
  }

  #enqueue(message: Message, from: string): void {
    if (this.#blocked.length > 0) this.#blocked.push(this.#tryHandle.bind(this, message, from));
    else this.#tryHandle(message, from);
  }

  /** Takes a request handler thread, or waits in the backlog when the request queue is full. */
  #tryHandle(message: Message, from: string): void {
    const accepted = this.ioPool.acquire('io/request', (release) =>
      this.#handle(message, from, this.#releaseAndUnblock.bind(this, release)),
    );
    if (accepted) return;
    assert(this.#blocked.length < BLOCKED_REQUESTS_MAX, `${this.#context.nodeName}: backlog`);
    this.#blocked.push(this.#tryHandle.bind(this, message, from));
  }

  #releaseAndUnblock(release: () => void): void {
    release();
    this.#unblock();
  }

  #unblock(): void {
    while (this.#blocked.length > 0 && this.ioPool.queueLength < this.ioPool.queueMax) {
      (this.#blocked.shift() as () => void)();
    }
  }

  /** Writes the answer to `request`; once it is sent the connection reads the next request. */
  #respond(to: string, message: Message, request: Message): void {
    if (this.#mutes.orphaned(request)) return; // Its connection closed: no socket to write to.
    this.#onNetworkThread(this.#networkUs(wireBytes(message)), 'network/write', () => {
      this.#context.send(to, message);
      this.#answered(request, to);
    });
  }

  /** The request's connection is unmuted (its response was sent, or it needs none). */
  #answered(request: Message, from: string): void {
    this.#mutes.release(this.#mutes.connectionOf(request, from), request);
  }

  /** A network thread's work: it waits for a free thread, then runs on the cores. */
  #onNetworkThread(cpuUs: number, label: string, done: () => void): void {
    this.networkPool.acquire(label, (release) =>
      this.#context.runCpu(cpuUs, label, () => {
        release();
        done();
      }),
    );
  }

  #handle(message: Message, from: string, release: () => void): void {
    switch (message.kind) {
      case 'produceRequest':
        this.#handleProduce(message, from, release);
        return;
      case 'fetchRequest':
        this.#fetches.handle(message, from, release);
        return;
      case 'metadataRequest': {
        const partitions = this.metadataSnapshot();
        this.#afterCpu(this.#context.config.ioRequestUs, () => {
          release();
          const response: Message = {
            kind: 'metadataResponse',
            requestId: message.requestId,
            partitions,
            topicPartitions: this.topicPartitionsSnapshot(),
          };
          this.#respond(from, response, message);
        });
        return;
      }
      case 'listOffsetsRequest':
        this.#afterCpu(this.#context.config.ioRequestUs, () => {
          release();
          const partitions = message.partitions.map((partitionIndex) => ({
            partitionIndex,
            ...listOffset(this.#replicas.get(partitionIndex), message.latest),
          }));
          const response: Message = {
            kind: 'listOffsetsResponse',
            requestId: message.requestId,
            partitions,
          };
          this.#respond(from, response, message);
        });
        return;
      default:
        if (isGroupMessage(message)) {
          this.#afterCpu(this.#context.config.ioRequestUs, () => {
            release();
            this.onGroupRequest(message, from, (reply) => this.#respond(from, reply, message));
          });
          return;
        }
        release();
        this.#answered(message, from);
    }
  }

  #afterCpu(cpuUs: number, run: () => void): void {
    this.#context.runCpu(cpuUs, 'io/cpu', run);
  }

  #handleProduce(request: ProduceRequest, from: string, release: () => void): void {
    const config = this.#context.config;
    let bytes = 0;
    let validateUs = 0;
    for (const batch of request.batches) {
      bytes += batch.bytes;
      validateUs += batch.validateUs;
    }
    // LogValidator decompresses compressed batches to check their records.
    const cpuUs = config.ioRequestUs + Math.ceil((bytes / 1024) * config.ioPerKiBUs + validateUs);
    this.#afterCpu(cpuUs, () => this.#appendAll(request, from, release));
  }

  #appendAll(request: ProduceRequest, from: string, release: () => void): void {
    const results: ProduceResult[] = [];
    const appended: Appended[] = [];
    const durable = new Latch(() => {
      release();
      this.#afterAppend(request, from, results, appended);
    });
    const cause = this.#context.detail.on
      ? { requestId: request.requestId, peer: from }
      : undefined;
    const lane = new FlushLane();
    for (const batch of request.batches) {
      const error = this.#replicas.produceError(batch.partitionIndex, request.acks);
      const replica = this.#replicas.get(batch.partitionIndex);
      const leaderEpoch = replica?.leaderEpoch ?? -1;
      const result: ProduceResult = {
        batchId: batch.batchId,
        error,
        baseOffset: -1,
        leaderEpoch,
        currentLeader: replica?.leader ?? -1,
      };
      results.push(result);
      if (error !== 'NONE' || replica === undefined) continue;
      const earlierOffset = replica.log.recentBatchOffset(batch.producerId, batch.sequence);
      const isDuplicate = earlierOffset >= 0;
      if (isDuplicate && request.idempotent) {
        // Already written: no append; the answer waits for the original like any other batch.
        result.baseOffset = earlierOffset;
        result.leaderEpoch = replica.log.epochAt(earlierOffset);
        const endOffset = earlierOffset + batch.recordCount;
        appended.push({
          index: results.length - 1,
          partitionIndex: batch.partitionIndex,
          endOffset,
        });
        continue;
      }
      if (isDuplicate) {
        this.#context.emit({
          kind: 'duplicateAppend',
          atUs: this.#context.sim.nowUs,
          broker: this.#context.brokerId,
          partition: replica.info.name,
          recordCount: batch.recordCount,
        });
      }
      durable.add();
      result.baseOffset = this.#replicas.appendAsLeader(
        batch.partitionIndex,
        batch,
        durable.arrive,
        lane,
        cause,
      );
      this.producedBytes += batch.bytes;
      this.producedRecords += batch.recordCount;
      appended.push({
        index: results.length - 1,
        partitionIndex: batch.partitionIndex,
        endOffset: result.baseOffset + batch.recordCount,
      });
    }
    durable.arrive();
  }

  #afterAppend(
    request: ProduceRequest,
    from: string,
    results: ProduceResult[],
    appended: Appended[],
  ): void {
    if (request.acks === 0) {
      // No response: the no-op response unmutes the connection.
      this.#answered(request, from);
      return;
    }
    if (request.acks === 1 || appended.length === 0) {
      this.#respondProduce(request, from, results);
      return;
    }
    const delayed = new DelayedProduce(this.#delayed, request, from, results, appended);
    for (let batchIndex = 0; batchIndex < appended.length; batchIndex++) {
      const entry = appended[batchIndex] as Appended;
      this.#replicas.awaitHighWatermark(entry.partitionIndex, entry.endOffset, delayed, batchIndex);
    }
  }

  #respondProduce(request: ProduceRequest, from: string, results: ProduceResult[]): void {
    if (this.#context.detail.on) recordProduceResponse(this.#context, request, from, results);
    const response: Message = { kind: 'produceResponse', requestId: request.requestId, results };
    this.#respond(from, response, request);
  }
}
