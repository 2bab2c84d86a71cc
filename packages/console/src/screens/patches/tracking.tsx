// The tracking of an early warning (X.1052 12.2.1 c → 12.2.3): the patch requirements its approved
// recommendations became (GET /patch-requirements?earlyWarning=…, one page holds them all), grouped per
// recommendation — per requirement the asset, its state and due date — and how many assets are still exposed
// (outstanding: not patched and not closed). Drawn on the early warning's page.
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { api, useApiData } from '../../api.ts';
import { Loading } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { DueDate, isOutstanding, StateBadge, type Requirement } from './parts.tsx';

type Warning = Pick<Schemas['EarlyWarning'], 'id' | 'version' | 'recommendations'>;

interface Group {
  recommendationId: string;
  summary: string;
  requirements: Requirement[];
}

/** The requirements per recommendation of this early warning, in the order of its recommendations. */
function groupsOf(warning: Warning, requirements: readonly Requirement[]): Group[] {
  const groups = new Map<string, Group>();
  for (const recommendation of warning.recommendations)
    groups.set(recommendation.id, { recommendationId: recommendation.id, summary: recommendation.summary, requirements: [] });
  for (const requirement of requirements) {
    const answers = requirement.earlyWarnings.filter((entry) => entry.earlyWarningId === warning.id).map((entry) => entry.recommendationId);
    // A requirement that lists more than 20 early warnings may not name this one's recommendation: it stands apart.
    for (const recommendationId of answers.length ? answers : ['']) {
      const group = groups.get(recommendationId) ?? {
        recommendationId,
        summary: recommendationId ? 'A recommendation no longer listed' : 'Other requirements',
        requirements: [],
      };
      group.requirements.push(requirement);
      groups.set(recommendationId, group);
    }
  }
  return [...groups.values()].filter((group) => group.requirements.length > 0);
}

/** "N of M assets still exposed": the assets (each once) with an outstanding requirement, of all the assets tracked. */
function exposure(requirements: readonly Requirement[]) {
  const assets = new Set(requirements.map((requirement) => requirement.assetId));
  const exposed = new Set(requirements.filter(isOutstanding).map((requirement) => requirement.assetId));
  return { exposed: exposed.size, assets: assets.size };
}

const exposedText = ({ exposed, assets }: { exposed: number; assets: number }) => `${exposed} of ${assets} ${assets === 1 ? 'asset' : 'assets'} still exposed`;

export function PatchTracking({ warning }: { warning: Warning }) {
  const read = useApiData(
    () => api().GET('/patch-requirements', { params: { query: { earlyWarning: warning.id, limit: 100 } } }),
    [warning.id, warning.version],
  );
  const requirements = read.data?.items;
  const groups = requirements ? groupsOf(warning, requirements) : [];
  return (
    <section className="card" aria-labelledby="warning-tracking">
      <h2 id="warning-tracking">Tracking</h2>
      <ProblemBanner problem={read.problem} />
      {!read.data && read.loading && <Loading what="the patch requirements" />}
      {requirements?.length === 0 && (
        <p className="empty">No patch requirement yet: the patch recommendations become requirements, per asset, once their review approves them.</p>
      )}
      {requirements && requirements.length > 0 && (
        <p>
          <strong>{exposedText(exposure(requirements))}</strong> <span className="hint">(outstanding: not patched and not closed)</span>
        </p>
      )}
      {groups.map((group, index) => {
        const id = `tracking-${index}`;
        return (
          <section key={group.recommendationId || 'other'} aria-labelledby={id}>
            <h3 id={id}>{group.summary}</h3>
            <p>{exposedText(exposure(group.requirements))}</p>
            <table>
              <caption>The patch requirements of “{group.summary}”, per asset</caption>
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">State</th>
                  <th scope="col">Due</th>
                  <th scope="col">Requirement</th>
                </tr>
              </thead>
              <tbody>
                {group.requirements.map((requirement) => (
                  <tr key={requirement.id}>
                    <th scope="row">
                      <Link to={`/assets/${requirement.assetId}`}>{requirement.assetName}</Link>
                    </th>
                    <td>
                      <StateBadge state={requirement.state} />
                    </td>
                    <td>
                      <DueDate requirement={requirement} />
                    </td>
                    <td>
                      <Link to={`/patch-requirements/${requirement.id}`}>{requirement.summary}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </section>
  );
}
