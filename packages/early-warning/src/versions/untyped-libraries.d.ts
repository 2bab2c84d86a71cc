// The two version libraries that ship plain JavaScript: what we use of them.
declare module 'deb-version-compare' {
  /** dpkg's ordering of two Debian versions: negative, 0 or positive. */
  export default function compare(a: string, b: string): number;
}

declare module 'mvncmp' {
  /** Maven's ComparableVersion ordering of two versions: negative, 0 or positive. */
  export function compare(a: string, b: string): number;
  const mvncmp: { compare: typeof compare };
  export default mvncmp;
}
