// What an OSV record says for its summary. OSV names no publisher: the id's prefix names the database it
// comes from (the OSV schema's list of home databases), else `database_specific` may.
import { asList, asRecord, asText } from './delivery-documents.ts';
import type { AdvisoryDraft } from './summarise.ts';
import type { AdvisoryReference } from './summary.ts';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

const DATABASES: Record<string, { name: string; namespace?: string }> = {
  GHSA: { name: 'GitHub Advisory Database', namespace: 'https://github.com/advisories' },
  GO: { name: 'Go Vulnerability Database', namespace: 'https://pkg.go.dev/vuln' },
  PYSEC: { name: 'PyPI Advisory Database', namespace: 'https://github.com/pypa/advisory-database' },
  PSF: { name: 'Python Software Foundation', namespace: 'https://github.com/psf/advisory-database' },
  RUSTSEC: { name: 'RustSec Advisory Database', namespace: 'https://rustsec.org' },
  OSV: { name: 'OSS-Fuzz', namespace: 'https://github.com/google/oss-fuzz-vulns' },
  CVE: { name: 'CVE Program (OSV conversion)', namespace: 'https://osv.dev' },
  MAL: { name: 'OpenSSF Malicious Packages', namespace: 'https://github.com/ossf/malicious-packages' },
  DSA: { name: 'Debian Security Tracker', namespace: 'https://security-tracker.debian.org' },
  DLA: { name: 'Debian Security Tracker', namespace: 'https://security-tracker.debian.org' },
  DTSA: { name: 'Debian Security Tracker', namespace: 'https://security-tracker.debian.org' },
  DEBIAN: { name: 'Debian Security Tracker', namespace: 'https://security-tracker.debian.org' },
  ELA: { name: 'Freexian Debian ELTS', namespace: 'https://www.freexian.com/lts/extended' },
  ALPINE: { name: 'Alpine Security Database', namespace: 'https://security.alpinelinux.org' },
  ALSA: { name: 'AlmaLinux Errata', namespace: 'https://errata.almalinux.org' },
  ALBA: { name: 'AlmaLinux Errata', namespace: 'https://errata.almalinux.org' },
  ALEA: { name: 'AlmaLinux Errata', namespace: 'https://errata.almalinux.org' },
  RLSA: { name: 'Rocky Linux Errata', namespace: 'https://errata.rockylinux.org' },
  RXSA: { name: 'Rocky Linux Errata', namespace: 'https://errata.rockylinux.org' },
  RHSA: { name: 'Red Hat Product Security', namespace: 'https://access.redhat.com/security' },
  RHBA: { name: 'Red Hat Product Security', namespace: 'https://access.redhat.com/security' },
  RHEA: { name: 'Red Hat Product Security', namespace: 'https://access.redhat.com/security' },
  'SUSE-SU': { name: 'SUSE', namespace: 'https://www.suse.com/security' },
  'SUSE-RU': { name: 'SUSE', namespace: 'https://www.suse.com/security' },
  'SUSE-FU': { name: 'SUSE', namespace: 'https://www.suse.com/security' },
  'SUSE-OU': { name: 'SUSE', namespace: 'https://www.suse.com/security' },
  'openSUSE-SU': { name: 'openSUSE', namespace: 'https://www.suse.com/security' },
  USN: { name: 'Ubuntu Security Notices', namespace: 'https://ubuntu.com/security' },
  UBUNTU: { name: 'Ubuntu Security', namespace: 'https://ubuntu.com/security' },
  LSN: { name: 'Ubuntu Livepatch Security Notices', namespace: 'https://ubuntu.com/security' },
  'ASB-A': { name: 'Android Security Bulletins', namespace: 'https://source.android.com/docs/security/bulletin' },
  'PUB-A': { name: 'Android Security Bulletins', namespace: 'https://source.android.com/docs/security/bulletin' },
  BIT: { name: 'Bitnami Vulnerability Database', namespace: 'https://github.com/bitnami/vulndb' },
  CGA: { name: 'Chainguard Security', namespace: 'https://images.chainguard.dev/security' },
  CURL: { name: 'curl', namespace: 'https://curl.se/docs/security.html' },
  DRUPAL: { name: 'Drupal Security', namespace: 'https://www.drupal.org/security' },
  EEF: { name: 'Erlang Ecosystem Foundation', namespace: 'https://github.com/erlef/security-advisories' },
  HSEC: { name: 'Haskell Security Advisories', namespace: 'https://github.com/haskell/security-advisories' },
  JLSEC: { name: 'Julia Security Advisories', namespace: 'https://github.com/JuliaLang/SecurityAdvisories.jl' },
  KUBE: { name: 'Kubernetes', namespace: 'https://kubernetes.io' },
  MGASA: { name: 'Mageia Advisories', namespace: 'https://advisories.mageia.org' },
  OESA: { name: 'openEuler Security', namespace: 'https://www.openeuler.org' },
  PHSA: { name: 'Photon OS Security', namespace: 'https://github.com/vmware/photon' },
  RSEC: { name: 'R Consortium Advisory Database', namespace: 'https://github.com/RConsortium/r-advisory-database' },
  FreeBSD: { name: 'FreeBSD VuXML', namespace: 'https://vuxml.freebsd.org' },
};

// The prefixes with a hyphen inside them first, then any leading word.
const PREFIX = /^(ASB-A|PUB-A|SUSE-[SRFO]U|openSUSE-SU|[A-Za-z]+)-/;

function publisherOf(id: string, databaseSpecific: Record<string, unknown> | undefined): AdvisoryDraft['publisher'] {
  const prefix = PREFIX.exec(id)?.[1];
  const known = prefix ? DATABASES[prefix] : undefined;
  if (known) return { ...known };
  // An unknown prefix: the host of the database's own link (`database_specific.url`), else the prefix itself.
  const url = asText(databaseSpecific?.url);
  if (url && URL.canParse(url)) return { name: new URL(url).host, namespace: new URL(url).origin };
  return { name: prefix ?? id };
}

function addSeverities(into: AdvisoryDraft['scores'], severities: unknown): void {
  for (const item of asList(severities)) {
    const record = asRecord(item);
    const type = asText(record?.type);
    const vector = asText(record?.score);
    // CVSS_V2, CVSS_V3, CVSS_V4; "Ubuntu" and other non-CVSS ratings have no vector to score.
    if (vector && type?.startsWith('CVSS_V')) into.push({ vector });
  }
}

export function osvDraft(osv: unknown): AdvisoryDraft {
  const record = asRecord(osv) ?? {};
  const id = asText(record.id);
  const databaseSpecific = asRecord(record.database_specific);
  const aliases = asList(record.aliases).filter((alias): alias is string => typeof alias === 'string');

  const draft: AdvisoryDraft = {
    documentId: id,
    documentVersion: asText(record.modified),
    publisher: publisherOf(id ?? '', databaseSpecific),
    title: asText(record.summary),
    description: asText(record.details) ?? asText(record.summary),
    published: asText(record.published),
    updated: asText(record.modified),
    cveIds: [],
    aliases: id ? [id, ...aliases] : aliases,
    cwes: [],
    scores: [],
    references: [],
    productCount: asList(record.affected).length,
  };
  if (record.withdrawn) draft.status = 'withdrawn';
  for (const alias of draft.aliases) if (CVE_ID.test(alias)) draft.cveIds.push(alias);

  for (const cwe of asList(databaseSpecific?.cwe_ids)) if (typeof cwe === 'string') draft.cwes.push({ id: cwe });
  addSeverities(draft.scores, record.severity);
  for (const item of asList(record.affected)) {
    const affected = asRecord(item);
    if (!affected) continue;
    // OSV 1.5 lets a package carry its own severity; GHSA's conversion keeps CWEs (with names) per package.
    addSeverities(draft.scores, affected.severity);
    for (const cwe of asList(asRecord(affected.database_specific)?.cwes)) {
      const cweRecord = asRecord(cwe);
      const cweId = asText(cweRecord?.cweId);
      const name = asText(cweRecord?.name);
      if (cweId) draft.cwes.push(name ? { id: cweId, name } : { id: cweId });
    }
  }
  for (const item of asList(record.references)) {
    const reference = asRecord(item);
    const url = asText(reference?.url);
    if (!url) continue;
    const entry: AdvisoryReference = { url };
    const type = asText(reference?.type);
    if (type) entry.category = type;
    draft.references.push(entry);
  }
  return draft;
}
