// cdk-nag helpers: findings name resources with unresolved pseudo parameters in angle brackets.
import { Stack, Token } from 'aws-cdk-lib';

export function asNagSees(stack: Stack, text: string): string {
  return [
    [stack.account, '<AWS::AccountId>'],
    [stack.region, '<AWS::Region>'],
    [stack.partition, '<AWS::Partition>'],
  ]
    .reduce((result, [value, shown]) => (Token.isUnresolved(value) ? result.split(value!).join(shown!) : result), text)
    .replace(/\$\{(aws:[^}]+)\}/g, '<$1>');
}
