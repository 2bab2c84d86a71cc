// A change template: what its standard changes do and how they are undone, the asset types they may touch,
// where its approval stands, and its decision record drawn as steps (a security officer checks, a manager
// approves), linking the open decision and the full record.
import { Link, useLocation, useParams } from 'react-router';
import { api, useApiData } from '../../api.ts';
import { FlowSteps, useFlow } from '../../ui/flow-steps.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { TemplateStatus, assetTypesText } from './management-parts.tsx';
import { NumberedList } from '../../ui/form.tsx';

export default function Template() {
  const { changeTemplateId = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const read = useApiData(() => api().GET('/change-templates/{changeTemplateId}', { params: { path: { changeTemplateId } } }), [changeTemplateId]);
  const template = read.data;
  const flow = useFlow(template?.flowId, template?.version);
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  return (
    <Page title={template ? `Change template: ${template.name}` : 'Change template'}>
      <p>
        <Link to="/change-templates">All change templates</Link>
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {missing ? <p>There is no change template {changeTemplateId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!template && read.loading && <Loading what="the template" />}
      {template && (
        <>
          <section className="card" aria-labelledby="template-facts">
            <h2 id="template-facts">Where it stands</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <TemplateStatus status={template.status} />
                {template.status === 'approved' && ' — standard changes may follow it'}
              </dd>
              <dt>Description</dt>
              <dd>{template.description}</dd>
              <dt>Asset types</dt>
              <dd>{assetTypesText(template.assetTypes)}</dd>
              <dt>Proposed by</dt>
              <dd>
                {personName(template.requestedByPerson, template.requestedBy)} on {formatTime(template.createdAt)}
              </dd>
              {template.author !== template.requestedBy && (
                <>
                  <dt>Revised by</dt>
                  <dd>{personName(template.authorPerson, template.author)}</dd>
                </>
              )}
              {template.revisionNote && (
                <>
                  <dt>Revision note</dt>
                  <dd>{template.revisionNote}</dd>
                </>
              )}
              {template.returnReason && (
                <>
                  <dt>Returned because</dt>
                  <dd>{template.returnReason}</dd>
                </>
              )}
              {template.rejectionReason && (
                <>
                  <dt>Rejected because</dt>
                  <dd>{template.rejectionReason}</dd>
                </>
              )}
              <dt>Last changed</dt>
              <dd>{formatTime(template.updatedAt)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="template-steps">
            <h2 id="template-steps">Steps</h2>
            <NumberedList items={template.steps} />
            <h2>Rollback</h2>
            <NumberedList items={template.rollback} />
          </section>
          <ProblemBanner problem={flow.problem} />
          {template.flowId && !flow.data && !flow.problem && <Loading what="its approval" />}
          {flow.data && <FlowSteps flow={flow.data} heading="Approval" />}
          {template.flowId && (
            <p>
              <Link to={`/flows/${template.flowId}`}>The full decision record</Link>
            </p>
          )}
        </>
      )}
    </Page>
  );
}
