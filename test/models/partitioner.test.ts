/**
 * Table tests for the keyed partitioner and Java hash emulation, against Kafka's UtilsTest
 * (testMurmur2), the Java-compatible vectors in kafkajs's defaultJava/murmur2.spec.js (generated
 * with Kafka's Java client) and String.hashCode values checked by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  coordinatorPartition,
  javaAbs,
  javaHashMapIterationOrder,
  javaStringHashCode,
  keyPartitionWeights,
  murmur2,
  partitionForKey,
  toPositive,
} from '../../sim/models/kafka/partitioner.ts';
import { zipfWeights } from '../../sim/engine/random.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('murmur2', () => {
  // apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java testMurmur2
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%j) matches Kafka UtilsTest: %i', (text, expected) => {
    expect(murmur2(utf8(text))).toBe(expected);
  });

  // tulios/kafkajs src/producer/partitioners/defaultJava/murmur2.spec.js
  it.each([
    ['0', 971027396],
    ['1', -1993445489],
    ['128', -326012175],
    ['2187', -1508407203],
    ['16384', -325739742],
    ['78125', -1654490814],
    ['279936', 1462227128],
    ['823543', -2014198330],
    ['2097152', 607668903],
    ['4782969', -1182699775],
    ['10000000', -1830336757],
    ['19487171', -1603849305],
    ['35831808', -857013643],
    ['62748517', -1167431028],
    ['105413504', -381294639],
    ['170859375', -1658323481],
    ['100:48069', 1009543857],
  ])('murmur2(%j) matches the kafkajs Java-compatible vector %i', (text, expected) => {
    expect(murmur2(utf8(text))).toBe(expected);
  });

  it('murmur2 of the empty array is the finalised seed and stays a signed 32-bit integer', () => {
    const hash = murmur2(new Uint8Array(0));
    expect(hash).toBe(hash | 0);
    expect(murmur2(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x80]))).toBe(
      murmur2(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x80])) | 0,
    );
  });
});

describe('partitionForKey', () => {
  it('toPositive clears the sign bit like Utils.toPositive', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });

  it('partitionForKey(key, n) is toPositive(murmur2(utf8(key))) % n', () => {
    // murmur2("21") = -973932308 → toPositive = 1173551340; % 6 = 0, % 7 = 4 (by hand).
    expect(partitionForKey('21', 6)).toBe(1173551340 % 6);
    expect(partitionForKey('21', 7)).toBe(1173551340 % 7);
    expect(partitionForKey(utf8('foobar'), 10)).toBe(toPositive(-790332482) % 10);
    expect(partitionForKey('é', 3)).toBe(toPositive(murmur2(new Uint8Array([0xc3, 0xa9]))) % 3);
  });
});

describe('javaStringHashCode and coordinatorPartition', () => {
  it.each([
    ['', 0],
    ['a', 97],
    ['hello', 99162322],
    ['Aa', 2112],
    ['BB', 2112],
    ['polygenelubricants', -2147483648],
    ['my-group', -1906497762],
    ['consumer-group-1', 147483020],
    ['😀', 1772899], // two UTF-16 code units, 0xd83d 0xde00
  ])('javaStringHashCode(%j) = %i', (text, expected) => {
    expect(javaStringHashCode(text)).toBe(expected);
  });

  it.each([
    ['hello', 22], // 99162322 % 50
    ['my-group', 12], // abs(-1906497762) = 1906497762 % 50
    ['consumer-group-1', 20],
    ['polygenelubricants', 0], // Utils.abs(Integer.MIN_VALUE) = 0
    ['', 0],
  ])('coordinatorPartition(%j) = %i', (groupId, expected) => {
    expect(coordinatorPartition(groupId)).toBe(expected);
  });

  it('coordinatorPartition honours offsets.topic.num.partitions', () => {
    expect(coordinatorPartition('hello', 7)).toBe(99162322 % 7);
    expect(javaAbs(-2147483648)).toBe(0);
  });
});

describe('javaHashMapIterationOrder', () => {
  it('orders consumer1..3 by bucket as Java does: consumer3, consumer2, consumer1', () => {
    expect(javaHashMapIterationOrder(['consumer1', 'consumer2', 'consumer3'])).toEqual([
      'consumer3',
      'consumer2',
      'consumer1',
    ]);
  });

  it('keeps colliding keys in insertion order', () => {
    expect(javaHashMapIterationOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    expect(javaHashMapIterationOrder(['Aa', 'BB'])).toEqual(['Aa', 'BB']);
  });

  it('single-character keys iterate by code unit below the capacity', () => {
    expect(javaHashMapIterationOrder(['c', 'a', 'b'])).toEqual(['a', 'b', 'c']);
  });

  it('grows past 12 entries: "0".."12" still iterate in hash order at capacity 32', () => {
    const keys = Array.from({ length: 13 }, (_, index) => `${index}`);
    const order = javaHashMapIterationOrder([...keys].reverse());
    expect(order).toHaveLength(13);
    expect(new Set(order)).toEqual(new Set(keys));
    // "0".."9" hash to 48..57 (buckets 16..25 of 32); "10", "11", "12" hash to 1567, 1568, 1569
    // (buckets 31, 0, 1).
    expect(order).toEqual(['11', '12', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });
});

describe('keyPartitionWeights', () => {
  it('uniform weights sum to 1 and count keys per partition', () => {
    const weights = keyPartitionWeights(1000, 12, { kind: 'uniform' });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    expect(total).toBeCloseTo(1, 12);
    const counts = new Array<number>(12).fill(0);
    for (let index = 0; index < 1000; index++) {
      const partition = partitionForKey(`key-${index}`, 12);
      counts[partition] = (counts[partition] as number) + 1;
    }
    counts.forEach((count, partition) => expect(weights[partition]).toBeCloseTo(count / 1000, 12));
  });

  it('zipf weights sum to 1 and put key-0 share on its partition', () => {
    const weights = keyPartitionWeights(100, 6, { kind: 'zipf', skew: 1.2 });
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 12);
    const keyShares = zipfWeights(100, 1.2);
    expect(weights[partitionForKey('key-0', 6)]).toBeGreaterThanOrEqual(keyShares[0] as number);
  });

  it('zipf skew 0 equals uniform', () => {
    const zipf = keyPartitionWeights(50, 5, { kind: 'zipf', skew: 0 });
    const uniform = keyPartitionWeights(50, 5, { kind: 'uniform' });
    zipf.forEach((weight, index) => expect(weight).toBeCloseTo(uniform[index] as number, 12));
  });
});
