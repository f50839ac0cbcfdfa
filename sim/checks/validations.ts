/**
 * Validations run once at the end of a check-mode run. Kafka promises that no acknowledged
 * record is lost when every producer uses acks=all, every topic has min.insync.replicas >= 2 and
 * unclean leader election is off (and no more than RF - min.insync.replicas replicas fail at once,
 * which kafkasim cannot promise for an arbitrary fault schedule, so the promise is checked only
 * when the scenario's faults never take down two brokers at the same time). Outside the promise,
 * loss is reported in the summary, not asserted.
 */

export interface PromiseFacts {
  allAcksAll: boolean;
  minInsyncReplicasAtLeastTwo: boolean;
  uncleanElectionOff: boolean;
  atMostOneBrokerDownAtOnce: boolean;
}

export interface ValidationFailure {
  name: string;
  message: string;
}

export function kafkaPromisesNoLoss(facts: PromiseFacts): boolean {
  return (
    facts.allAcksAll &&
    facts.minInsyncReplicasAtLeastTwo &&
    facts.uncleanElectionOff &&
    facts.atMostOneBrokerDownAtOnce
  );
}

export function validateDurability(
  facts: PromiseFacts,
  ackedRecordsLost: number,
): ValidationFailure[] {
  if (!kafkaPromisesNoLoss(facts) || ackedRecordsLost === 0) return [];
  return [
    {
      name: 'no acknowledged record lost under acks=all, min.insync.replicas >= 2, clean election',
      message: `${ackedRecordsLost} acknowledged records were lost although Kafka promises none`,
    },
  ];
}
