// The pull feeds of the early-warning area, without network: a CSAF provider's metadata, ROLIE feed and
// directory (changes.csv, index.txt), CISA KEV, OSV's modified_id.csv and the NVD CVE API 2.0 — what each pull
// hands on, the cursor it leaves, that a second pull over the same data hands on nothing, and when the shared NVD
// rate schedule lets the next request go. Real data (../shared/realdata) is read through test/support/realdata.ts;
// the provider metadata, feeds and CSV files are written here (the real data has none), after the spec's examples.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  documentsToFetch,
  feedsToPull,
  isPublicTlp,
  parseChangesCsv,
  parseIndexTxt,
  parseProviderMetadata,
  parseRolieFeed,
} from '../../packages/early-warning/src/feeds/csaf-provider.ts';
import { kevChangesSince, parseKevCatalog, type KevCatalog } from '../../packages/early-warning/src/feeds/kev.ts';
import {
  osvChangesSince,
  osvExportEcosystem,
  osvModifiedCsvUrl,
  osvRecordUrl,
  parseOsvModifiedCsv,
  type OsvCursor,
} from '../../packages/early-warning/src/feeds/osv-modified.ts';
import {
  NVD_MAX_WINDOW_DAYS,
  nextRequestAllowedAt,
  nvdNextStartIndex,
  nvdRemainingStartIndexes,
  nvdRequestHeaders,
  nvdRequestUrl,
  nvdTimeToIso,
  nvdWindows,
  parseNvdPage,
  recentRequestTimes,
} from '../../packages/early-warning/src/feeds/nvd.ts';
import { describeWithRealdata, itWithRealdata, realdata, realdataText } from '../support/realdata.ts';

const json = (...parts: string[]) => JSON.parse(realdataText(...parts));

// ---------------------------------------------------------------- CSAF provider

const CANONICAL = 'https://psirt.example.com/.well-known/csaf/provider-metadata.json';

function providerMetadata(): Record<string, unknown> {
  return {
    canonical_url: CANONICAL,
    distributions: [
      {
        rolie: {
          feeds: [
            {
              summary: 'All TLP:WHITE advisories of Example Company.',
              tlp_label: 'WHITE',
              url: 'https://psirt.example.com/advisories/csaf/feed-tlp-white.json',
            },
            { tlp_label: 'GREEN', url: 'https://psirt.example.com/advisories/csaf/feed-tlp-green.json' },
            { tlp_label: 'AMBER', url: 'https://portal.example.com/csaf/feed-tlp-amber.json' },
            { tlp_label: 'UNLABELED', url: 'https://psirt.example.com/advisories/csaf/feed-unlabeled.json' },
          ],
        },
      },
      { directory_url: 'https://psirt.example.com/advisories/csaf' },
    ],
    last_updated: '2024-01-24T20:20:56.169Z',
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    public_openpgp_keys: [
      {
        fingerprint: '8F5F267907B2C4559DB360DB2294BA7D2B2298B1',
        url: 'https://keys.example.net/vks/v1/by-fingerprint/8F5F267907B2C4559DB360DB2294BA7D2B2298B1',
      },
    ],
    publisher: { category: 'vendor', name: 'Example Company ProductCERT', namespace: 'https://psirt.example.com' },
    role: 'csaf_trusted_provider',
  };
}

const FEED_URL = 'https://psirt.example.com/advisories/csaf/feed-tlp-white.json';
const doc = (path: string) => `https://psirt.example.com/advisories/csaf/${path}`;

function rolieEntry(id: string, path: string, updated: string, extraLinks: { rel: string; href: string }[] = []) {
  return {
    id,
    title: `Advisory ${id}`,
    link: [
      { rel: 'self', href: path.startsWith('https://') || path.startsWith('http://') ? path : doc(path) },
      { rel: 'hash', href: `${doc(path)}.sha256` },
      { rel: 'hash', href: `${doc(path)}.sha512` },
      { rel: 'signature', href: `${doc(path)}.asc` },
      ...extraLinks,
    ],
    published: updated,
    updated,
    content: { type: 'application/json', src: path.startsWith('https://') ? path : doc(path) },
    format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
  };
}

function rolieFeed(entries: unknown[]) {
  return {
    feed: {
      id: 'example-csaf-feed-tlp-white',
      title: 'Example CSAF feed (TLP:WHITE)',
      link: [{ rel: 'self', href: FEED_URL }],
      category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
      updated: '2024-03-01T12:00:00.000Z',
      entry: entries,
    },
  };
}

describe('a CSAF provider’s metadata', () => {
  it('lists every feed with its TLP, and pulls only the TLP:WHITE ROLIE feed (ROLIE preferred over the directory)', () => {
    const provider = parseProviderMetadata(JSON.stringify(providerMetadata()));
    expect(provider).toMatchObject({
      canonicalUrl: CANONICAL,
      publisher: { name: 'Example Company ProductCERT', category: 'vendor' },
      role: 'csaf_trusted_provider',
      lastUpdated: '2024-01-24T20:20:56.169Z',
      publicOpenpgpKeys: [{ fingerprint: '8F5F267907B2C4559DB360DB2294BA7D2B2298B1' }],
    });
    expect(provider.feeds.map(({ kind, url, tlp, pullable }) => ({ kind, url, tlp, pullable }))).toEqual([
      { kind: 'rolie', url: FEED_URL, tlp: 'WHITE', pullable: true },
      { kind: 'rolie', url: 'https://psirt.example.com/advisories/csaf/feed-tlp-green.json', tlp: 'GREEN', pullable: false },
      { kind: 'rolie', url: 'https://portal.example.com/csaf/feed-tlp-amber.json', tlp: 'AMBER', pullable: false },
      { kind: 'rolie', url: 'https://psirt.example.com/advisories/csaf/feed-unlabeled.json', tlp: 'UNLABELED', pullable: false },
      // The directory is normalised to end in a slash, so that relative paths resolve inside it.
      { kind: 'directory', url: 'https://psirt.example.com/advisories/csaf/', tlp: 'UNLABELED', pullable: false },
    ]);
    expect(provider.feeds[1]!.reason).toBe('TLP:GREEN is not pulled without credentials');
    expect(provider.feeds[4]!.reason).toMatch(/ROLIE feeds, which are preferred/);
    expect(feedsToPull(provider).map((feed) => feed.url)).toEqual([FEED_URL]);
  });

  it('pulls the directory of a provider that offers no ROLIE feed, and no feed served over plain http', () => {
    const metadata = { ...providerMetadata(), distributions: [{ directory_url: 'https://security.example.org/data/csaf/v2/advisories/' }] };
    expect(feedsToPull(parseProviderMetadata(metadata))).toEqual([
      { kind: 'directory', url: 'https://security.example.org/data/csaf/v2/advisories/', tlp: 'UNLABELED', pullable: true },
    ]);
    const plain = {
      ...providerMetadata(),
      distributions: [{ rolie: { feeds: [{ tlp_label: 'WHITE', url: 'http://psirt.example.com/feed-tlp-white.json' }] } }],
    };
    expect(parseProviderMetadata(plain).feeds[0]).toMatchObject({ pullable: false, reason: 'not served over https (requirement 3)' });
  });

  it('refuses metadata that is not CSAF 2.0 provider metadata', () => {
    const without = (key: string) => Object.fromEntries(Object.entries(providerMetadata()).filter(([name]) => name !== key));
    expect(() => parseProviderMetadata(without('role'))).toThrow();
    expect(() => parseProviderMetadata({ ...providerMetadata(), metadata_version: '2.1' })).toThrow();
    expect(() => parseProviderMetadata({ ...providerMetadata(), canonical_url: 'https://psirt.example.com/csaf/metadata.json' })).toThrow();
    expect(() => parseProviderMetadata({ ...providerMetadata(), distributions: [{ rolie: { feeds: [{ tlp_label: 'PURPLE', url: FEED_URL }] } }] })).toThrow();
    expect(() => parseProviderMetadata({ ...providerMetadata(), distributions: [{}] })).toThrow();
    expect(() => parseProviderMetadata('{"canonical_url": ')).toThrow();
  });

  itWithRealdata('requires what OASIS’s provider_json_schema.json requires', () => {
    const schema = json('csaf', 'json_schema', 'provider_json_schema.json');
    const required: string[] = schema.required;
    expect(required).toContain('canonical_url');
    for (const key of required) {
      const metadata = providerMetadata();
      delete metadata[key];
      expect(() => parseProviderMetadata(metadata), `without ${key}`).toThrow();
    }
    // Optional in the schema, optional here.
    for (const key of Object.keys(schema.properties).filter((name) => !required.includes(name))) {
      const metadata = providerMetadata();
      delete metadata[key];
      expect(() => parseProviderMetadata(metadata), `without ${key}`).not.toThrow();
    }
    const feedRequired: string[] = schema.properties.distributions.items.properties.rolie.properties.feeds.items.required;
    expect(feedRequired).toEqual(['tlp_label', 'url']);
    for (const key of feedRequired) {
      const feed: Record<string, string> = { tlp_label: 'WHITE', url: FEED_URL };
      delete feed[key];
      expect(() => parseProviderMetadata({ ...providerMetadata(), distributions: [{ rolie: { feeds: [feed] } }] }), `feed without ${key}`).toThrow();
    }
    expect(schema.properties.distributions.items.properties.rolie.properties.feeds.items.properties.tlp_label.enum).toEqual([
      'UNLABELED',
      'WHITE',
      'GREEN',
      'AMBER',
      'RED',
    ]);
  });
});

describe('a ROLIE feed', () => {
  const context = { feedUrl: FEED_URL, canonicalUrl: CANONICAL, tlp: 'WHITE' as const };

  it('gives each entry’s document URL, hash and signature files, and refuses entries off the provider’s hosts', () => {
    const feed = rolieFeed([
      rolieEntry('ESA-2024-002', '2024/esa-2024-002.json', '2024-02-10T09:00:00.000Z'),
      rolieEntry('ESA-2024-001', '2024/esa-2024-001.json', '2024-01-01T12:00:00.000Z'),
      { ...rolieEntry('ESA-2024-003', 'x', '2024-02-11T09:00:00+01:00'), link: [{ rel: 'self', href: '2024/esa-2024-003.json' }] },
      rolieEntry('EVIL-1', 'https://cdn.attacker.example/esa-2024-004.json', '2024-02-12T00:00:00Z'),
      rolieEntry('PLAIN-1', 'http://psirt.example.com/advisories/csaf/2024/esa-2024-005.json', '2024-02-12T00:00:00Z'),
      rolieEntry('SIDE-1', '2024/esa-2024-006.json', '2024-02-12T00:00:00Z', [{ rel: 'signature', href: 'https://elsewhere.example/esa-2024-006.json.asc' }]),
      { id: 'BROKEN-1', title: 'no times, no links' },
    ]);
    const { entries, refused } = parseRolieFeed(JSON.stringify(feed), context);
    expect(entries.map((entry) => entry.id)).toEqual(['ESA-2024-002', 'ESA-2024-001', 'ESA-2024-003']);
    expect(entries[1]).toEqual({
      id: 'ESA-2024-001',
      title: 'Advisory ESA-2024-001',
      url: doc('2024/esa-2024-001.json'),
      updated: '2024-01-01T12:00:00.000Z',
      hashes: [
        { algorithm: 'sha256', url: doc('2024/esa-2024-001.json.sha256') },
        { algorithm: 'sha512', url: doc('2024/esa-2024-001.json.sha512') },
      ],
      signatureUrl: doc('2024/esa-2024-001.json.asc'),
      sidecars: 'listed',
      tlp: 'WHITE',
    });
    // A relative self link resolves against the feed; with no hash or signature link, none is made up.
    expect(entries[2]).toMatchObject({ url: doc('2024/esa-2024-003.json'), hashes: [] });
    expect(entries[2]!.signatureUrl).toBeUndefined();
    expect(refused.map(({ id, reason }) => [id, reason])).toEqual([
      ['EVIL-1', "leaves the provider's hosts (psirt.example.com)"],
      ['PLAIN-1', 'is not https (requirement 3)'],
      ['SIDE-1', "its signature link leaves the provider's hosts (psirt.example.com)"],
      ['BROKEN-1', expect.stringMatching(/^malformed entry: .*updated/)],
    ]);
  });

  it('accepts documents on the canonical host when the feed is elsewhere', () => {
    const feedUrl = 'https://feeds.example.com/csaf/feed-tlp-white.json';
    const feed = rolieFeed([
      rolieEntry('A', 'https://psirt.example.com/advisories/csaf/2024/a.json', '2024-01-01T00:00:00Z'),
      rolieEntry('B', 'https://feeds.example.com/csaf/2024/b.json', '2024-01-01T00:00:00Z'),
      rolieEntry('C', 'https://www.example.com/csaf/2024/c.json', '2024-01-01T00:00:00Z'),
    ]);
    const { entries, refused } = parseRolieFeed(feed, { feedUrl, canonicalUrl: CANONICAL });
    expect(entries.map((entry) => entry.id)).toEqual(['A', 'B']);
    expect(refused).toEqual([
      { id: 'C', url: 'https://www.example.com/csaf/2024/c.json', reason: "leaves the provider's hosts (feeds.example.com, psirt.example.com)" },
    ]);
  });

  it('takes an empty feed, and throws on a document that is no ROLIE feed', () => {
    const empty = rolieFeed([]) as { feed: Record<string, unknown> };
    delete empty.feed.entry;
    expect(parseRolieFeed(empty, context)).toEqual({ entries: [], refused: [] });
    expect(() => parseRolieFeed({ entries: [] }, context)).toThrow();
  });

  it('hands each document version on once: oldest first, then nothing on the second pull, then only what is new', () => {
    const first = parseRolieFeed(
      rolieFeed([
        rolieEntry('ESA-2024-002', '2024/esa-2024-002.json', '2024-02-10T09:00:00.000Z'),
        rolieEntry('ESA-2024-001', '2024/esa-2024-001.json', '2024-01-01T12:00:00.000Z'),
        // 10:30 at +02:00 is 08:30Z: earlier than 002, though its text sorts later.
        rolieEntry('ESA-2024-003', '2024/esa-2024-003.json', '2024-02-10T10:30:00+02:00'),
      ]),
      context,
    ).entries;
    const pull1 = documentsToFetch(first, null);
    expect(pull1.documents.map((entry) => entry.id)).toEqual(['ESA-2024-001', 'ESA-2024-003', 'ESA-2024-002']);
    expect(pull1.cursor).toBe('2024-02-10T09:00:00.000Z');

    const pull2 = documentsToFetch(first, pull1.cursor);
    expect(pull2).toEqual({ documents: [], cursor: '2024-02-10T09:00:00.000Z' });

    // The provider releases 004 and a new version of 001.
    const later = parseRolieFeed(
      rolieFeed([
        rolieEntry('ESA-2024-004', '2024/esa-2024-004.json', '2024-03-01T08:00:00Z'),
        rolieEntry('ESA-2024-001', '2024/esa-2024-001.json', '2024-02-20T12:00:00Z'),
        rolieEntry('ESA-2024-002', '2024/esa-2024-002.json', '2024-02-10T09:00:00.000Z'),
        rolieEntry('ESA-2024-003', '2024/esa-2024-003.json', '2024-02-10T10:30:00+02:00'),
      ]),
      context,
    ).entries;
    const pull3 = documentsToFetch(later, pull2.cursor);
    expect(pull3.documents.map((entry) => [entry.id, entry.updated])).toEqual([
      ['ESA-2024-001', '2024-02-20T12:00:00Z'],
      ['ESA-2024-004', '2024-03-01T08:00:00Z'],
    ]);
    expect(documentsToFetch(later, pull3.cursor).documents).toEqual([]);
    expect(() => documentsToFetch(later, 'yesterday')).toThrow(/not a time/);
  });
});

describe('a directory distribution', () => {
  const context = { feedUrl: 'https://psirt.example.com/advisories/csaf', canonicalUrl: CANONICAL };
  // CSAF 2.0 §7.1.13's example: quoted, newest first, one document listed again for a later version.
  const changes = [
    '"2020/example_company_-_2020-yh4711.json","2020-07-01T10:09:07Z"',
    '"2018/example_company_-_2018-yh2312.json","2020-07-01T10:09:01Z"',
    '"2019/example_company_-_2019-yh3234.json","2019-04-17T15:08:41Z"',
    '"2018/example_company_-_2018-yh2312.json","2019-03-01T06:01:00Z"',
  ].join('\r\n');

  it('reads changes.csv with the CSV parser, resolves paths against the directory and keeps each document’s latest time', () => {
    const { entries, refused } = parseChangesCsv(changes, context);
    expect(refused).toEqual([]);
    expect(entries.map((entry) => [entry.url, entry.updated])).toEqual([
      [doc('2020/example_company_-_2020-yh4711.json'), '2020-07-01T10:09:07Z'],
      [doc('2018/example_company_-_2018-yh2312.json'), '2020-07-01T10:09:01Z'],
      [doc('2019/example_company_-_2019-yh3234.json'), '2019-04-17T15:08:41Z'],
    ]);
    expect(entries[0]).toMatchObject({
      id: '2020/example_company_-_2020-yh4711.json',
      hashes: [
        { algorithm: 'sha256', url: doc('2020/example_company_-_2020-yh4711.json.sha256') },
        { algorithm: 'sha512', url: doc('2020/example_company_-_2020-yh4711.json.sha512') },
      ],
      signatureUrl: doc('2020/example_company_-_2020-yh4711.json.asc'),
      sidecars: 'conventional',
    });
    // The CSAF 2.1 form has no quotes; a path holding a comma needs them and keeps it.
    const unquoted = parseChangesCsv('2023/esa-2023-09953.json,2023-07-01T10:09:07Z\n"2023/odd,name.json",2023-06-01T00:00:00Z\n', context);
    expect(unquoted.entries.map((entry) => entry.url)).toEqual([doc('2023/esa-2023-09953.json'), doc('2023/odd,name.json')]);
  });

  it('refuses rows that are not path and time, and paths that leave the directory or the provider', () => {
    const { entries, refused } = parseChangesCsv(
      [
        '"2024/ok.json","2024-01-01T00:00:00Z"',
        '"../../private/secret.json","2024-01-02T00:00:00Z"',
        '"https://attacker.example/x.json","2024-01-03T00:00:00Z"',
        '"2024/no-time.json"',
        '"2024/bad-time.json","yesterday"',
      ].join('\n'),
      context,
    );
    expect(entries.map((entry) => entry.id)).toEqual(['2024/ok.json']);
    expect(refused).toEqual([
      { id: '../../private/secret.json', url: 'https://psirt.example.com/private/secret.json', reason: 'leaves the directory' },
      { id: 'https://attacker.example/x.json', url: 'https://attacker.example/x.json', reason: "leaves the provider's hosts (psirt.example.com)" },
      { id: 'line 4', reason: 'expected "path","timestamp", got "2024/no-time.json"' },
      { id: 'line 5', reason: 'expected "path","timestamp", got "2024/bad-time.json,yesterday"' },
    ]);
  });

  it('pulls what changed after the cursor, oldest first, and nothing on the second pass', () => {
    const { entries } = parseChangesCsv(changes, context);
    const pull = documentsToFetch(entries, '2019-04-17T15:08:41Z');
    expect(pull.documents.map((entry) => entry.id)).toEqual(['2018/example_company_-_2018-yh2312.json', '2020/example_company_-_2020-yh4711.json']);
    expect(pull.cursor).toBe('2020-07-01T10:09:07Z');
    expect(documentsToFetch(entries, pull.cursor)).toEqual({ documents: [], cursor: '2020-07-01T10:09:07Z' });
  });

  it('reads index.txt: one path a line, resolved against the directory', () => {
    const index =
      '2020/example_company_-_2020-yh4711.json\r\n2019/example_company_-_2019-yh3234.json\n\n../outside.json\n2018/example_company_-_2018-yh2312.json';
    const { documents, refused } = parseIndexTxt(index, context);
    expect(documents).toEqual([
      { path: '2020/example_company_-_2020-yh4711.json', url: doc('2020/example_company_-_2020-yh4711.json') },
      { path: '2019/example_company_-_2019-yh3234.json', url: doc('2019/example_company_-_2019-yh3234.json') },
      { path: '2018/example_company_-_2018-yh2312.json', url: doc('2018/example_company_-_2018-yh2312.json') },
    ]);
    expect(refused).toEqual([{ id: '../outside.json', url: 'https://psirt.example.com/advisories/outside.json', reason: 'leaves the directory' }]);
  });

  itWithRealdata('lists the real Red Hat advisories under their requirement-2 file names and pulls the ones after the cursor', () => {
    // A changes.csv as Red Hat's directory would list the four RHSA examples: year of the initial release,
    // the tracking id lower-cased with other characters as `_`, and the current release date, newest first.
    const documents = readdirSync(realdata('csaf', 'examples', 'csaf'))
      .filter((name) => name.startsWith('rhsa-'))
      .map((name) => JSON.parse(readFileSync(realdata('csaf', 'examples', 'csaf', name), 'utf8')).document);
    const rows = documents
      .map((document) => ({
        path: `${document.tracking.initial_release_date.slice(0, 4)}/${document.tracking.id.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`,
        time: document.tracking.current_release_date as string,
        tlp: document.distribution?.tlp?.label as string | undefined,
      }))
      .sort((a, b) => b.time.localeCompare(a.time));
    const directory = {
      feedUrl: 'https://security.access.redhat.com/data/csaf/v2/advisories/',
      canonicalUrl: 'https://access.redhat.com/security/data/csaf/v2/provider-metadata.json',
    };
    const { entries, refused } = parseChangesCsv(rows.map((row) => `"${row.path}","${row.time}"`).join('\n'), directory);
    expect(refused).toEqual([]);
    expect(entries.map((entry) => entry.id)).toEqual([
      '2022/rhsa-2022_0011.json',
      '2021/rhsa-2021_5217.json',
      '2021/rhsa-2021_5186.json',
      '2019/rhsa-2019_1862.json',
    ]);

    const pull = documentsToFetch(entries, '2021-12-16T22:34:00Z');
    expect(pull.documents.map((entry) => entry.url)).toEqual([
      'https://security.access.redhat.com/data/csaf/v2/advisories/2021/rhsa-2021_5217.json',
      'https://security.access.redhat.com/data/csaf/v2/advisories/2022/rhsa-2022_0011.json',
    ]);
    expect(pull.cursor).toBe('2022-01-04T08:38:00Z');
    expect(documentsToFetch(entries, pull.cursor).documents).toEqual([]);
    // Each of them says TLP:WHITE itself, which is what acceptance checks for a directory's documents.
    expect(rows.map((row) => isPublicTlp(row.tlp))).toEqual([true, true, true, true]);
    expect([isPublicTlp('CLEAR'), isPublicTlp('GREEN'), isPublicTlp('AMBER'), isPublicTlp(undefined)]).toEqual([true, false, false, false]);
  });
});

// ---------------------------------------------------------------- CISA KEV

describeWithRealdata('the CISA KEV catalog', () => {
  const text = realdataText('kev', 'known_exploited_vulnerabilities.json');
  const catalog = text ? parseKevCatalog(text) : (undefined as unknown as KevCatalog);

  /** The catalog as it stood when only the entries `keep` accepts were in it. */
  const earlier = (catalogVersion: string, dateReleased: string, keep: (cveID: string, dateAdded: string) => boolean): KevCatalog => {
    const vulnerabilities = catalog.vulnerabilities.filter((entry) => keep(entry.cveID, entry.dateAdded));
    return parseKevCatalog({ ...catalog, catalogVersion, dateReleased, count: vulnerabilities.length, vulnerabilities });
  };

  it('reads the real catalog: version, release, 1,404 entries with their fields', () => {
    expect(catalog).toMatchObject({ catalogVersion: '2025.08.25', dateReleased: '2025-08-25T17:04:19.9796Z', count: 1404 });
    expect(catalog.vulnerabilities).toHaveLength(1404);
    expect(catalog.vulnerabilities.find((entry) => entry.cveID === 'CVE-2021-44228')).toMatchObject({
      vendorProject: 'Apache',
      product: 'Log4j2',
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
      cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
    });
    expect(catalog.vulnerabilities.filter((entry) => entry.knownRansomwareCampaignUse === 'Known')).toHaveLength(293);
  });

  it('checks the structure CISA’s schema gives: each required field, the id and CWE patterns, the count', () => {
    const schema = json('kev', 'known_exploited_vulnerabilities_schema.json');
    const entry = catalog.vulnerabilities[0]!;
    const required: string[] = schema.$defs.vulnerability.required;
    expect(required).toHaveLength(8);
    for (const field of required) {
      const broken = { ...entry } as Record<string, unknown>;
      delete broken[field];
      expect(() => parseKevCatalog({ ...catalog, count: 1, vulnerabilities: [broken] }), `without ${field}`).toThrow();
    }
    for (const field of schema.required as string[]) {
      const broken = { ...catalog } as Record<string, unknown>;
      delete broken[field];
      expect(() => parseKevCatalog(broken), `catalog without ${field}`).toThrow();
    }
    expect(() => parseKevCatalog({ ...catalog, count: 1, vulnerabilities: [{ ...entry, cveID: 'CVE-25-1' }] })).toThrow();
    expect(() => parseKevCatalog({ ...catalog, count: 1, vulnerabilities: [{ ...entry, cwes: ['59'] }] })).toThrow();
    expect(() => parseKevCatalog({ ...catalog, count: 1, vulnerabilities: [{ ...entry, dateAdded: '25.08.2025' }] })).toThrow();
    // A file cut off in transit: fewer entries than it counts.
    expect(() => parseKevCatalog({ ...catalog, vulnerabilities: catalog.vulnerabilities.slice(0, 1000) })).toThrow(/count/);
  });

  it('hands on the whole catalog on the first pull, oldest first, and nothing on the second', () => {
    const first = kevChangesSince(catalog, null);
    expect(first.added).toHaveLength(1404);
    expect(first.added[0]!.dateAdded).toBe('2021-11-03');
    expect(first.added.at(-1)).toMatchObject({ cveID: 'CVE-2025-48384', dateAdded: '2025-08-25' });
    expect(first.cursor).toEqual({
      catalogVersion: '2025.08.25',
      dateReleased: '2025-08-25T17:04:19.9796Z',
      dateAdded: '2025-08-25',
      cveIdsOnDate: ['CVE-2024-8068', 'CVE-2024-8069', 'CVE-2025-48384'],
    });
    expect(kevChangesSince(catalog, first.cursor)).toEqual({ added: [], cursor: first.cursor });
  });

  it('hands on only the entries added since the last release read, including later additions to the same day', () => {
    const august18 = earlier('2025.08.18', '2025-08-18T17:00:00.000Z', (_, dateAdded) => dateAdded <= '2025-08-18');
    const cursor18 = kevChangesSince(august18, null).cursor;
    const next = kevChangesSince(catalog, cursor18);
    expect(next.added.map((entry) => [entry.cveID, entry.dateAdded])).toEqual([
      ['CVE-2025-43300', '2025-08-21'],
      ['CVE-2024-8068', '2025-08-25'],
      ['CVE-2024-8069', '2025-08-25'],
      ['CVE-2025-48384', '2025-08-25'],
    ]);

    // A morning release of 25 August had only the Git entry; the afternoon one adds the two Citrix entries.
    const morning = earlier('2025.08.25', '2025-08-25T09:00:00.000Z', (cveID, dateAdded) => dateAdded < '2025-08-25' || cveID === 'CVE-2025-48384');
    const morningCursor = kevChangesSince(morning, cursor18).cursor;
    expect(morningCursor.cveIdsOnDate).toEqual(['CVE-2025-48384']);
    const afternoon = kevChangesSince(catalog, morningCursor);
    expect(afternoon.added.map((entry) => entry.cveID)).toEqual(['CVE-2024-8068', 'CVE-2024-8069']);
    expect(afternoon.cursor.cveIdsOnDate).toEqual(['CVE-2024-8068', 'CVE-2024-8069', 'CVE-2025-48384']);
    expect(kevChangesSince(catalog, afternoon.cursor).added).toEqual([]);
  });

  it('hands on nothing from an older release than the one already read (a stale cache)', () => {
    const cursor = kevChangesSince(catalog, null).cursor;
    const stale = earlier('2025.08.18', '2025-08-18T17:00:00.000Z', (_, dateAdded) => dateAdded <= '2025-08-18');
    expect(kevChangesSince(stale, cursor)).toEqual({ added: [], cursor });
  });
});

// ---------------------------------------------------------------- OSV modified_id.csv

describe('OSV’s modified_id.csv', () => {
  // Newest first, as OSV writes it; three ids share one timestamp, one time has nanoseconds.
  const csv = [
    '2024-08-15T00:05:00.000000001Z,PYSEC-2024-9',
    '2024-08-15T00:05:00Z,PYSEC-2021-123',
    '2024-08-15T00:01:00Z,GHSA-cccc-cccc-cccc',
    '2024-08-15T00:01:00Z,GHSA-bbbb-bbbb-bbbb',
    '2024-08-15T00:01:00Z,GHSA-aaaa-aaaa-aaaa',
    '2024-08-14T12:00:00Z,PYSEC-2020-14',
    '',
  ].join('\n');

  it('parses each line as timestamp and id, and names a bad line', () => {
    expect(parseOsvModifiedCsv(csv)).toHaveLength(6);
    expect(parseOsvModifiedCsv(csv)[1]).toEqual({ modified: '2024-08-15T00:05:00Z', id: 'PYSEC-2021-123' });
    expect(() => parseOsvModifiedCsv('2024-08-15T00:05:00Z,PYSEC-1\nPYSEC-2,2024-08-15T00:05:00Z\n')).toThrow(/line 2/);
    expect(() => parseOsvModifiedCsv('2024-08-15T00:05:00Z\n')).toThrow(/line 1/);
  });

  it('hands on ids oldest first in pulls of `limit`, continuing exactly where the last stopped, even inside a run of one timestamp', () => {
    const pulls: string[][] = [];
    let cursor: OsvCursor | null = null;
    for (let more = true; more;) {
      const pull = osvChangesSince(csv, cursor, 2);
      pulls.push(pull.ids.map((entry) => entry.id));
      cursor = pull.cursor;
      more = pull.more;
    }
    expect(pulls).toEqual([
      ['PYSEC-2020-14', 'GHSA-aaaa-aaaa-aaaa'],
      ['GHSA-bbbb-bbbb-bbbb', 'GHSA-cccc-cccc-cccc'],
      // …:05:00Z comes before …:05:00.000000001Z, though its text sorts after it.
      ['PYSEC-2021-123', 'PYSEC-2024-9'],
    ]);
    expect(cursor).toEqual({ modified: '2024-08-15T00:05:00.000000001Z', id: 'PYSEC-2024-9' });
    expect(osvChangesSince(csv, cursor, 2)).toEqual({ ids: [], cursor, more: false });

    // Stopping inside the run of 00:01:00: the next pull starts with the next id of that run.
    const partial = osvChangesSince(csv, { modified: '2024-08-14T12:00:00Z', id: 'PYSEC-2020-14' }, 1);
    expect(partial).toEqual({
      ids: [{ modified: '2024-08-15T00:01:00Z', id: 'GHSA-aaaa-aaaa-aaaa' }],
      cursor: { modified: '2024-08-15T00:01:00Z', id: 'GHSA-aaaa-aaaa-aaaa' },
      more: true,
    });
    expect(osvChangesSince(csv, partial.cursor, 10).ids.map((entry) => entry.id)).toEqual([
      'GHSA-bbbb-bbbb-bbbb',
      'GHSA-cccc-cccc-cccc',
      'PYSEC-2021-123',
      'PYSEC-2024-9',
    ]);
    // The cursor compares as an instant: the same moment at another offset.
    expect(osvChangesSince(csv, { modified: '2024-08-15T02:01:00+02:00', id: 'GHSA-bbbb-bbbb-bbbb' }, 10).ids[0]!.id).toBe('GHSA-cccc-cccc-cccc');
    expect(() => osvChangesSince(csv, null, 0)).toThrow(/limit/);
  });

  it('hands a record modified again since on again', () => {
    const cursor = osvChangesSince(csv, null, 100).cursor;
    const updated = `2024-08-16T08:00:00Z,GHSA-aaaa-aaaa-aaaa\n${csv.replace('2024-08-15T00:01:00Z,GHSA-aaaa-aaaa-aaaa\n', '')}`;
    expect(osvChangesSince(updated, cursor, 100).ids).toEqual([{ modified: '2024-08-16T08:00:00Z', id: 'GHSA-aaaa-aaaa-aaaa' }]);
  });

  itWithRealdata('pages the real Go and npm records in order, through a run of 16 ids sharing one timestamp', () => {
    const read = (folder: string) =>
      readdirSync(realdata('osv', folder))
        .filter((name) => name.endsWith('.json'))
        .map((name) => JSON.parse(readFileSync(realdata('osv', folder, name), 'utf8')) as { id: string; modified: string });
    const go = read('go');
    const npm = read('npm-ghsa');
    // The Go vulndb repository leaves `modified` at Go's zero time (the export fills it in): 16 ids, one timestamp.
    expect(new Set(go.map((record) => record.modified))).toEqual(new Set(['0001-01-01T00:00:00Z']));
    const text = [...go, ...npm]
      .sort((a, b) => Date.parse(b.modified) - Date.parse(a.modified))
      .map((record) => `${record.modified},${record.id}`)
      .join('\n');
    const pulls: string[][] = [];
    let cursor: OsvCursor | null = null;
    for (let more = true; more;) {
      const pull = osvChangesSince(text, cursor, 5);
      pulls.push(pull.ids.map((entry) => entry.id));
      ({ cursor, more } = pull);
    }
    expect(pulls.map((ids) => ids.length)).toEqual([5, 5, 5, 5, 1]);
    expect(pulls.flat()).toEqual([
      ...go.map((record) => record.id).sort(),
      'GHSA-c2qf-rxjj-qqgw', // 2023-07-10
      'GHSA-wf5p-g6vw-rhxx', // 2023-11-10
      'GHSA-rv95-896h-c2vc', // 2024-03-25
      'GHSA-grv7-fg5c-xmjg', // 2024-06-10
      'GHSA-9wv6-86v2-598j', // 2024-09-11
    ]);
    expect(cursor).toEqual({ modified: '2024-09-11T17:17:48Z', id: 'GHSA-9wv6-86v2-598j' });
    expect(osvChangesSince(text, cursor, 5)).toEqual({ ids: [], cursor, more: false });
  });

  itWithRealdata('builds record URLs with the ecosystem and id URL-encoded', () => {
    const dsa = json('osv', 'debian', 'DSA-3029-1.json');
    const ecosystem: string = dsa.affected[0].package.ecosystem;
    expect(ecosystem).toBe('Debian:7');
    expect(osvRecordUrl(ecosystem, dsa.id)).toBe('https://osv-vulnerabilities.storage.googleapis.com/Debian%3A7/DSA-3029-1.json');
    expect(osvRecordUrl('Debian:11', 'DSA-5000-1')).toBe('https://osv-vulnerabilities.storage.googleapis.com/Debian%3A11/DSA-5000-1.json');
    // OSV exports the `:` variants under the bare name only.
    expect(osvRecordUrl(osvExportEcosystem(ecosystem), dsa.id)).toBe('https://osv-vulnerabilities.storage.googleapis.com/Debian/DSA-3029-1.json');
    expect(osvRecordUrl('Red Hat', 'RHSA-2024:4546')).toBe('https://osv-vulnerabilities.storage.googleapis.com/Red%20Hat/RHSA-2024%3A4546.json');
    expect(osvModifiedCsvUrl('PyPI')).toBe('https://osv-vulnerabilities.storage.googleapis.com/PyPI/modified_id.csv');
    expect(osvModifiedCsvUrl('crates.io')).toBe('https://osv-vulnerabilities.storage.googleapis.com/crates.io/modified_id.csv');
  });
});

// ---------------------------------------------------------------- NVD CVE API 2.0

describe('the NVD CVE API 2.0', () => {
  itWithRealdata('reads every real response page: one CVE each, nothing more to page', () => {
    const files = readdirSync(realdata('cve', 'nvd-api-2.0')).filter((name) => name.endsWith('.json'));
    expect(files).toHaveLength(23);
    for (const file of files) {
      const page = parseNvdPage(realdataText('cve', 'nvd-api-2.0', file));
      expect(page).toMatchObject({ format: 'NVD_CVE', version: '2.0', startIndex: 0, totalResults: 1 });
      expect(page.vulnerabilities.map((item) => item.cve.id)).toEqual([file.replace(/\.json$/, '')]);
      expect(nvdNextStartIndex(page)).toBeNull();
    }
    const xz = parseNvdPage(realdataText('cve', 'nvd-api-2.0', 'CVE-2024-3094.json'));
    expect(xz.vulnerabilities[0]!.cve).toMatchObject({ published: '2024-03-29T17:15:21.150', lastModified: '2026-06-17T07:43:17.830', vulnStatus: 'Modified' });
    // The rest of the record stays for the summary step.
    expect(xz.vulnerabilities[0]!.cve.descriptions).toBeDefined();
    expect(nvdTimeToIso(xz.timestamp)).toBe('2026-07-07T03:28:20.959Z');
    expect(nvdTimeToIso('2023-11-26T23:42:27.193Z')).toBe('2023-11-26T23:42:27.193Z');
  });

  itWithRealdata('refuses a page that is not an NVD CVE 2.0 page', () => {
    const page = json('cve', 'nvd-api-2.0', 'CVE-2023-4863.json');
    expect(() => parseNvdPage({ ...page, format: 'NVD_CPE' })).toThrow();
    expect(() => parseNvdPage({ ...page, totalResults: '1' })).toThrow();
    expect(() => parseNvdPage({ ...page, vulnerabilities: [{ cve: { ...page.vulnerabilities[0].cve, id: 'GHSA-xxxx' } }] })).toThrow();
    const { timestamp: _timestamp, ...withoutTimestamp } = page;
    expect(() => parseNvdPage(withoutTimestamp)).toThrow();
  });

  it('splits the time from the cursor to now into back-to-back windows of at most 120 days; nothing once caught up', () => {
    const windows = nvdWindows('2024-01-01T00:00:00Z', '2024-09-01T06:00:00Z');
    expect(windows).toEqual([
      { start: '2024-01-01T00:00:00.000+00:00', end: '2024-04-30T00:00:00.000+00:00' },
      { start: '2024-04-30T00:00:00.000+00:00', end: '2024-08-28T00:00:00.000+00:00' },
      { start: '2024-08-28T00:00:00.000+00:00', end: '2024-09-01T06:00:00.000+00:00' },
    ]);
    for (const window of windows) expect(Date.parse(window.end) - Date.parse(window.start)).toBeLessThanOrEqual(NVD_MAX_WINDOW_DAYS * 86_400_000);
    // The last window's end is the new cursor: the next pull at the same moment has nothing to ask.
    expect(nvdWindows(windows.at(-1)!.end, '2024-09-01T06:00:00Z')).toEqual([]);
    // A 15-minute job asks for one short window; a zoneless cursor is UTC, as NVD writes its times.
    expect(nvdWindows('2024-09-01T06:00:00', Date.parse('2024-09-01T06:15:00Z'))).toEqual([
      { start: '2024-09-01T06:00:00.000+00:00', end: '2024-09-01T06:15:00.000+00:00' },
    ]);
  });

  it('builds the request of each page, with the offset’s + percent-encoded and the key in a header', () => {
    const window = { start: '2024-08-28T00:00:00.000+00:00', end: '2024-09-01T06:00:00.000+00:00' };
    expect(nvdRequestUrl({ window })).toBe(
      'https://services.nvd.nist.gov/rest/json/cves/2.0?lastModStartDate=2024-08-28T00:00:00.000%2B00:00&lastModEndDate=2024-09-01T06:00:00.000%2B00:00&startIndex=0&resultsPerPage=2000',
    );
    expect(nvdRequestUrl({ window, startIndex: 4000, resultsPerPage: 500 })).toMatch(/&startIndex=4000&resultsPerPage=500$/);
    expect(() => nvdRequestUrl({ window, resultsPerPage: 2001 })).toThrow(/resultsPerPage/);
    expect(() => nvdRequestUrl({ window: { start: '2024-01-01T00:00:00Z', end: '2024-06-01T00:00:00Z' } })).toThrow(/120 days/);
    expect(nvdRequestHeaders('secret-key')).toEqual({ apiKey: 'secret-key' });
    expect(nvdRequestHeaders()).toEqual({});
    expect(nvdRequestUrl({ window })).not.toMatch(/apiKey/);
  });

  it('pages through a window from totalResults, startIndex and resultsPerPage', () => {
    const first = { totalResults: 4500, startIndex: 0, resultsPerPage: 2000 };
    expect(nvdNextStartIndex(first)).toBe(2000);
    expect(nvdNextStartIndex({ ...first, startIndex: 2000 })).toBe(4000);
    expect(nvdNextStartIndex({ ...first, startIndex: 4000 })).toBeNull();
    expect(nvdRemainingStartIndexes(first)).toEqual([2000, 4000]);
    expect(nvdRemainingStartIndexes({ totalResults: 2000, startIndex: 0, resultsPerPage: 2000 })).toEqual([]);
    expect(nvdRemainingStartIndexes({ totalResults: 0, startIndex: 0, resultsPerPage: 0 })).toEqual([]);
    // A page claiming 0 per page with results left does not loop.
    expect(nvdNextStartIndex({ totalResults: 10, startIndex: 0, resultsPerPage: 0, vulnerabilities: [] })).toBeNull();
  });

  describe('the shared rate schedule', () => {
    it('lets the 6th request without a key wait until the first of five leaves the 30 s window', () => {
      expect(nextRequestAllowedAt([], 1_000, false)).toBe(1_000);
      expect(nextRequestAllowedAt([0, 1_000, 2_000, 3_000], 5_000, false)).toBe(5_000);
      expect(nextRequestAllowedAt([4_000, 0, 3_000, 1_000, 2_000], 5_000, false)).toBe(30_000);
      // Requests older than 30 s no longer count.
      expect(nextRequestAllowedAt([-40_000, -30_000, 0, 1_000, 2_000, 3_000], 5_000, false)).toBe(5_000);
      expect(nextRequestAllowedAt([0, 1_000, 2_000, 3_000, 4_000], 30_000, false)).toBe(30_000);
    });

    it('allows 50 in 30 s with a key', () => {
      const fifty = Array.from({ length: 50 }, (_, index) => index * 100);
      expect(nextRequestAllowedAt(fifty.slice(0, 49), 5_000, true)).toBe(5_000);
      expect(nextRequestAllowedAt(fifty, 5_000, true)).toBe(30_000);
      expect(nextRequestAllowedAt(fifty, 5_000, false)).toBe(4_500 + 30_000);
    });

    it('keeps any number of callers sharing the record within the limit', () => {
      for (const withKey of [false, true]) {
        const limit = withKey ? 50 : 5;
        let record: number[] = [];
        const sent: number[] = [];
        // Callers keep asking at a quickening pace; each sends when the schedule says, and writes the time back.
        for (let ask = 0; ask < 300; ask++) {
          const now = Math.max(ask * 250, sent.at(-1) ?? 0);
          const at = nextRequestAllowedAt(record, now, withKey);
          sent.push(at);
          record = recentRequestTimes([...record, at], at);
        }
        for (const time of sent) expect(sent.filter((other) => other > time - 30_000 && other <= time).length).toBeLessThanOrEqual(limit);
        expect(record.length).toBeLessThanOrEqual(limit);
      }
    });
  });
});
