/**
 * The log flusher (LogManager's kafka-log-flusher task, every log.flush.scheduler.interval.ms,
 * first after log.initial.task.delay.ms): each log with unflushed data whose last flush is at
 * least flush.ms old is fsynced (flushDirtyLogs). With Kafka's default scheduler interval
 * (Long.MAX_VALUE) the task never runs and flush.ms alone flushes nothing.
 */
import type { HostedReplica } from './hostedReplica.ts';

/** log.initial.task.delay.ms (30 s). */
export const LOG_INITIAL_TASK_DELAY_US = 30_000_000;

export interface FsyncPort {
  fsync(diskIndex: number, bytes: number, onDone: () => void): void;
}

/** fsyncs the logs that are due; returns the bytes written. */
export function flushDirtyLogs(
  replicas: Iterable<HostedReplica>,
  storage: FsyncPort,
  nowUs: number,
): number {
  let flushed = 0;
  for (const replica of replicas) {
    if (replica.unflushedBytes === 0 || nowUs - replica.lastFlushUs < replica.info.flushUs) {
      continue;
    }
    storage.fsync(replica.diskIndex, replica.unflushedBytes, () => {});
    flushed += replica.unflushedBytes;
    replica.unflushedRecords = 0;
    replica.unflushedBytes = 0;
    replica.lastFlushUs = nowUs;
  }
  return flushed;
}
