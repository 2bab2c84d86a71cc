// The demo tenant's content (what packages/app/src/seed-demo.ts writes through the API): its people, the
// asset policy changes, and a telecom register of every asset type with its dependencies.

import type { TenantRole as Role } from '@ismf/core/roles';

// The people

export interface Person {
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
export const OFFICER = 'dana.weiss';
export const CHECKER = 'omar.farouk';
export const APPROVER = 'lena.fischer';

// ---------------------------------------------------------------------------------------------------------
// The asset policy: one change approved (the telecom categories and processes), one pending

export const CATEGORIES: { type: string; name: string }[] = [
  ...['Subscriber data', 'Network configuration', 'Business records', 'Security records'].map((name) => ({ type: 'information', name })),
  ...['Network function', 'Business application', 'Operations tooling'].map((name) => ({ type: 'software', name })),
  ...['Site', 'Network element', 'Server', 'End-user device', 'Test equipment'].map((name) => ({ type: 'physical', name })),
  ...['Customer service', 'Third-party service'].map((name) => ({ type: 'service', name })),
  { type: 'people', name: 'Team' },
  ...['Licence', 'Numbering resource', 'Brand'].map((name) => ({ type: 'intangible', name })),
];

export const PROCESSES = [
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

export type Policy = Record<string, unknown> & { reviewIntervalDays: Record<string, number>; acceptableUse?: unknown[] };

export function approvedPolicy(current: Policy): Policy {
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

export function pendingPolicy(current: Policy): Policy {
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

export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export interface DemoAsset {
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
  /** The vendor product it runs, for advisory matching (early warning). */
  identity?: { vendor: string; product: string; model?: string; version: string; cpe?: string };
  exposure?: 'internet-facing' | 'partner-facing' | 'internal' | 'isolated';
  /** Days since the last review: long enough ago, the asset is overdue. */
  reviewedDaysAgo?: number;
  /** Keys of the assets it depends on. */
  dependsOn?: string[];
}

export const DC_NORTH = 'Data centre North, Hamburg';
export const DC_SOUTH = 'Data centre South, Munich';

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
    // The network operating system each runs: what vendor advisories name.
    identity:
      manufacturer === 'Nokia'
        ? { vendor: manufacturer, product: 'SR OS', model, version: '22.10.R1' }
        : { vendor: manufacturer, product: 'Junos OS', model, version: '22.4R2', cpe: 'cpe:2.3:o:juniper:junos:22.4:r2:*:*:*:*:*:*' },
    exposure: 'partner-facing',
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
export const SBOM_ASSET = 'selfcare-portal';
export const RETIRED_ASSET = 'legacy-sms-gateway';
export const OFF_SITE_ASSET = 'spectrum-analyser';
export const REVIEWED_ASSET = 'core-router-ham-01';

export const externalIdOf = (key: string) => `DT-${key.toUpperCase()}`;
