import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { callerFromEvent, parseGroups } from '@ismf/http/claims';

function eventWith(claims: Record<string, unknown>) {
  return { requestContext: { authorizer: { jwt: { claims, scopes: [] } } } } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('claim parsing', () => {
  it('reads groups as an array and as API Gateway’s bracket string', () => {
    expect(parseGroups(['admin', 'security-officer'])).toEqual(['admin', 'security-officer']);
    expect(parseGroups('[admin security-officer]')).toEqual(['admin', 'security-officer']);
    expect(parseGroups('[admin]')).toEqual(['admin']);
    expect(parseGroups('["admin","auditor"]')).toEqual(['admin', 'auditor']);
    expect(parseGroups('[]')).toEqual([]);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups('staff')).toEqual(['staff']);
  });

  it('takes tenant, subject and roles from the claims', () => {
    const caller = callerFromEvent(eventWith({ sub: 'u-1', email: 'a@b.example', 'custom:tenant_id': 'acme-telecom', 'cognito:groups': '[auditor staff]' }));
    expect(caller).toEqual({ userId: 'u-1', email: 'a@b.example', tenantId: 'acme-telecom', roles: ['auditor', 'staff'] });
  });

  it('answers 401 without a subject and for a malformed tenant claim', () => {
    expect(() => callerFromEvent(eventWith({}))).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => callerFromEvent(eventWith({ sub: 'u', 'custom:tenant_id': 'Bad#Tenant' }))).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('refuses an operator token that also names a tenant', () => {
    expect(() => callerFromEvent(eventWith({ sub: 'op', 'custom:tenant_id': 'acme-telecom', 'cognito:groups': '[platform-operator]' }))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });
});
