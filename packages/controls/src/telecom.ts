// The telecom extended control set of X.1051 (2008) Annex A, as far as sources show it; never more
// certain than they are: what no 2008 source confirms is "likely; no 2008 source", without a number.
import { telecomAdditions as seenAdditions, telecomAdditionsUnverified } from './x1051-2008.json';

export interface TelecomAddition {
  /** As far as a source shows it (`A.4.1.3`); absent or marked inferred where no 2008 source gives it. */
  number?: string;
  numberInferred: boolean;
  title: string;
  /** `seen in a 2008 source`, or `likely; no 2008 source` (recalled from later editions). */
  certainty: 'seen in a 2008 source' | 'likely; no 2008 source';
  basis: string;
}

/** The telecom extended control set of X.1051 (2008) Annex A, as far as sources show it; never more certain than they are. */
export const telecomAdditions: readonly TelecomAddition[] = [
  ...seenAdditions.map((addition) => {
    const inferred = /\(number inferred\)/.test(addition.number);
    const number = addition.number.replace(/\s*\(number inferred\)\s*/, '');
    return {
      ...(/^A\.\d+\.\d+\.\d+$/.test(number) ? { number } : {}),
      numberInferred: inferred,
      title: addition.title,
      certainty: 'seen in a 2008 source' as const,
      basis: addition.basis,
    };
  }),
  ...telecomAdditionsUnverified.map((addition) => ({
    numberInferred: true,
    title: addition.title,
    certainty: 'likely; no 2008 source' as const,
    basis: addition.basis,
  })),
];
