import { describe, expect, it } from 'vitest';
import {
  brokerDefaults,
  consumerDefaults,
  normaliseVersion,
  producerDefaults,
  recordBatchBytes,
  varintBytes,
  versionFacts,
} from '../../sim/scenario/defaults.ts';

describe('version table', () => {
  it('normaliseVersion reads numbers and strings as major.minor', () => {
    expect(normaliseVersion(4)).toBe('4.0');
    expect(normaliseVersion('4.0')).toBe('4.0');
    expect(normaliseVersion('3.9.1')).toBe('3.9');
    expect(normaliseVersion(0.11)).toBe('0.11');
    expect(normaliseVersion('x')).toBeNull();
  });

  it('versionFacts gives message format, controller and null-key partitioner', () => {
    expect(versionFacts('0.8')).toMatchObject({
      messageFormat: 'v0',
      controller: 'zookeeper',
      nullKeyPartitioner: 'round-robin',
    });
    expect(versionFacts('0.10').messageFormat).toBe('v1');
    expect(versionFacts('0.11').messageFormat).toBe('v2');
    expect(versionFacts('2.6')).toMatchObject({
      controller: 'zookeeper',
      nullKeyPartitioner: 'sticky',
    });
    expect(versionFacts('3.9')).toMatchObject({
      controller: 'kraft',
      nullKeyPartitioner: 'uniform-sticky',
    });
    expect(versionFacts('4.0')).toMatchObject({
      controller: 'kraft',
      consumerProtocolAvailable: true,
    });
  });

  it('producer defaults differ across 0.8, 2.6, 3.9 and 4.0', () => {
    const pick = (v: string) => {
      const d = producerDefaults(v);
      return [d['acks'], d['linger.ms'], d['enable.idempotence'], d['retries']];
    };
    expect(pick('0.8')).toEqual([1, 0, false, 0]);
    expect(pick('2.6')).toEqual([1, 0, false, 2147483647]);
    expect(pick('3.0')).toEqual(['all', 0, false, 2147483647]);
    expect(pick('3.9')).toEqual(['all', 0, true, 2147483647]);
    expect(pick('4.0')).toEqual(['all', 5, true, 2147483647]);
  });

  it('consumer and broker defaults follow KIP-735, KIP-726, KIP-537 and KIP-1030', () => {
    expect(consumerDefaults('2.6')['session.timeout.ms']).toBe(10000);
    expect(consumerDefaults('3.9')['session.timeout.ms']).toBe(45000);
    expect(consumerDefaults('2.6')['partition.assignment.strategy']).toEqual(['range']);
    expect(consumerDefaults('3.9')['partition.assignment.strategy']).toEqual([
      'range',
      'cooperative-sticky',
    ]);
    expect(brokerDefaults('2.4')['replica.lag.time.max.ms']).toBe(10000);
    expect(brokerDefaults('2.5')['replica.lag.time.max.ms']).toBe(30000);
    expect(brokerDefaults('2.4')['zookeeper.session.timeout.ms']).toBe(6000);
    expect(brokerDefaults('2.6')['zookeeper.session.timeout.ms']).toBe(18000);
    expect(brokerDefaults('0.8')['unclean.leader.election.enable']).toBe(true);
    expect(brokerDefaults('3.9')['num.recovery.threads.per.data.dir']).toBe(1);
    expect(brokerDefaults('4.0')['num.recovery.threads.per.data.dir']).toBe(2);
  });
});

describe('recordBatchBytes', () => {
  it('varintBytes counts zigzag varint widths', () => {
    expect([0, -1, 63, 64, -64, -65, 8191, 8192].map(varintBytes)).toEqual([
      1, 1, 1, 2, 1, 2, 2, 3,
    ]);
  });

  it('v0 and v1 have no batch header: 26 and 34 bytes per record plus key and value', () => {
    expect(recordBatchBytes('v0', 1, 0, 100)).toBe(126);
    expect(recordBatchBytes('v0', 10, 10, 100)).toBe(1360);
    expect(recordBatchBytes('v1', 1, 0, 100)).toBe(134);
    expect(recordBatchBytes('v1', 3, 5, 10)).toBe(3 * 49);
  });

  it('v2 adds a 61-byte header and per-record varints', () => {
    // body 1 attr + 1 ts + 1 offset + 1 null key + 2 value length + 100 + 1 headers = 107,
    // plus a 2-byte length varint = 109.
    expect(recordBatchBytes('v2', 1, 0, 100)).toBe(61 + 109);
    // 10-byte values: 17 bytes a record while the offset delta fits one byte (< 64).
    expect(recordBatchBytes('v2', 64, 0, 10)).toBe(61 + 64 * 17);
    expect(recordBatchBytes('v2', 65, 0, 10)).toBe(61 + 64 * 17 + 18);
    // key "key-99999" (9 B), 1 KiB value: body 1040, length varint 2.
    expect(recordBatchBytes('v2', 1, 9, 1024)).toBe(61 + 1042);
    expect(recordBatchBytes('v2', 0, 0, 10)).toBe(0);
  });
});
