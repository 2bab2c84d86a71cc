// The local stand-in for IAM on the tenant role and session policies: what it must refuse as AWS would.
// (Found by mutation testing: a request with one foreign key among its own, a Deny statement, pattern
// metacharacters, and the session policy of a function that declares no table access.)
import { describe, expect, it } from 'vitest';
import {
  LEADING_KEYS_PATTERN,
  READ_ACTIONS,
  WRITE_ACTIONS,
  sessionAllows,
  sessionPolicy,
  tableArns,
  tenantRoleTableStatement,
  type DataRequest,
  type PolicyStatement,
} from '@ismf/store/iam-policy';

const arns = tableArns('arn:aws:dynamodb:eu-west-1:111122223333:table/ismf');
const role = [tenantRoleTableStatement(arns)];
const tags = { tenantId: 'acme' };
const get = (leadingKeys: string[], resource = arns.table): DataRequest => ({ action: 'dynamodb:GetItem', resource, leadingKeys });
const writer = sessionPolicy({ table: 'write' }, arns);

describe('the tenant role and session policies, evaluated locally', () => {
  it('writes the policies it evaluates: the tenant tag in the leading-keys pattern, the declared actions only', () => {
    expect(LEADING_KEYS_PATTERN).toBe('${aws:PrincipalTag/tenantId}#*');
    expect(READ_ACTIONS).toEqual(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']);
    expect(WRITE_ACTIONS).toEqual([...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']);
    expect(sessionPolicy({ table: 'read', indexes: ['GSI2'] }, arns)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DeclaredAccess', Effect: 'Allow', Action: READ_ACTIONS, Resource: [arns.table, `${arns.table}/index/GSI2`] }],
    });
  });

  it('allows a request whose every key is the tenant’s, and refuses one foreign key among its own', () => {
    expect(sessionAllows(role, writer, get(['acme#user#1', 'acme#asset#2']), tags)).toBe(true);
    expect(sessionAllows(role, writer, get(['acme#user#1', 'other#user#1']), tags)).toBe(false);
    expect(sessionAllows(role, writer, get(['other#user#1']), tags)).toBe(false);
    // A prefix of another tenant's id is not the tenant: the separator is part of the pattern.
    expect(sessionAllows(role, writer, get(['acme-two#user#1']), tags)).toBe(false);
  });

  it('refuses everything without the tenant tag, and everything to a function that declares no table access', () => {
    expect(sessionAllows(role, writer, get(['acme#user#1']), {})).toBe(false);
    expect(sessionPolicy({ table: 'none' }, arns)).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(sessionAllows(role, sessionPolicy({ table: 'none' }, arns), get(['acme#user#1']), tags)).toBe(false);
  });

  it('refuses an index the session does not name, and a write to a reader', () => {
    const reader = sessionPolicy({ table: 'read', indexes: ['GSI1'] }, arns);
    const query = (index: string): DataRequest => ({ action: 'dynamodb:Query', resource: `${arns.table}/index/${index}`, leadingKeys: ['acme#user'] });
    expect(sessionAllows(role, reader, query('GSI1'), tags)).toBe(true);
    expect(sessionAllows(role, reader, query('GSI2'), tags)).toBe(false);
    expect(sessionAllows(role, reader, { action: 'dynamodb:PutItem', resource: arns.table, leadingKeys: ['acme#user#1'] }, tags)).toBe(false);
  });

  it('never reads a Deny statement as an allowance', () => {
    const deny: PolicyStatement[] = [{ ...tenantRoleTableStatement(arns), Effect: 'Deny' }];
    expect(sessionAllows(deny, writer, get(['acme#user#1']), tags)).toBe(false);
  });

  it('matches patterns literally but for * and ?, across any characters', () => {
    const exact = (pattern: string): PolicyStatement[] => [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: [arns.table],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [pattern] } },
      },
    ];
    // A regular-expression metacharacter in a pattern is a plain character.
    expect(sessionAllows(exact('a.me#*'), writer, get(['acme#x']), tags)).toBe(false);
    expect(sessionAllows(exact('a.me#*'), writer, get(['a.me#x']), tags)).toBe(true);
    // `?` is exactly one character; `*` spans anything, a line break included.
    expect(sessionAllows(exact('ac?e#*'), writer, get(['acme#x']), tags)).toBe(true);
    expect(sessionAllows(exact('ac?e#*'), writer, get(['ace#x']), tags)).toBe(false);
    expect(sessionAllows(exact('acme#*'), writer, get(['acme#line\nbreak']), tags)).toBe(true);
    // Several patterns: each key needs one of them, not all.
    const either: PolicyStatement[] = [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: [arns.table],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['acme#*', '_platform#*'] } },
      },
    ];
    expect(sessionAllows(either, writer, get(['acme#x', '_platform#tenant#acme']), tags)).toBe(true);
    expect(sessionAllows(either, writer, get(['acme#x', 'other#x']), tags)).toBe(false);
  });

  it('refuses to evaluate a condition it does not implement, rather than ignore it', () => {
    const unsupported = (operator: string, key: string): PolicyStatement[] => [
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [arns.table], Condition: { [operator]: { [key]: 'acme#*' } } },
    ];
    expect(() => sessionAllows(unsupported('StringEquals', 'dynamodb:LeadingKeys'), writer, get(['acme#x']), tags)).toThrow(
      'unsupported condition StringEquals dynamodb:LeadingKeys',
    );
    expect(() => sessionAllows(unsupported('ForAllValues:StringLike', 'dynamodb:Attributes'), writer, get(['acme#x']), tags)).toThrow(
      'unsupported condition ForAllValues:StringLike dynamodb:Attributes',
    );
  });
});
