// CVSS base scores computed from the vector, not taken from the document: a stated score can be stale or
// mistyped, and the register filters by severity. ae-cvss-calculator implements all four versions.
// Its package is a CommonJS bundle that Node's ESM loader sees no named exports in: the default import is
// its `module.exports`, where the classes live.
import cvssCalculator from 'ae-cvss-calculator';
import { SEVERITIES, type CvssScore, type Severity } from './summary.ts';

type CvssVersion = CvssScore['version'];

interface Computed {
  version: CvssVersion;
  baseScore: number;
}

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

const V3_OR_V4 = /^CVSS:(3\.0|3\.1|4\.0)\//;
// CVSS 2.0 has no prefix of its own; NVD writes it bare, some feeds in parentheses or as "CVSS:2.0/…".
const V2_PREFIX = /^(?:CVSS:2\.0\/)?\(?(AV:[LAN]\/[^()]*)\)?$/;

// One advisory repeats a vector for each product group, a delivery for each record: compute each once.
// Bounded, so a stream of distinct vectors cannot grow it without limit.
const MEMO_LIMIT = 10_000;
const memo = new Map<string, Computed | null>();

function compute(vector: string): Computed | null {
  const v3OrV4 = V3_OR_V4.exec(vector);
  const v2 = v3OrV4 ? null : V2_PREFIX.exec(vector);
  try {
    if (v3OrV4) {
      const version = v3OrV4[1] as CvssVersion;
      if (version === '4.0') {
        const cvss = new Cvss4P0(vector);
        if (!cvss.isBaseFullyDefined()) return null;
        // The base score is CVSS-B, from the base metrics only: a threat metric (E:U) lowers `base`.
        const scores = cvss.calculateScores();
        return { version, baseScore: scores.baseMetricsOnly ?? scores.base ?? scores.overall };
      }
      const cvss = version === '3.1' ? new Cvss3P1(vector) : new Cvss3P0(vector);
      if (!cvss.isBaseFullyDefined()) return null;
      const scores = cvss.calculateScores();
      return scores.base === undefined ? null : { version, baseScore: scores.base };
    }
    if (v2) {
      const cvss = new Cvss2(v2[1]);
      if (!cvss.isBaseFullyDefined()) return null;
      const scores = cvss.calculateScores();
      return scores.base === undefined ? null : { version: '2.0', baseScore: scores.base };
    }
  } catch {
    // The calculator throws on an unknown metric or value: such a vector has no score.
  }
  return null;
}

function computed(vector: string): Computed | null {
  let result = memo.get(vector);
  if (result === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    result = compute(vector);
    memo.set(vector, result);
  }
  return result;
}

/** The qualitative rating of a base score: CVSS 3.x and 4.0's scale; for 2.0, which has none, NVD's (low, medium, high). */
export function severityOf(baseScore: number, version: CvssVersion): Severity {
  if (version === '2.0') return baseScore >= 7 ? 'high' : baseScore >= 4 ? 'medium' : 'low';
  if (baseScore === 0) return 'none';
  if (baseScore < 4) return 'low';
  if (baseScore < 7) return 'medium';
  if (baseScore < 9) return 'high';
  return 'critical';
}

/**
 * The score of a CVSS vector (2.0, 3.0, 3.1 or 4.0), or undefined when it is no complete, valid vector.
 * `statedScore`, the base score the document gives, is kept only where it differs from the computed one.
 */
export function scoreOf(vector: string, statedScore?: number, source?: string): CvssScore | undefined {
  const trimmed = vector.trim();
  const result = computed(trimmed);
  if (!result) return undefined;
  const score: CvssScore = {
    version: result.version,
    vector: trimmed,
    baseScore: result.baseScore,
    severity: severityOf(result.baseScore, result.version),
  };
  // Scores have one decimal: compare in tenths, so 7.5 and 7.50000001 agree.
  if (typeof statedScore === 'number' && Number.isFinite(statedScore) && Math.round(statedScore * 10) !== Math.round(result.baseScore * 10)) {
    score.statedScore = statedScore;
  }
  if (source) score.source = source;
  return score;
}

/** The highest of the scores' severities; undefined without a score. */
export function highestSeverity(scores: readonly CvssScore[]): Severity | undefined {
  let highest = -1;
  for (const score of scores) highest = Math.max(highest, SEVERITIES.indexOf(score.severity));
  return highest < 0 ? undefined : SEVERITIES[highest];
}
