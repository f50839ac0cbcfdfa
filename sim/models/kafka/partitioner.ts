/**
 * Keyed partition choice and the Java hash functions Kafka's decisions depend on. A record with a
 * key goes to `toPositive(murmur2(keyBytes)) % numPartitions` (KafkaProducer.partition with the
 * built-in partitioner, `partitioner.ignore.keys=false`), counting every partition whether or not
 * it has a leader. A consumer group's coordinator is the leader of `__consumer_offsets` partition
 * `abs(groupId.hashCode()) % offsets.topic.num.partitions`. The null-key uniform sticky partitioner
 * (KIP-794) needs queue state and lives with the accumulator, not here. `javaHashMapIterationOrder`
 * reproduces the one place where Kafka's sticky assignor depends on java.util.HashMap order.
 */
import { assert } from '../../engine/assert.ts';
import { zipfWeights } from '../../engine/random.ts';

const MURMUR2_SEED = 0x9747b28c;
const MURMUR2_MULTIPLIER = 0x5bd1e995;
const MURMUR2_SHIFT = 24;

/** Kafka's Utils.murmur2: MurmurHash2 (32-bit), returned as a signed 32-bit integer like Java. */
export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length;
  let hash = (MURMUR2_SEED ^ length) | 0;
  const wordCount = length >>> 2;
  for (let wordIndex = 0; wordIndex < wordCount; wordIndex++) {
    const offset = wordIndex * 4;
    let word =
      (bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24);
    word = Math.imul(word, MURMUR2_MULTIPLIER);
    word ^= word >>> MURMUR2_SHIFT;
    word = Math.imul(word, MURMUR2_MULTIPLIER);
    hash = Math.imul(hash, MURMUR2_MULTIPLIER);
    hash ^= word;
  }
  // The 1 to 3 trailing bytes fall through from the highest to the lowest, as in Java's switch.
  const tailStart = length & ~3;
  const tailLength = length & 3;
  if (tailLength >= 3) hash ^= (bytes[tailStart + 2] as number) << 16;
  if (tailLength >= 2) hash ^= (bytes[tailStart + 1] as number) << 8;
  if (tailLength >= 1) {
    hash ^= bytes[tailStart] as number;
    hash = Math.imul(hash, MURMUR2_MULTIPLIER);
  }
  hash ^= hash >>> 13;
  hash = Math.imul(hash, MURMUR2_MULTIPLIER);
  hash ^= hash >>> 15;
  return hash | 0;
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs, so MIN_VALUE maps to 0). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

const utf8Encoder = new TextEncoder();

/** The partition a keyed record goes to with the built-in partitioner. Strings are UTF-8. */
export function partitionForKey(key: string | Uint8Array, partitionCount: number): number {
  assert(Number.isSafeInteger(partitionCount), `partitionForKey: count ${partitionCount}`);
  assert(partitionCount > 0, `partitionForKey: partition count ${partitionCount} is not positive`);
  const bytes = typeof key === 'string' ? utf8Encoder.encode(key) : key;
  return toPositive(murmur2(bytes)) % partitionCount;
}

/** Java's String.hashCode over UTF-16 code units: s[0]*31^(n-1) + ... + s[n-1], 32-bit wrap. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  }
  return hash;
}

/** Kafka's Utils.abs: Math.abs except that Integer.MIN_VALUE maps to 0. */
export function javaAbs(value: number): number {
  return value === -2147483648 ? 0 : Math.abs(value);
}

/** The `__consumer_offsets` partition whose leader coordinates the group. */
export function coordinatorPartition(groupId: string, offsetsPartitionCount = 50): number {
  assert(
    Number.isSafeInteger(offsetsPartitionCount),
    `coordinatorPartition: ${offsetsPartitionCount}`,
  );
  assert(offsetsPartitionCount > 0, `coordinatorPartition: count ${offsetsPartitionCount}`);
  return javaAbs(javaStringHashCode(groupId)) % offsetsPartitionCount;
}

export type KeyDistribution = { kind: 'uniform' } | { kind: 'zipf'; skew: number };

/**
 * The share of records that land on each partition when a producer draws keys `key-0` …
 * `key-(keyCount-1)` with the given distribution (uniform, or Zipf where key i has weight
 * 1/(i+1)^skew). Hot keys make hot partitions; this is what the producer model samples from.
 */
export function keyPartitionWeights(
  keyCount: number,
  partitionCount: number,
  distribution: KeyDistribution,
): Float64Array {
  assert(Number.isSafeInteger(keyCount) && keyCount > 0, `keyPartitionWeights: keys ${keyCount}`);
  assert(Number.isSafeInteger(partitionCount), `keyPartitionWeights: count ${partitionCount}`);
  assert(partitionCount > 0, `keyPartitionWeights: partition count ${partitionCount}`);
  const keyWeights =
    distribution.kind === 'uniform' ? null : zipfWeights(keyCount, distribution.skew);
  const partitionWeights = new Float64Array(partitionCount);
  for (let keyIndex = 0; keyIndex < keyCount; keyIndex++) {
    const partition = partitionForKey(`key-${keyIndex}`, partitionCount);
    const weight = keyWeights === null ? 1 / keyCount : (keyWeights[keyIndex] as number);
    partitionWeights[partition] = (partitionWeights[partition] as number) + weight;
  }
  return partitionWeights;
}

const HASH_MAP_CAPACITY_INITIAL = 16;
const HASH_MAP_TREEIFY_THRESHOLD = 8;
const HASH_MAP_TREEIFY_CAPACITY_MIN = 64;

/** java.util.HashMap.hash: spreads the high bits of String.hashCode into the low ones. */
function javaHashMapSpread(key: string): number {
  const hash = javaStringHashCode(key);
  return hash ^ (hash >>> 16);
}

/**
 * The iteration order of a java.util.HashMap<String, …> (default capacity 16, load factor 0.75)
 * after putting `keys` in the given order: by bucket `spread(hash) & (capacity - 1)`, entries of a
 * bucket in insertion order (resizes split buckets without reordering). Capacity doubles when the
 * size exceeds 0.75 × capacity, and also when a bucket reaches 9 entries while capacity < 64 (Java
 * resizes instead of building a tree there). Beyond 64, Java turns a bucket of more than 8 entries
 * into a red-black tree whose order differs; that case is ignored (insertion order is kept), which
 * needs 9 colliding member ids and does not arise in practice. Duplicate keys keep their first
 * slot. `initialCapacity` mirrors `new HashMap<>(n)`.
 */
export function javaHashMapIterationOrder(
  keys: readonly string[],
  initialCapacity = HASH_MAP_CAPACITY_INITIAL,
): string[] {
  assert(initialCapacity >= 1, `javaHashMapIterationOrder: capacity ${initialCapacity}`);
  // Java rounds a requested capacity up to a power of two (HashMap.tableSizeFor).
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  const distinct: string[] = [];
  const seen = new Set<string>();
  const spreads: number[] = [];
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const spread = javaHashMapSpread(key);
    const bucketSize = countInBucket(spreads, spread, capacity);
    distinct.push(key);
    spreads.push(spread);
    if (bucketSize + 1 > HASH_MAP_TREEIFY_THRESHOLD && capacity < HASH_MAP_TREEIFY_CAPACITY_MIN) {
      capacity *= 2;
    }
    if (distinct.length > capacity * 0.75) capacity *= 2;
  }
  const mask = capacity - 1;
  const indices = distinct.map((_, index) => index);
  // Stable by construction: the tie-break is the insertion index, which is unique.
  indices.sort(
    (a, b) => ((spreads[a] as number) & mask) - ((spreads[b] as number) & mask) || a - b,
  );
  assert(indices.length === distinct.length, 'javaHashMapIterationOrder: lost a key');
  return indices.map((index) => distinct[index] as string);
}

function countInBucket(spreads: readonly number[], spread: number, capacity: number): number {
  const mask = capacity - 1;
  let count = 0;
  for (const other of spreads) if ((other & mask) === (spread & mask)) count++;
  return count;
}
