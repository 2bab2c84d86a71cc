// Every ISMF alarm has one shape: any occurrence in five minutes is one too many, no data is not an
// alarm (no invocations, no errors), and it tells the one alarm topic.
import type { Construct } from 'constructs';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';

export interface AnyOccurrenceAlarmProps {
  description: string;
  /** A count over five minutes (statistic Sum, or a gauge such as visible messages). */
  metric: IMetric;
  topic: ITopic;
}

/** An alarm on the first occurrence of what the metric counts, notifying the alarm topic. */
export function alarmOnAnyOccurrence(scope: Construct, id: string, { description, metric, topic }: AnyOccurrenceAlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
