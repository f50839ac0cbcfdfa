/**
 * Property tests over random groups: validity (every partition of a subscribed topic assigned once,
 * only to subscribers, every member present), balance with equal subscriptions, stickiness when a
 * member joins, and the cooperative rule that nothing is handed out while another member owns it.
 * Reproduce a failure with the seed fast-check prints: fc.assert(..., { seed, path }).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assign,
  assignOrdered,
  type Assignment,
  type AssignmentInput,
  type AssignorStrategy,
  type GroupMember,
} from '../../../sim/models/kafka/assignors/index.ts';

const TOPIC_NAMES = ['orders', 'payments', 'clicks', 'logs'];

const topicsArbitrary = fc
  .uniqueArray(fc.constantFrom(...TOPIC_NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), fc.integer({ min: 1, max: 9 })))),
  )
  .map((entries) => Object.fromEntries(entries) as Record<string, number>);

function groupArbitrary(equalSubscriptions: boolean): fc.Arbitrary<AssignmentInput> {
  return topicsArbitrary.chain((topics) => {
    const names = Object.keys(topics);
    const subscription = fc.subarray(names, { minLength: 1 });
    return fc
      .tuple(
        fc.integer({ min: 1, max: 8 }),
        subscription,
        fc.array(subscription, { minLength: 8, maxLength: 8 }),
      )
      .map(([count, shared, each]) => ({
        topics,
        members: Array.from({ length: count }, (_, index): GroupMember => ({
          memberId: `member-${String.fromCharCode(97 + ((index * 5) % 8))}${index}`,
          topics: equalSubscriptions ? shared : (each[index] as string[]),
        })),
      }));
  });
}

function checkValidity(input: AssignmentInput, assignment: Assignment, exactlyOnce: boolean): void {
  expect(Object.keys(assignment).sort()).toEqual(input.members.map((m) => m.memberId).sort());
  const seen = new Set<string>();
  for (const current of input.members) {
    for (const [topic, partition] of assignment[current.memberId] ?? []) {
      expect(current.topics).toContain(topic);
      const key = `${topic}-${partition}`;
      expect(seen.has(key), `${key} assigned twice`).toBe(false);
      seen.add(key);
    }
  }
  if (!exactlyOnce) return;
  for (const [topic, count] of Object.entries(input.topics)) {
    if (!input.members.some((m) => m.topics.includes(topic))) continue;
    for (let partition = 0; partition < count; partition++)
      expect(seen).toContain(`${topic}-${partition}`);
  }
}

function spread(assignment: Assignment): number {
  const sizes = Object.values(assignment).map((list) => list.length);
  return Math.max(...sizes) - Math.min(...sizes);
}

/** The group after a rebalance: everyone reports what they now own, at the next generation. */
function owning(
  input: AssignmentInput,
  assignment: Assignment,
  generation: number,
): AssignmentInput {
  return {
    topics: input.topics,
    members: input.members.map((m) => ({ ...m, owned: assignment[m.memberId] ?? [], generation })),
  };
}

/** Run cooperative-sticky rebalances until nothing is withheld. */
function settleCooperative(input: AssignmentInput): Assignment {
  let current = input;
  let assignment = assign('cooperative-sticky', current);
  for (let round = 2; round < 6; round++) {
    const next = owning(current, assignment, round);
    const again = assign('cooperative-sticky', next);
    if (JSON.stringify(again) === JSON.stringify(assignment)) return assignment;
    current = next;
    assignment = again;
  }
  return assignment;
}

const STRATEGIES: AssignorStrategy[] = [
  'range',
  'roundrobin',
  'sticky',
  'cooperative-sticky',
  'uniform',
  'server-range',
];

describe('assignor properties', () => {
  it.each(STRATEGIES)(
    '%s assigns every subscribed partition once, to subscribers only',
    (strategy) => {
      fc.assert(
        fc.property(fc.boolean().chain(groupArbitrary), (input) => {
          checkValidity(input, assign(strategy, input), true);
          const ordered = assignOrdered(strategy, input);
          checkValidity(input, ordered, true);
        }),
        { numRuns: 200 },
      );
    },
  );

  it.each(['roundrobin', 'sticky', 'uniform'] as const)(
    '%s is balanced (max - min <= 1) with equal subscriptions',
    (strategy) => {
      fc.assert(
        fc.property(groupArbitrary(true), (input) => {
          expect(spread(assign(strategy, input))).toBeLessThanOrEqual(1);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('cooperative-sticky reaches balance within a few rebalances with equal subscriptions', () => {
    fc.assert(
      fc.property(groupArbitrary(true), (input) => {
        const first = assign('cooperative-sticky', input);
        const settled = settleCooperative(owning(input, first, 1));
        checkValidity(input, settled, true);
        expect(spread(settled)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });

  it.each(['sticky', 'cooperative-sticky', 'uniform'] as const)(
    '%s keeps owned partitions up to the quota when one member joins',
    (strategy) => {
      fc.assert(
        fc.property(groupArbitrary(true), (input) => {
          const before =
            strategy === 'cooperative-sticky' ? settleCooperative(input) : assign(strategy, input);
          const grown = owning(input, before, 1);
          const newcomer: GroupMember = {
            memberId: 'member-new',
            topics: input.members[0]?.topics ?? [],
            generation: 1,
          };
          const after = assign(strategy, {
            topics: input.topics,
            members: [...grown.members, newcomer],
          });
          const total =
            grown.members[0]?.topics.reduce((sum, topic) => sum + (input.topics[topic] ?? 0), 0) ??
            0;
          const minQuota = Math.floor(total / (grown.members.length + 1));
          for (const current of grown.members) {
            const owned = new Set((current.owned ?? []).map(([t, p]) => `${t}-${p}`));
            const kept = (after[current.memberId] ?? []).filter(([t, p]) => owned.has(`${t}-${p}`));
            expect(kept.length).toBeGreaterThanOrEqual(Math.min(owned.size, minQuota));
          }
        }),
        { numRuns: 150 },
      );
    },
  );

  it('cooperative-sticky never assigns a partition another member still owns', () => {
    fc.assert(
      fc.property(
        fc.boolean().chain(groupArbitrary),
        fc.integer({ min: 0, max: 1000 }),
        (input, salt) => {
          // Ownership from a roundrobin run on a shifted membership, so owners and subscriptions disagree.
          const shifted = {
            ...input,
            members: [
              ...input.members.slice(salt % input.members.length),
              ...input.members.slice(0, salt % input.members.length),
            ],
          };
          const previous = assign('roundrobin', {
            ...shifted,
            members: shifted.members.map((m, i) => ({
              ...m,
              memberId: input.members[i]?.memberId ?? m.memberId,
            })),
          });
          const withOwnership = owning(input, previous, 3);
          const result = assign('cooperative-sticky', withOwnership);
          checkValidity(input, result, false);
          for (const current of withOwnership.members) {
            for (const [topic, partition] of result[current.memberId] ?? []) {
              const ownedElsewhere = withOwnership.members.some(
                (other) =>
                  other.memberId !== current.memberId &&
                  (other.owned ?? []).some(([t, p]) => t === topic && p === partition),
              );
              expect(
                ownedElsewhere,
                `${topic}-${partition} handed to ${current.memberId} while owned`,
              ).toBe(false);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
