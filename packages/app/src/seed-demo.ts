// The demo tenant that `npm start` seeds: people with names, job titles and roles; a telecom asset register
// of every type with dependencies, reviews overdue, one SBOM-backed software asset, one asset retired and one
// off site; an asset policy approved through its flow and one change of it pending. Everything goes through
// the public API of the running local server, with the tokens of the people who would do it, so that each
// record is audited like anyone's work. Idempotent: what exists already (people by e-mail, assets by
// external id, the policy changes by their reason, each asset's steps by its history) is left as it is.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_TENANT = 'demo-telecom';

export type SeedMode = 'demo' | 'none';

/** ISMF_SEED: `demo` (the default) or `none`. */
export function seedModeOf(value: string | undefined): SeedMode {
  const mode = (value ?? '').trim().toLowerCase() || 'demo';
  if (mode !== 'demo' && mode !== 'none') throw new Error(`ISMF_SEED must be demo or none, not "${value}"`);
  return mode;
}

type Role = 'admin' | 'security-officer' | 'manager' | 'auditor' | 'asset-owner' | 'isirt' | 'staff';

export interface TokenRequest {
  tenant: string;
  /** An e-mail address of the tenant. */
  user: string;
  roles: Role[];
}

/** Mints a token for a user of the tenant (the dev token endpoint's work). */
export type TokenIssuer = (request: TokenRequest) => Promise<string>;

export interface SeedOptions {
  /** The running local server, e.g. http://127.0.0.1:3000. */
  url: string;
  tenant?: string;
  /** Default: POST /_local/token on `url` (which answers only on a loopback host name). */
  issueToken?: TokenIssuer;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Where ../shared/realdata is (default ISMF_REALDATA, else beside the repository). */
  realdata?: string;
  /** How long to wait for each step of the policy approval flow (default 15 s). */
  flowTimeoutMs?: number;
}

export interface SeedSummary {
  tenant: string;
  /** The seeded people, by user name (the part of the e-mail before @). */
  people: { user: string; email: string; id: string; displayName: string; jobTitle: string; roles: Role[] }[];
  /** The seeded assets, by key, with their external ids. */
  assets: { key: string; externalId: string; id: string; type: string }[];
  /** Active assets of the tenant due for review before today. */
  overdue: number;
  sbomAssetId?: string;
  pendingChangeId?: string;
  /** What this run wrote: all zero when the tenant was seeded already. */
  created: { people: number; assets: number; policyChanges: number; dependencies: number; steps: number };
  /** Steps that failed (logged; the seed goes on with the rest). */
  problems: string[];
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------------------
// The people

interface Person {
  user: string;
  displayName: string;
  jobTitle: string;
  roles: Role[];
  /** The user name of the line manager. */
  manager?: string;
}

export const DEMO_PEOPLE: readonly Person[] = [
  { user: 'lena.fischer', displayName: 'Lena Fischer', jobTitle: 'Director of Network Operations', roles: ['manager'] },
  { user: 'ruth.adler', displayName: 'Ruth Adler', jobTitle: 'ISMS Administrator', roles: ['admin'] },
  { user: 'dana.weiss', displayName: 'Dana Weiss', jobTitle: 'Chief Information Security Officer', roles: ['security-officer'] },
  { user: 'omar.farouk', displayName: 'Omar Farouk', jobTitle: 'Information Security Analyst', roles: ['security-officer'], manager: 'dana.weiss' },
  { user: 'tomas.novak', displayName: 'Tomas Novak', jobTitle: 'Internal Auditor', roles: ['auditor'] },
  { user: 'priya.raman', displayName: 'Priya Raman', jobTitle: 'Head of Core Network Engineering', roles: ['asset-owner'], manager: 'lena.fischer' },
  { user: 'jonas.berg', displayName: 'Jonas Berg', jobTitle: 'Billing and OSS Systems Manager', roles: ['asset-owner'], manager: 'lena.fischer' },
  { user: 'mei.lin', displayName: 'Mei Lin', jobTitle: 'ISIRT Coordinator', roles: ['isirt'], manager: 'dana.weiss' },
  { user: 'carlos.mendes', displayName: 'Carlos Mendes', jobTitle: 'Field Engineer, Radio Access', roles: ['staff'], manager: 'priya.raman' },
];

/** Who does what: the security officer runs the register, the second one checks policy changes, the manager approves. */
const OFFICER = 'dana.weiss';
const CHECKER = 'omar.farouk';
const APPROVER = 'lena.fischer';

// ---------------------------------------------------------------------------------------------------------
// The asset policy: one change approved (the telecom categories and processes), one pending

const CATEGORIES: { type: string; name: string }[] = [
  ...['Subscriber data', 'Network configuration', 'Business records', 'Security records'].map((name) => ({ type: 'information', name })),
  ...['Network function', 'Business application', 'Operations tooling'].map((name) => ({ type: 'software', name })),
  ...['Site', 'Network element', 'Server', 'End-user device', 'Test equipment'].map((name) => ({ type: 'physical', name })),
  ...['Customer service', 'Third-party service'].map((name) => ({ type: 'service', name })),
  { type: 'people', name: 'Team' },
  ...['Licence', 'Numbering resource', 'Brand'].map((name) => ({ type: 'intangible', name })),
];

const PROCESSES = [
  'Mobile voice',
  'Messaging',
  'Mobile data',
  'Billing and charging',
  'Customer care',
  'Network operations',
  'Security operations',
  'Corporate IT',
];

export const APPROVED_CHANGE_REASON = 'Adopt the telecom asset categories, business processes and handling of staff devices for the register';
export const PENDING_CHANGE_REASON =
  'A system is as important as the most important service that depends on it; critical assets reviewed every 60 days (internal audit finding 2024-07)';

type Policy = Record<string, unknown> & { reviewIntervalDays: Record<string, number>; acceptableUse?: unknown[] };

function approvedPolicy(current: Policy): Policy {
  return {
    ...current,
    protectionObjectives: [
      'Keep mobile voice, messaging and data available to subscribers and emergency callers',
      'Protect subscriber identities, communications data and authentication keys from disclosure',
      'Keep network configuration, charging and billing records complete and correct',
    ],
    categories: CATEGORIES,
    businessProcesses: PROCESSES,
    acceptableUse: [
      {
        type: 'physical',
        category: 'End-user device',
        title: 'Staff laptops',
        rules:
          'Full-disk encryption stays on; no local administrator rights; no subscriber data on the local disk; report a lost or stolen laptop to the ISIRT within one hour.',
      },
    ],
    defaultClassification: 'internal',
  };
}

function pendingPolicy(current: Policy): Policy {
  return {
    ...current,
    importanceFromDependents: 'equal',
    reviewIntervalDays: { ...current.reviewIntervalDays, '5': 60 },
    acceptableUse: [
      ...(current.acceptableUse ?? []),
      {
        type: 'information',
        category: 'Subscriber data',
        title: 'Subscriber data',
        rules:
          'Read only through the applications that hold it; a bulk export needs a ticket approved by the data owner; never on removable media or personal devices.',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// The register

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface DemoAsset {
  key: string;
  name: string;
  type: 'information' | 'software' | 'physical' | 'service' | 'people' | 'intangible';
  category: string;
  businessProcess?: string;
  description?: string;
  /** A user name of DEMO_PEOPLE. */
  owner: string;
  custodian?: string;
  location?: string;
  secureArea?: string;
  classification: 'public' | 'internal' | 'confidential' | 'secret';
  cia: [number, number, number];
  labels?: string[];
  equipment?: Record<string, string>;
  /** Days since the last review: long enough ago, the asset is overdue. */
  reviewedDaysAgo?: number;
  /** Keys of the assets it depends on. */
  dependsOn?: string[];
}

const DC_NORTH = 'Data centre North, Hamburg';
const DC_SOUTH = 'Data centre South, Munich';

export const DEMO_ASSETS: readonly DemoAsset[] = [
  // Sites
  {
    key: 'site-dc-north',
    name: 'Data centre North (Hamburg)',
    type: 'physical',
    category: 'Site',
    businessProcess: 'Network operations',
    description: 'Primary core site: packet core, HLR/HSS, IMS and the northern core routers.',
    owner: 'priya.raman',
    location: DC_NORTH,
    secureArea: 'Halls A and B, badge and PIN, CCTV',
    classification: 'confidential',
    cia: [3, 4, 5],
    labels: ['core-site', 'tier-3'],
    equipment: {
      siting: 'Raised floor, gas extinguishing, two fibre entries',
      powerSupply: '2N UPS, diesel generators for 72 h',
      maintenance: 'Quarterly by the facility provider',
    },
  },
  {
    key: 'site-dc-south',
    name: 'Data centre South (Munich)',
    type: 'physical',
    category: 'Site',
    businessProcess: 'Network operations',
    description: 'Secondary core site: billing, charging, IMS and the southern core routers.',
    owner: 'priya.raman',
    location: DC_SOUTH,
    secureArea: 'Hall 2, badge and PIN, CCTV',
    classification: 'confidential',
    cia: [3, 4, 5],
    labels: ['core-site', 'tier-3'],
    equipment: {
      siting: 'Raised floor, gas extinguishing',
      powerSupply: '2N UPS, diesel generators for 48 h',
      maintenance: 'Quarterly by the facility provider',
    },
    reviewedDaysAgo: 250,
  },
  // Core network elements
  ...(
    [
      ['core-router-ham-01', 'Core router CR-HAM-01', DC_NORTH, 'Juniper Networks', 'MX960', 'JN11F2A3BAFA'],
      ['core-router-ham-02', 'Core router CR-HAM-02', DC_NORTH, 'Juniper Networks', 'MX960', 'JN11F2A3C0D1'],
      ['core-router-muc-01', 'Core router CR-MUC-01', DC_SOUTH, 'Nokia', '7750 SR-12', 'NS1934F0712'],
      ['core-router-muc-02', 'Core router CR-MUC-02', DC_SOUTH, 'Nokia', '7750 SR-12', 'NS1934F0788'],
    ] as const
  ).map(([key, name, location, manufacturer, model, serialNumber], index): DemoAsset => ({
    key,
    name,
    type: 'physical',
    category: 'Network element',
    businessProcess: 'Network operations',
    description: 'IP/MPLS core router carrying voice, data and signalling between the core sites.',
    owner: 'priya.raman',
    custodian: 'Network operations centre',
    location,
    secureArea: location === DC_NORTH ? 'Hall A, row 3' : 'Hall 2, row 1',
    classification: 'confidential',
    cia: [3, 5, 5],
    labels: ['core', 'ip-mpls'],
    equipment: { manufacturer, model, serialNumber, powerSupply: 'Dual feeds A+B', maintenance: 'Vendor 4-hour hardware replacement' },
    dependsOn: [location === DC_NORTH ? 'site-dc-north' : 'site-dc-south'],
    // One of the four waits for its review.
    ...(index === 3 ? { reviewedDaysAgo: 200 } : {}),
  })),
  {
    key: 'hsm-auc',
    name: 'HSM pair for SIM authentication (AuC)',
    type: 'physical',
    category: 'Network element',
    businessProcess: 'Mobile voice',
    description: 'Hardware security modules holding the Ki/OPc keys used by the authentication centre.',
    owner: 'priya.raman',
    location: DC_NORTH,
    secureArea: 'Hall A, locked cage 7 (two-person rule)',
    classification: 'secret',
    cia: [5, 5, 4],
    labels: ['crypto', 'sim'],
    equipment: { manufacturer: 'Thales', model: 'Luna Network HSM 7', serialNumber: 'LNH7-552301 / LNH7-552302' },
    dependsOn: ['site-dc-north'],
  },
  {
    key: 'billing-db-servers',
    name: 'Billing database servers BILL-DB-01/02',
    type: 'physical',
    category: 'Server',
    businessProcess: 'Billing and charging',
    description: 'Active/standby database cluster for rating, invoicing and payments.',
    owner: 'jonas.berg',
    location: DC_SOUTH,
    secureArea: 'Hall 2, row 4',
    classification: 'confidential',
    cia: [4, 5, 4],
    labels: ['billing', 'oracle'],
    equipment: { manufacturer: 'Dell', model: 'PowerEdge R760', serialNumber: '7HQ2KX3 / 7HQ2KX4', maintenance: 'Next business day, 5 years' },
    dependsOn: ['site-dc-south'],
    reviewedDaysAgo: 420,
  },
  // Radio access
  ...(
    [
      ['bts-ham-0417', 'Base station HAM-0417 (Altona)', 'Hamburg-Altona, rooftop', 'Ericsson', 'Baseband 6630 / AIR 6449', 'core-router-ham-01'],
      ['bts-ham-0522', 'Base station HAM-0522 (Harbour)', 'Hamburg harbour, lattice tower', 'Ericsson', 'Baseband 6648 / AIR 3268', 'core-router-ham-02'],
      ['bts-muc-0131', 'Base station MUC-0131 (Schwabing)', 'Munich-Schwabing, rooftop', 'Nokia', 'AirScale / AEQE', 'core-router-muc-01'],
      ['bts-lej-0208', 'Base station LEJ-0208 (Leipzig Centre)', 'Leipzig centre, rooftop', 'Nokia', 'AirScale / AEHC', 'core-router-muc-02'],
    ] as const
  ).map(([key, name, location, manufacturer, model, router], index): DemoAsset => ({
    key,
    name,
    type: 'physical',
    category: 'Network element',
    businessProcess: 'Mobile data',
    description: '4G/5G eNodeB/gNodeB with its microwave backhaul to the core.',
    owner: 'priya.raman',
    custodian: 'Field engineering (radio access)',
    location,
    classification: 'internal',
    cia: [2, 3, 4],
    labels: ['ran', '5g'],
    equipment: { manufacturer, model, siting: 'Locked shelter, door alarm to the NOC', powerSupply: 'Mains with 4 h battery backup' },
    dependsOn: [router],
    ...(index === 1 ? { reviewedDaysAgo: 500 } : {}),
  })),
  {
    key: 'laptops-engineering',
    name: 'Staff laptops, network engineering (42 units)',
    type: 'physical',
    category: 'End-user device',
    businessProcess: 'Corporate IT',
    description: 'Engineering laptops with jump-host access to network management.',
    owner: 'ruth.adler',
    custodian: 'IT service desk',
    location: 'Hamburg and Munich offices',
    classification: 'confidential',
    cia: [4, 3, 2],
    labels: ['endpoint', 'mdm'],
    equipment: { manufacturer: 'Lenovo', model: 'ThinkPad T14 Gen 4', maintenance: 'Replaced after 4 years' },
  },
  {
    key: 'laptops-care',
    name: 'Staff laptops, customer care (120 units)',
    type: 'physical',
    category: 'End-user device',
    businessProcess: 'Customer care',
    description: 'Contact-centre laptops with CRM access.',
    owner: 'ruth.adler',
    custodian: 'IT service desk',
    location: 'Leipzig contact centre',
    classification: 'internal',
    cia: [3, 3, 2],
    labels: ['endpoint', 'mdm'],
    equipment: { manufacturer: 'HP', model: 'EliteBook 840 G10' },
    reviewedDaysAgo: 800,
  },
  {
    key: 'spectrum-analyser',
    name: 'Spectrum analyser SA-07',
    type: 'physical',
    category: 'Test equipment',
    businessProcess: 'Network operations',
    description: 'Handheld analyser for interference hunting and drive tests.',
    owner: 'priya.raman',
    custodian: 'Field engineering (radio access)',
    location: 'Hamburg field engineering store',
    classification: 'internal',
    cia: [1, 3, 2],
    labels: ['field'],
    equipment: { manufacturer: 'Rohde & Schwarz', model: 'FSH8', serialNumber: '1309.6000K28-104417', maintenance: 'Calibrated yearly' },
  },
  {
    key: 'legacy-sms-gateway',
    name: 'Legacy SMS gateway SMSGW-01',
    type: 'physical',
    category: 'Server',
    businessProcess: 'Messaging',
    description: 'Appliance for bulk SMS from enterprise customers, replaced by the virtualised SMSC.',
    owner: 'jonas.berg',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [3, 3, 3],
    labels: ['legacy'],
    equipment: { manufacturer: 'Acision', model: 'SMS Gateway 5000', serialNumber: 'ACI-5K-0091' },
  },
  // Network functions and applications
  {
    key: 'hlr-hss',
    name: 'HLR/HSS subscriber server',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Mobile voice',
    description: 'Home location register and home subscriber server: subscriber profiles, authentication, location.',
    owner: 'priya.raman',
    location: DC_NORTH,
    classification: 'secret',
    cia: [5, 5, 5],
    labels: ['core', 'subscriber'],
    dependsOn: ['core-router-ham-01', 'core-router-ham-02', 'hsm-auc', 'subscriber-profiles', 'sim-keys'],
  },
  {
    key: 'msc-server',
    name: 'MSC server MSS-HAM-01',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Mobile voice',
    description: 'Mobile switching centre server for 2G/3G voice and circuit-switched fallback.',
    owner: 'priya.raman',
    location: DC_NORTH,
    classification: 'confidential',
    cia: [3, 5, 5],
    labels: ['core', 'voice'],
    dependsOn: ['core-router-ham-01', 'core-router-muc-01'],
    reviewedDaysAgo: 300,
  },
  {
    key: 'ims-core',
    name: 'IMS core (P/S/I-CSCF) for VoLTE and VoNR',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Mobile voice',
    owner: 'priya.raman',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [3, 5, 5],
    labels: ['core', 'voice', 'ims'],
    dependsOn: ['core-router-muc-01', 'core-router-muc-02'],
  },
  {
    key: 'smsc',
    name: 'SMSC (virtualised)',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Messaging',
    description: 'Short message service centre on the NFV platform.',
    owner: 'priya.raman',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [4, 4, 4],
    labels: ['core', 'messaging'],
    dependsOn: ['core-router-muc-01'],
  },
  {
    key: 'packet-core',
    name: 'Packet core gateways (PGW/SMF/UPF)',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Mobile data',
    owner: 'priya.raman',
    location: DC_NORTH,
    classification: 'confidential',
    cia: [3, 5, 5],
    labels: ['core', 'data', '5g'],
    dependsOn: ['core-router-ham-02', 'core-router-muc-02'],
  },
  {
    key: 'mme-amf',
    name: 'Mobility management (MME/AMF)',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Mobile data',
    owner: 'priya.raman',
    location: DC_NORTH,
    classification: 'confidential',
    cia: [3, 5, 5],
    labels: ['core', '5g'],
    dependsOn: ['core-router-ham-01'],
  },
  {
    key: 'ocs',
    name: 'Online charging system (OCS)',
    type: 'software',
    category: 'Network function',
    businessProcess: 'Billing and charging',
    description: 'Real-time charging of prepaid voice, SMS and data.',
    owner: 'jonas.berg',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [4, 5, 5],
    labels: ['charging', 'prepaid'],
    dependsOn: ['core-router-muc-02'],
  },
  {
    key: 'billing-app',
    name: 'Billing system (rating and invoicing)',
    type: 'software',
    category: 'Business application',
    businessProcess: 'Billing and charging',
    owner: 'jonas.berg',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [4, 5, 4],
    labels: ['billing'],
    dependsOn: ['billing-db', 'billing-db-servers'],
  },
  {
    key: 'oss-fm-pm',
    name: 'OSS fault and performance management',
    type: 'software',
    category: 'Operations tooling',
    businessProcess: 'Network operations',
    description: 'Alarms, KPIs and trouble tickets of the whole network, used by the NOC around the clock.',
    owner: 'jonas.berg',
    custodian: 'Network operations centre',
    location: DC_NORTH,
    classification: 'internal',
    cia: [2, 4, 4],
    labels: ['oss', 'noc'],
    dependsOn: ['network-inventory', 'core-router-ham-01'],
    reviewedDaysAgo: 30,
  },
  {
    key: 'provisioning',
    name: 'Service provisioning and activation',
    type: 'software',
    category: 'Business application',
    businessProcess: 'Customer care',
    owner: 'jonas.berg',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [3, 4, 3],
    labels: ['bss'],
    dependsOn: ['hlr-hss', 'crm'],
  },
  {
    key: 'crm',
    name: 'CRM and customer care desktop',
    type: 'software',
    category: 'Business application',
    businessProcess: 'Customer care',
    owner: 'jonas.berg',
    classification: 'confidential',
    cia: [4, 4, 3],
    labels: ['bss', 'saas'],
    dependsOn: ['customer-contracts'],
  },
  {
    key: 'selfcare-portal',
    name: 'Self-care portal front end',
    type: 'software',
    category: 'Business application',
    businessProcess: 'Customer care',
    description: 'Node.js web front end where subscribers see usage, pay bills and change tariffs; its components come from its CycloneDX SBOM.',
    owner: 'jonas.berg',
    classification: 'internal',
    cia: [3, 4, 3],
    labels: ['web', 'internet-facing', 'sbom'],
    dependsOn: ['cloud-hosting', 'crm', 'billing-app'],
  },
  {
    key: 'siem',
    name: 'SIEM (security event monitoring)',
    type: 'software',
    category: 'Operations tooling',
    businessProcess: 'Security operations',
    description: 'Collects and correlates the security events of network elements, IT systems and the cloud.',
    owner: 'mei.lin',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [4, 5, 3],
    labels: ['soc'],
    dependsOn: ['security-logs', 'core-router-muc-01'],
  },
  // Information
  {
    key: 'subscriber-profiles',
    name: 'Subscriber profiles (IMSI, MSISDN, subscriptions)',
    type: 'information',
    category: 'Subscriber data',
    businessProcess: 'Mobile voice',
    description: 'About 2.3 million subscriber records held in the HLR/HSS and mirrored to the provisioning system.',
    owner: 'priya.raman',
    classification: 'confidential',
    cia: [5, 5, 4],
    labels: ['personal-data', 'gdpr'],
  },
  {
    key: 'sim-keys',
    name: 'SIM authentication keys (Ki/OPc)',
    type: 'information',
    category: 'Subscriber data',
    businessProcess: 'Mobile voice',
    description: 'Received from the SIM vendor encrypted with the transport key; held only in the HSM.',
    owner: 'priya.raman',
    classification: 'secret',
    cia: [5, 5, 4],
    labels: ['crypto', 'sim'],
    dependsOn: ['hsm-auc'],
  },
  {
    key: 'billing-db',
    name: 'Billing database (CDRs, invoices, payments)',
    type: 'information',
    category: 'Subscriber data',
    businessProcess: 'Billing and charging',
    owner: 'jonas.berg',
    location: DC_SOUTH,
    classification: 'confidential',
    cia: [4, 5, 4],
    labels: ['personal-data', 'pci'],
    dependsOn: ['billing-db-servers'],
    reviewedDaysAgo: 400,
  },
  {
    key: 'cdr-archive',
    name: 'Call detail records archive (retention 6 months)',
    type: 'information',
    category: 'Subscriber data',
    businessProcess: 'Billing and charging',
    owner: 'jonas.berg',
    classification: 'confidential',
    cia: [4, 4, 2],
    labels: ['personal-data', 'retention'],
    dependsOn: ['billing-db-servers'],
  },
  {
    key: 'lawful-interception',
    name: 'Lawful interception warrants and records',
    type: 'information',
    category: 'Security records',
    businessProcess: 'Security operations',
    description: 'Warrants received and interception records, handled by cleared staff only.',
    owner: 'dana.weiss',
    classification: 'secret',
    cia: [5, 5, 3],
    labels: ['legal', 'restricted-staff'],
  },
  {
    key: 'network-config-backups',
    name: 'Network configuration backups',
    type: 'information',
    category: 'Network configuration',
    businessProcess: 'Network operations',
    description: 'Nightly configuration backups of routers, switches and network functions.',
    owner: 'priya.raman',
    classification: 'confidential',
    cia: [4, 5, 3],
    labels: ['backup'],
    reviewedDaysAgo: 380,
  },
  {
    key: 'network-inventory',
    name: 'Network inventory',
    type: 'information',
    category: 'Network configuration',
    businessProcess: 'Network operations',
    owner: 'jonas.berg',
    classification: 'internal',
    cia: [2, 4, 3],
    labels: ['oss'],
  },
  {
    key: 'customer-contracts',
    name: 'Customer contracts and identity documents',
    type: 'information',
    category: 'Business records',
    businessProcess: 'Customer care',
    owner: 'jonas.berg',
    classification: 'confidential',
    cia: [4, 4, 2],
    labels: ['personal-data', 'kyc'],
  },
  {
    key: 'security-logs',
    name: 'Security event logs',
    type: 'information',
    category: 'Security records',
    businessProcess: 'Security operations',
    owner: 'mei.lin',
    classification: 'confidential',
    cia: [3, 5, 3],
    labels: ['soc', 'retention'],
  },
  {
    key: 'roaming-agreements',
    name: 'Interconnect and roaming agreements',
    type: 'information',
    category: 'Business records',
    businessProcess: 'Mobile voice',
    owner: 'lena.fischer',
    classification: 'confidential',
    cia: [3, 3, 2],
    labels: ['contract'],
  },
  {
    key: 'isms-policies',
    name: 'ISMS policies and procedures',
    type: 'information',
    category: 'Business records',
    businessProcess: 'Security operations',
    owner: 'dana.weiss',
    classification: 'internal',
    cia: [2, 4, 2],
    labels: ['isms'],
    reviewedDaysAgo: 60,
  },
  // Services
  {
    key: 'svc-mobile-voice',
    name: 'Mobile voice service',
    type: 'service',
    category: 'Customer service',
    businessProcess: 'Mobile voice',
    description: '2G/3G voice, VoLTE and VoNR, including emergency calls (112).',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [3, 4, 5],
    labels: ['customer-facing', 'emergency-calls'],
    dependsOn: [
      'msc-server',
      'ims-core',
      'hlr-hss',
      'bts-ham-0417',
      'bts-ham-0522',
      'bts-muc-0131',
      'bts-lej-0208',
      'spectrum-licences',
      'numbering-ranges',
      'noc-team',
    ],
  },
  {
    key: 'svc-sms',
    name: 'SMS service',
    type: 'service',
    category: 'Customer service',
    businessProcess: 'Messaging',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [3, 4, 4],
    labels: ['customer-facing'],
    dependsOn: ['smsc', 'hlr-hss', 'msc-server'],
  },
  {
    key: 'svc-mobile-data',
    name: 'Mobile data service (4G/5G)',
    type: 'service',
    category: 'Customer service',
    businessProcess: 'Mobile data',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [3, 4, 5],
    labels: ['customer-facing', '5g'],
    dependsOn: ['packet-core', 'mme-amf', 'hlr-hss', 'bts-ham-0417', 'bts-ham-0522', 'bts-muc-0131', 'bts-lej-0208', 'spectrum-licences', 'noc-team'],
  },
  {
    key: 'svc-billing',
    name: 'Billing and charging service',
    type: 'service',
    category: 'Customer service',
    businessProcess: 'Billing and charging',
    owner: 'jonas.berg',
    classification: 'confidential',
    cia: [4, 5, 4],
    labels: ['customer-facing'],
    dependsOn: ['billing-app', 'ocs', 'billing-db', 'billing-ops-team'],
  },
  {
    key: 'svc-roaming',
    name: 'International roaming via IPX provider',
    type: 'service',
    category: 'Third-party service',
    businessProcess: 'Mobile voice',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [3, 4, 4],
    labels: ['supplier'],
    dependsOn: ['hlr-hss', 'roaming-agreements'],
    reviewedDaysAgo: 450,
  },
  {
    key: 'cloud-hosting',
    name: 'Cloud hosting of the self-care portal (eu-central-1)',
    type: 'service',
    category: 'Third-party service',
    businessProcess: 'Customer care',
    owner: 'jonas.berg',
    classification: 'internal',
    cia: [3, 4, 4],
    labels: ['supplier', 'cloud'],
  },
  {
    key: 'svc-customer-care',
    name: 'Customer care contact centre',
    type: 'service',
    category: 'Customer service',
    businessProcess: 'Customer care',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [3, 3, 3],
    labels: ['customer-facing'],
    dependsOn: ['crm', 'provisioning', 'laptops-care'],
  },
  // People
  {
    key: 'noc-team',
    name: 'Network operations centre (NOC) team',
    type: 'people',
    category: 'Team',
    businessProcess: 'Network operations',
    description: '24x7 shifts of 4 engineers monitoring and restoring the network.',
    owner: 'lena.fischer',
    location: 'Hamburg',
    classification: 'internal',
    cia: [3, 3, 5],
    labels: ['24x7'],
    dependsOn: ['oss-fm-pm', 'laptops-engineering'],
  },
  {
    key: 'isirt-team',
    name: 'ISIRT and security operations team',
    type: 'people',
    category: 'Team',
    businessProcess: 'Security operations',
    owner: 'mei.lin',
    location: 'Munich',
    classification: 'confidential',
    cia: [4, 3, 4],
    labels: ['on-call'],
    dependsOn: ['siem'],
  },
  {
    key: 'field-engineering-team',
    name: 'Field engineering team (radio access)',
    type: 'people',
    category: 'Team',
    businessProcess: 'Network operations',
    owner: 'priya.raman',
    classification: 'internal',
    cia: [2, 3, 4],
    labels: ['field'],
  },
  {
    key: 'billing-ops-team',
    name: 'Billing operations team',
    type: 'people',
    category: 'Team',
    businessProcess: 'Billing and charging',
    owner: 'jonas.berg',
    classification: 'internal',
    cia: [3, 3, 3],
    reviewedDaysAgo: 420,
  },
  // Intangible
  {
    key: 'spectrum-licences',
    name: 'Spectrum licences (800 MHz, 1800 MHz, 3.6 GHz)',
    type: 'intangible',
    category: 'Licence',
    businessProcess: 'Mobile data',
    description: 'Frequency assignments by the national regulator, with coverage obligations.',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [2, 4, 5],
    labels: ['regulatory'],
  },
  {
    key: 'numbering-ranges',
    name: 'Numbering ranges (MSISDN blocks)',
    type: 'intangible',
    category: 'Numbering resource',
    businessProcess: 'Mobile voice',
    owner: 'lena.fischer',
    classification: 'internal',
    cia: [2, 4, 4],
    labels: ['regulatory'],
  },
  {
    key: 'brand',
    name: 'Brand and customer trust',
    type: 'intangible',
    category: 'Brand',
    businessProcess: 'Customer care',
    owner: 'lena.fischer',
    classification: 'public',
    cia: [1, 3, 3],
    labels: ['reputation'],
  },
];

/** The asset the SBOM describes, the one retired, the one off site and the one reviewed by its owner. */
const SBOM_ASSET = 'selfcare-portal';
const RETIRED_ASSET = 'legacy-sms-gateway';
const OFF_SITE_ASSET = 'spectrum-analyser';
const REVIEWED_ASSET = 'core-router-ham-01';

const externalIdOf = (key: string) => `DT-${key.toUpperCase()}`;

// ---------------------------------------------------------------------------------------------------------
// The SBOM: a real one from ../shared/realdata when it is there (read, never copied), else a small one of real
// npm packages, written here.

const REALDATA_SBOM = ['sbom', 'cyclonedx', 'SBOM', 'cern-lhc-vdm-editor-e564943', 'bom.json'];

const npm = (name: string, version: string, licence = 'MIT') => ({
  type: 'library',
  'bom-ref': `pkg:npm/${name}@${version}`,
  name,
  version,
  licenses: [{ license: { id: licence } }],
  purl: `pkg:npm/${name.replace('@', '%40')}@${version}`,
});

/** A CycloneDX 1.5 SBOM of the self-care portal: ten real npm packages at real versions. */
export const FALLBACK_SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: 'urn:uuid:5b0d3c1e-7f5a-4d0e-9a7b-3c2f1e0d9a11',
  version: 1,
  metadata: {
    timestamp: '2024-05-06T09:00:00Z',
    component: {
      type: 'application',
      'bom-ref': 'pkg:npm/selfcare-portal@3.4.0',
      name: 'selfcare-portal',
      version: '3.4.0',
      purl: 'pkg:npm/selfcare-portal@3.4.0',
    },
  },
  components: [
    npm('express', '4.18.2'),
    npm('body-parser', '1.20.1'),
    npm('cookie', '0.5.0'),
    npm('jsonwebtoken', '9.0.0'),
    npm('pg', '8.11.3'),
    npm('ws', '8.13.0'),
    npm('axios', '1.6.0'),
    npm('lodash', '4.17.21'),
    npm('helmet', '7.1.0'),
    npm('winston', '3.11.0'),
  ],
};

function sbomDocument(realdata: string): { text: string; source: string } {
  const path = resolve(realdata, ...REALDATA_SBOM);
  if (existsSync(path)) return { text: readFileSync(path, 'utf8'), source: path };
  return { text: JSON.stringify(FALLBACK_SBOM), source: 'the built-in CycloneDX 1.5 SBOM' };
}

const defaultRealdata = () => resolve(process.env.ISMF_REALDATA ?? resolve(fileURLToPath(import.meta.url), '../../../../../shared/realdata'));

// ---------------------------------------------------------------------------------------------------------
// HTTP

class SeedError extends Error {}

/** A JSON answer, read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  body: Json;
}

function client(url: string) {
  const base = url.replace(/\/$/, '');
  return async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; type?: string; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.type ?? 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.type ?? 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    const reply: Reply = { status: response.status, body: text ? JSON.parse(text) : undefined };
    if (!(options.expect ?? [200, 201]).includes(reply.status)) {
      const detail = reply.body?.detail ?? text.slice(0, 300);
      const errors = reply.body?.errors?.length ? ` (${JSON.stringify(reply.body.errors).slice(0, 300)})` : '';
      throw new SeedError(`${method} ${path} answered ${reply.status}: ${detail}${errors}`);
    }
    return reply;
  };
}

type Call = ReturnType<typeof client>;

/** Every item of a listed collection, page by page. */
async function all(call: Call, token: string, path: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call('GET', `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** The token endpoint of the local server (loopback only, as it is served). */
function httpTokens(url: string): TokenIssuer {
  const local = new URL(url);
  if (local.hostname === '0.0.0.0' || local.hostname === '[::]') local.hostname = '127.0.0.1';
  const call = client(local.origin);
  return async (request) => (await call('POST', '/_local/token', { body: request })).body.token;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new SeedError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** At most `width` at a time, in order of the list. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// The seed

/** ISMF_SEED as `npm start` reads it: undefined when it says none, else the seed's summary. */
export async function seedFromEnv(env: Record<string, string | undefined>, options: SeedOptions): Promise<SeedSummary | undefined> {
  if (seedModeOf(env.ISMF_SEED) === 'none') return undefined;
  return seedDemo(options);
}

export async function seedDemo(options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const tenant = options.tenant ?? DEMO_TENANT;
  const log = options.log ?? (() => undefined);
  const call = client(options.url);
  const issue = options.issueToken ?? httpTokens(options.url);
  const flowTimeoutMs = options.flowTimeoutMs ?? 15_000;
  const emailOf = (user: string) => `${user}@${tenant}.example`;
  const summary: SeedSummary = {
    tenant,
    people: [],
    assets: [],
    overdue: 0,
    created: { people: 0, assets: 0, policyChanges: 0, dependencies: 0, steps: 0 },
    problems: [],
    durationMs: 0,
  };
  /** A step that fails is logged and counted; the seed goes on with what does not need it. */
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const message = `${what}: ${(error as Error).message}`;
      summary.problems.push(message);
      log(`demo seed: ${message}`);
      return undefined;
    }
  };

  // The tenant's first administrator (the token endpoint onboards the tenant if it is new) registers the people.
  const admin = await issue({ tenant, user: emailOf('admin'), roles: ['admin'] });
  const known = new Map((await all(call, admin, '/users')).map((user) => [String(user.email).toLowerCase(), user]));
  for (const person of DEMO_PEOPLE) {
    const email = emailOf(person.user);
    let user = known.get(email);
    if (!user) {
      const managerId = person.manager ? known.get(emailOf(person.manager))?.id : undefined;
      user = (
        await call('POST', '/users', {
          token: admin,
          headers: { 'idempotency-key': `demo-seed-user-${person.user}` },
          body: { email, displayName: person.displayName, jobTitle: person.jobTitle, roles: person.roles, ...(managerId ? { managerId } : {}) },
        })
      ).body;
      known.set(email, user);
      summary.created.people++;
    }
    summary.people.push({ user: person.user, email, id: user.id, displayName: user.displayName, jobTitle: user.jobTitle, roles: user.roles });
  }

  // Tokens of the people, asked for only when one acts (with the roles the seed gave them).
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (user: string) => {
    if (!tokens.has(user)) {
      const person = DEMO_PEOPLE.find((candidate) => candidate.user === user)!;
      tokens.set(user, issue({ tenant, user: emailOf(user), roles: person.roles }));
    }
    return tokens.get(user)!;
  };

  // The asset policy: the telecom categories and processes, checked and approved through the flow.
  const changes = () => all(call, admin, '/asset-policy-changes');
  const policyNow = async () => {
    // GET answers the version and time of the policy in force, which a proposal does not carry.
    const { version, updatedAt: _updatedAt, ...policy } = (await call('GET', '/asset-policy', { token: admin })).body;
    return { policy: policy as Policy, version: version as number };
  };
  const approvePolicy = async () => {
    const current = await policyNow();
    if (current.version > 0) return;
    await attempt('approving the asset policy', async () => {
      const open = (await changes()).find((change) => change.reason === APPROVED_CHANGE_REASON && change.status === 'pending-approval');
      const change =
        open ??
        (
          await call('POST', '/asset-policy-changes', {
            token: await tokenOf(OFFICER),
            body: { policy: approvedPolicy(current.policy), reason: APPROVED_CHANGE_REASON },
          })
        ).body;
      if (!open) summary.created.policyChanges++;
      for (const [user, step] of [
        [CHECKER, 'check'],
        [APPROVER, 'approve'],
      ] as const) {
        const token = await tokenOf(user);
        const task = await waitFor(`the ${step} step of the asset policy change`, flowTimeoutMs, async () => {
          const owed = await call('GET', '/me/tasks', { token });
          return owed.body.items.find((item: { subject: { id: string }; step: string }) => item.subject.id === change.id && item.step === step);
        });
        const reason = step === 'check' ? 'Categories match the CMDB classes; handling rules agreed with IT' : 'Approved for the register';
        await call('POST', `/approvals/${task.id}/decision`, { token, body: { outcome: 'approve', reason } });
      }
      await waitFor('the asset policy change to take effect', flowTimeoutMs, async () => {
        const after = (await call('GET', `/asset-policy-changes/${change.id}`, { token: admin })).body;
        if (after.status === 'approved') return after;
        if (after.status !== 'pending-approval') throw new SeedError(`the policy change ended ${after.status}`);
        return undefined;
      });
      log('demo seed: asset policy approved (checked by the security analyst, approved by the manager)');
    });
  };

  const register = async () => {
    // The register: the rows whose external ids no asset holds yet, in one import by the security officer.
    const listed = await all(call, admin, '/assets?status=all');
    const byExternalId = new Map<string, Json>(listed.filter((asset) => asset.externalId).map((asset) => [asset.externalId, asset]));
    const missing = DEMO_ASSETS.filter((asset) => !byExternalId.has(externalIdOf(asset.key)));
    const createdNow = new Set<string>();
    if (missing.length) {
      await attempt('importing the register', async () => {
        const rows = missing.map((asset) => ({
          externalId: externalIdOf(asset.key),
          name: asset.name,
          type: asset.type,
          category: asset.category,
          ...(asset.businessProcess ? { businessProcess: asset.businessProcess } : {}),
          ...(asset.description ? { description: asset.description } : {}),
          owner: emailOf(asset.owner),
          ...(asset.custodian ? { custodian: asset.custodian } : {}),
          ...(asset.location ? { location: asset.location } : {}),
          ...(asset.secureArea ? { secureArea: asset.secureArea } : {}),
          classification: asset.classification,
          confidentiality: asset.cia[0],
          integrity: asset.cia[1],
          availability: asset.cia[2],
          ...(asset.labels ? { labels: asset.labels } : {}),
          ...(asset.equipment ? { equipment: asset.equipment } : {}),
          ...(asset.reviewedDaysAgo !== undefined ? { lastReviewedAt: daysFromNow(-asset.reviewedDaysAgo) } : {}),
        }));
        const result = (await call('POST', '/assets/import', { token: await tokenOf(OFFICER), raw: JSON.stringify(rows) })).body;
        for (const { row, id } of result.created as { row: number; id: string }[]) {
          const asset = missing[row - 1]!;
          byExternalId.set(externalIdOf(asset.key), { id, externalId: externalIdOf(asset.key), type: asset.type, status: 'active' });
          createdNow.add(asset.key);
        }
        summary.created.assets += result.created.length;
        for (const failure of result.failed as { row: number; errors: unknown[] }[]) {
          summary.problems.push(`asset ${missing[failure.row - 1]?.name}: ${JSON.stringify(failure.errors)}`);
        }
        if (result.failed.length) log(`demo seed: ${result.failed.length} asset row(s) refused: ${summary.problems.slice(-result.failed.length).join('; ')}`);
      });
    }
    const assetId = (key: string): string | undefined => byExternalId.get(externalIdOf(key))?.id;
    for (const asset of DEMO_ASSETS) {
      const found = byExternalId.get(externalIdOf(asset.key));
      if (found) summary.assets.push({ key: asset.key, externalId: externalIdOf(asset.key), id: found.id, type: asset.type });
    }

    /** Whether an asset the seed did not create this time has had this operation already (its history says). */
    const histories = new Map<string, Promise<string[]>>();
    const hasHad = async (key: string, operation: string) => {
      if (createdNow.has(key)) return false;
      const id = assetId(key)!;
      if (!histories.has(id))
        histories.set(
          id,
          all(call, admin, `/assets/${id}/history`).then((items) => items.map((item) => item.operation)),
        );
      return (await histories.get(id)!).includes(operation);
    };
    // The version each If-Match names: 1 for an asset just imported, else as listed; a stale one is read again.
    const versions = new Map<string, number>([...byExternalId.values()].map((asset) => [asset.id, asset.version ?? 1]));
    const versioned = async (id: string, token: string, send: (headers: Record<string, string>, expect: number[]) => Promise<Reply>) => {
      let reply = await send({ 'if-match': `"${versions.get(id) ?? 1}"` }, [200, 412]);
      if (reply.status === 412) {
        const fresh = (await call('GET', `/assets/${id}`, { token })).body.version as number;
        reply = await send({ 'if-match': `"${fresh}"` }, [200]);
      }
      versions.set(id, reply.body.version);
      return reply;
    };

    // The SBOM of the self-care portal.
    const sbomId = assetId(SBOM_ASSET);
    if (sbomId) {
      summary.sbomAssetId = sbomId;
      await attempt('importing the SBOM', async () => {
        const components = await call('GET', `/assets/${sbomId}/components?limit=1`, { token: admin });
        if (components.body.componentSet) return;
        const sbom = sbomDocument(options.realdata ?? defaultRealdata());
        const reply = await call('POST', `/assets/sbom-import?asset=${sbomId}`, {
          token: await tokenOf(OFFICER),
          raw: sbom.text,
          type: 'application/vnd.cyclonedx+json',
        });
        versions.set(sbomId, reply.body.asset.version);
        summary.created.steps++;
        log(`demo seed: ${reply.body.componentSet.count} components of the self-care portal from ${sbom.source}`);
      });
    }

    // Dependencies: services on systems, systems on network elements, network elements on sites.
    const nameOf = (key: string) => DEMO_ASSETS.find((asset) => asset.key === key)?.name ?? key;
    await inParallel(
      DEMO_ASSETS.filter((asset) => asset.dependsOn?.length && assetId(asset.key)),
      6,
      async (asset) => {
        await attempt(`the dependencies of ${asset.name}`, async () => {
          if (await hasHad(asset.key, 'setAssetDependencies')) return;
          const id = assetId(asset.key)!;
          const dependsOn = asset.dependsOn!.map(assetId).filter((target): target is string => target !== undefined);
          const reason = `Dependency survey: ${asset.name} depends on ${asset.dependsOn!.map(nameOf).join(', ')}`.slice(0, 1000);
          const security = await tokenOf(OFFICER);
          await versioned(id, security, (headers, expect) =>
            call('PUT', `/assets/${id}/dependencies`, { token: security, headers, expect, body: { dependsOn, reason } }),
          );
          summary.created.dependencies += dependsOn.length;
        });
      },
    );

    // Its owner reviews a core router; the legacy SMS gateway is retired; the spectrum analyser goes off site.
    const reviewed = assetId(REVIEWED_ASSET);
    if (reviewed && !(await hasHad(REVIEWED_ASSET, 'createAssetReview'))) {
      await attempt('the review of a core router', async () => {
        const owner = await tokenOf('priya.raman');
        const reply = await call('POST', `/assets/${reviewed}/reviews`, {
          token: owner,
          body: { outcome: 'confirmed', notes: 'Checked on site: serial, software release and redundant feeds as recorded.' },
        });
        versions.set(reviewed, reply.body.version);
        summary.created.steps++;
      });
    }
    const retired = assetId(RETIRED_ASSET);
    if (retired && !(await hasHad(RETIRED_ASSET, 'retireAsset'))) {
      await attempt('the retirement of the legacy SMS gateway', async () => {
        const owner = await tokenOf('jonas.berg');
        await versioned(retired, owner, (headers, expect) =>
          call('POST', `/assets/${retired}/retirement`, {
            token: owner,
            headers,
            expect,
            body: { reason: 'Bulk SMS moved to the virtualised SMSC; the appliance is out of support', retiredOn: daysFromNow(-45) },
          }),
        );
        summary.created.steps++;
      });
    }
    const offSite = assetId(OFF_SITE_ASSET);
    if (offSite && !(await hasHad(OFF_SITE_ASSET, 'removeAssetOffSite'))) {
      await attempt('taking the spectrum analyser off site', async () => {
        const owner = await tokenOf('priya.raman');
        await versioned(offSite, owner, (headers, expect) =>
          call('POST', `/assets/${offSite}/off-site-removal`, {
            token: owner,
            headers,
            expect,
            body: {
              destination: 'Base station MUC-0131 (Schwabing)',
              purpose: 'Interference survey on the 3.6 GHz band',
              takenBy: emailOf('priya.raman'),
              authorizedBy: emailOf(APPROVER),
              expectedReturnOn: daysFromNow(14),
            },
          }),
        );
        summary.created.steps++;
      });
    }
  };

  // The approval waits on the flow, the register on the engine: side by side. Its rows fit the policy before
  // and after (the default policy names no categories), and the approval does not re-value (same valuation).
  await Promise.all([approvePolicy(), register()]);

  // One change of the policy pending: submitted by the security officer, waiting for the analyst's check. A
  // change a restart interrupted (its flow's tokens are gone) is submitted again.
  await attempt('the pending asset policy change', async () => {
    const seeded = (await changes()).filter((change) => change.reason === PENDING_CHANGE_REASON);
    const live = seeded.find((change) => change.status !== 'interrupted');
    if (live) {
      if (live.status === 'pending-approval') summary.pendingChangeId = live.id;
      return;
    }
    const { policy } = await policyNow();
    const change = await call('POST', '/asset-policy-changes', {
      token: await tokenOf(OFFICER),
      headers: { 'idempotency-key': `demo-seed-pending-policy-change-${seeded.length + 1}` },
      body: { policy: pendingPolicy(policy), reason: PENDING_CHANGE_REASON },
    });
    summary.pendingChangeId = change.body.id;
    summary.created.policyChanges++;
    if (seeded.length) log('demo seed: the pending policy change was interrupted by the restart and is submitted again');
  });

  await attempt('counting overdue reviews', async () => {
    summary.overdue = (await all(call, admin, '/assets?reviewState=overdue')).length;
  });
  summary.durationMs = Date.now() - started;
  return summary;
}

/** One line for the start banner. */
export function seedBanner(summary: SeedSummary): string {
  const what = summary.created.assets || summary.created.people ? `seeded in ${(summary.durationMs / 1000).toFixed(1)} s` : 'already seeded';
  const pending = summary.pendingChangeId ? ', 1 asset policy change pending' : '';
  const trouble = summary.problems.length ? ` (${summary.problems.length} step(s) failed, see above)` : '';
  return (
    `Demo tenant ${summary.tenant}: ${summary.assets.length} assets (${summary.overdue} overdue for review), ${summary.people.length} people${pending}; ${what}${trouble}.\n` +
    `  token: npm run -s token -- --tenant ${summary.tenant} --user ${OFFICER}`
  );
}

export { SeedError };
