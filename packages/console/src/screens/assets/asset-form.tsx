// The asset's fields as one form, shared by registration, editing and a review that updates the entry. The
// values are kept as typed (strings) so that nothing is lost on an error; they become a create body or a
// merge patch (only what changed; a cleared field is null) when sent, and are checked with the API's schemas.
// Equipment and software also say which vendor product they are (vendor, product, model, version, CPE), and
// every asset where it can be reached from: early warnings match advisories on the one and weigh the other.
import type { Dispatch, SetStateAction } from 'react';
import { ASSET_TYPES, EXPOSURES, IDENTIFIED_TYPES, IMPORTANCE_NAMES, importanceOf, type AssetType, type Cia, type Exposure } from '@ismf/assets/rules';
import { Field } from '../../ui/form.tsx';
import { TYPE_LABELS, type Asset, type AssetPolicy } from './shared.tsx';

const EQUIPMENT = ['manufacturer', 'model', 'serialNumber', 'siting', 'powerSupply', 'maintenance'] as const;
type EquipmentField = (typeof EQUIPMENT)[number];
const EQUIPMENT_LABELS: Record<EquipmentField, string> = {
  manufacturer: 'Manufacturer',
  model: 'Model',
  serialNumber: 'Serial number',
  siting: 'Siting and protection',
  powerSupply: 'Power supply',
  maintenance: 'Maintenance',
};

const IDENTITY = ['vendor', 'product', 'model', 'version', 'cpe'] as const;
type IdentityField = (typeof IDENTITY)[number];
const IDENTITY_LABELS: Record<IdentityField, string> = {
  vendor: 'Vendor',
  product: 'Product',
  model: 'Model or order number',
  version: 'Installed version',
  cpe: 'CPE name',
};
const IDENTITY_HINTS: Partial<Record<IdentityField, string>> = {
  vendor: 'as its advisories name it: “Nokia”, “Siemens AG”',
  product: '“7750 SR”, “SIMATIC S7-1500 CPU”',
  version: 'the firmware or software version as the vendor writes it: V6.6.1, R3.09.50',
  cpe: 'when known: cpe:2.3:… or cpe:/…',
};

export const EXPOSURE_LABELS: Record<Exposure, string> = {
  'internet-facing': 'Internet-facing',
  'partner-facing': 'Partner-facing (reached by partners, suppliers)',
  internal: 'Internal (the organization’s own network)',
  isolated: 'Isolated (no network path from outside)',
};

/** Whether assets of a type run a vendor product (an identity matched against advisories). */
export const identifiedType = (type: string) => (IDENTIFIED_TYPES as readonly string[]).includes(type);

/** The optional text fields of an asset, in the order the form shows them. */
const OPTIONAL_TEXT = ['externalId', 'category', 'businessProcess', 'description', 'custodian', 'location', 'secureArea', 'acceptableUse'] as const;
type OptionalText = (typeof OPTIONAL_TEXT)[number];

export interface AssetValues {
  name: string;
  type: AssetType;
  owner: string;
  classification: string;
  confidentiality: string;
  integrity: string;
  availability: string;
  labels: string;
  optional: Record<OptionalText, string>;
  equipment: Record<EquipmentField, string>;
  /** An exposure, or '' for none stated. */
  exposure: string;
  identity: Record<IdentityField, string>;
}

const emptyOptional = () => Object.fromEntries(OPTIONAL_TEXT.map((field) => [field, ''])) as Record<OptionalText, string>;
const emptyEquipment = () => Object.fromEntries(EQUIPMENT.map((field) => [field, ''])) as Record<EquipmentField, string>;
const emptyIdentity = () => Object.fromEntries(IDENTITY.map((field) => [field, ''])) as Record<IdentityField, string>;

export function blankAsset(owner: string, classification = ''): AssetValues {
  return {
    name: '',
    type: 'information',
    owner,
    classification,
    confidentiality: '3',
    integrity: '3',
    availability: '3',
    labels: '',
    optional: emptyOptional(),
    equipment: emptyEquipment(),
    exposure: '',
    identity: emptyIdentity(),
  };
}

/** The form's values for an asset as it stands (the owner by e-mail where the API names it). */
export function valuesOf(asset: Asset): AssetValues {
  return {
    name: asset.name,
    type: asset.type,
    owner: asset.ownerPerson.email ?? asset.owner,
    classification: asset.classification,
    confidentiality: String(asset.confidentiality),
    integrity: String(asset.integrity),
    availability: String(asset.availability),
    labels: (asset.labels ?? []).join(', '),
    optional: Object.fromEntries(OPTIONAL_TEXT.map((field) => [field, asset[field] ?? ''])) as Record<OptionalText, string>,
    equipment: Object.fromEntries(EQUIPMENT.map((field) => [field, asset.equipment?.[field] ?? ''])) as Record<EquipmentField, string>,
    exposure: asset.exposure ?? '',
    identity: Object.fromEntries(IDENTITY.map((field) => [field, asset.identity?.[field] ?? ''])) as Record<IdentityField, string>,
  };
}

/** A CIA value as typed: a number when it is one (else the text, for the schema to refuse with its message). */
const level = (typed: string) => (typed.trim() !== '' && Number.isFinite(Number(typed)) ? Number(typed) : typed);
const labelsOf = (typed: string) =>
  typed
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
const equipmentOf = (values: AssetValues) => {
  const given = Object.entries(values.equipment).filter(([, value]) => value.trim() !== '');
  return given.length ? Object.fromEntries(given.map(([field, value]) => [field, value.trim()])) : undefined;
};

/** The vendor product typed, for a type that runs one and when any of it is typed (the schema then names what is missing). */
const identityOf = (values: AssetValues) => {
  if (!identifiedType(values.type)) return undefined;
  const given = IDENTITY.filter((field) => values.identity[field].trim() !== '');
  return given.length
    ? (Object.fromEntries(given.map((field) => [field, values.identity[field].trim()])) as Partial<Record<IdentityField, string>>)
    : undefined;
};
const sameIdentity = (a: Partial<Record<IdentityField, string>> | undefined, b: Partial<Record<IdentityField, string>> | undefined) =>
  IDENTITY.every((field) => (a?.[field] ?? '') === (b?.[field] ?? ''));

/** The body of POST /assets: empty optional fields are left out. */
export function createBody(values: AssetValues): Record<string, unknown> {
  const optional = Object.entries(values.optional).filter(([, value]) => value.trim() !== '');
  const labels = labelsOf(values.labels);
  const equipment = equipmentOf(values);
  const identity = identityOf(values);
  return {
    name: values.name,
    type: values.type,
    owner: values.owner.trim(),
    classification: values.classification,
    confidentiality: level(values.confidentiality),
    integrity: level(values.integrity),
    availability: level(values.availability),
    ...Object.fromEntries(optional),
    ...(labels.length ? { labels } : {}),
    ...(equipment ? { equipment } : {}),
    ...(values.exposure ? { exposure: values.exposure } : {}),
    ...(identity ? { identity } : {}),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A JSON merge patch from the asset as it stands to the values: only what changed; a cleared field is null. */
export function patchOf(asset: Asset, values: AssetValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (values.name !== asset.name) patch.name = values.name;
  if (values.type !== asset.type) patch.type = values.type;
  const owner = values.owner.trim();
  if (owner !== asset.owner && owner !== asset.ownerPerson.email) patch.owner = owner;
  if (values.classification !== asset.classification) patch.classification = values.classification;
  for (const field of ['confidentiality', 'integrity', 'availability'] as const) {
    if (values[field] !== String(asset[field])) patch[field] = level(values[field]);
  }
  for (const field of OPTIONAL_TEXT) {
    const typed = values.optional[field];
    if (typed !== (asset[field] ?? '')) patch[field] = typed.trim() === '' ? null : typed;
  }
  const labels = labelsOf(values.labels);
  if (!same(labels, asset.labels ?? [])) patch.labels = labels.length ? labels : null;
  const equipment = equipmentOf(values);
  if (!same(equipment, asset.equipment)) patch.equipment = equipment ?? null;
  if (values.exposure !== (asset.exposure ?? '')) patch.exposure = values.exposure || null;
  const identity = identityOf(values);
  if (!sameIdentity(identity, asset.identity)) patch.identity = identity ?? null;
  return patch;
}

/** The importance the policy's rule gives these values, when they are valid. */
function importancePreview(values: AssetValues, policy: AssetPolicy | undefined): string | undefined {
  const cia = { confidentiality: Number(values.confidentiality), integrity: Number(values.integrity), availability: Number(values.availability) };
  if (!policy || !Object.values(cia).every((value) => Number.isInteger(value) && value >= 1 && value <= 5)) return undefined;
  const importance = importanceOf(cia as Cia, policy.valuation);
  return `${importance} · ${IMPORTANCE_NAMES[importance]}`;
}

const CIA_HINTS = {
  confidentiality: 'harm if disclosed: 1 (none) to 5 (very severe)',
  integrity: 'harm if altered or wrong: 1 (none) to 5 (very severe)',
  availability: 'harm if unavailable: 1 (none) to 5 (very severe)',
} as const;

/** The fields. `errorAt(field)`: the error the API (or the schema) gives the field, wherever the caller sends it. */
export function AssetFields({
  values,
  onChange,
  errorAt,
  policy,
}: {
  values: AssetValues;
  onChange: Dispatch<SetStateAction<AssetValues>>;
  errorAt: (field: string) => string | undefined;
  policy: AssetPolicy | undefined;
}) {
  const set = (field: 'name' | 'type' | 'owner' | 'classification' | 'confidentiality' | 'integrity' | 'availability' | 'labels') => (value: string) =>
    onChange((before) => ({ ...before, [field]: value }));
  const setOptional = (field: OptionalText) => (value: string) => onChange((before) => ({ ...before, optional: { ...before.optional, [field]: value } }));
  const setEquipment = (field: EquipmentField) => (value: string) => onChange((before) => ({ ...before, equipment: { ...before.equipment, [field]: value } }));
  const setIdentity = (field: IdentityField) => (value: string) => onChange((before) => ({ ...before, identity: { ...before.identity, [field]: value } }));
  const categories = policy?.categories.filter((category) => category.type === values.type).map((category) => category.name) ?? [];
  const processes = policy?.businessProcesses ?? [];
  const levels = policy?.classificationLevels ?? [];
  const preview = importancePreview(values, policy);

  /** A pick from the policy's list where it has one (keeping a value it no longer lists), else free text. */
  const choice = (field: OptionalText, label: string, options: readonly string[], hint?: string) => (
    <Field label={label} error={errorAt(field)} {...(hint ? { hint } : {})}>
      {(props) =>
        options.length ? (
          <select {...props} value={values.optional[field]} onChange={(event) => setOptional(field)(event.target.value)}>
            <option value="">— none —</option>
            {[...new Set([...options, ...(values.optional[field] ? [values.optional[field]] : [])])].map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        ) : (
          <input {...props} value={values.optional[field]} onChange={(event) => setOptional(field)(event.target.value)} />
        )
      }
    </Field>
  );
  const text = (field: OptionalText, label: string, options: { hint?: string; long?: boolean } = {}) => (
    <Field label={label} error={errorAt(field)} {...(options.hint ? { hint: options.hint } : {})}>
      {(props) =>
        options.long ? (
          <textarea {...props} value={values.optional[field]} onChange={(event) => setOptional(field)(event.target.value)} />
        ) : (
          <input {...props} value={values.optional[field]} onChange={(event) => setOptional(field)(event.target.value)} />
        )
      }
    </Field>
  );

  return (
    <>
      <fieldset>
        <legend>Identification</legend>
        <Field label="Name" error={errorAt('name')}>
          {(props) => <input {...props} value={values.name} onChange={(event) => set('name')(event.target.value)} required />}
        </Field>
        <Field label="Type" error={errorAt('type')}>
          {(props) => (
            <select {...props} value={values.type} onChange={(event) => set('type')(event.target.value)}>
              {ASSET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {choice('category', 'Category', categories, categories.length ? undefined : 'the asset policy lists no categories for this type')}
        {choice('businessProcess', 'Business process', processes)}
        {text('description', 'Description', { long: true })}
        {text('externalId', 'External id', { hint: 'its id in the register it came from (a CMDB); unique in your organization' })}
        <Field label="Labels" hint="comma-separated, e.g. pci, customer-data" error={errorAt('labels')}>
          {(props) => <input {...props} value={values.labels} onChange={(event) => set('labels')(event.target.value)} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Ownership and location</legend>
        <Field label="Owner" hint="the user accountable for it: their e-mail address or user id" error={errorAt('owner')}>
          {(props) => <input {...props} value={values.owner} onChange={(event) => set('owner')(event.target.value)} autoComplete="off" required />}
        </Field>
        {text('custodian', 'Custodian', { hint: 'who looks after it day to day' })}
        {text('location', 'Location')}
        {text('secureArea', 'Secure area', { hint: 'the secure area housing it' })}
      </fieldset>
      <fieldset>
        <legend>Classification and valuation</legend>
        <Field label="Classification" error={errorAt('classification')}>
          {(props) =>
            levels.length ? (
              <select {...props} value={values.classification} onChange={(event) => set('classification')(event.target.value)}>
                <option value="">— pick a level —</option>
                {levels.map((level) => (
                  <option key={level.name} value={level.name}>
                    {level.name}
                  </option>
                ))}
              </select>
            ) : (
              <input {...props} value={values.classification} onChange={(event) => set('classification')(event.target.value)} />
            )
          }
        </Field>
        {(['confidentiality', 'integrity', 'availability'] as const).map((field) => (
          <Field key={field} label={field[0]!.toUpperCase() + field.slice(1)} hint={CIA_HINTS[field]} error={errorAt(field)}>
            {(props) => (
              <input {...props} type="number" inputMode="numeric" min={1} max={5} value={values[field]} onChange={(event) => set(field)(event.target.value)} />
            )}
          </Field>
        ))}
        <p aria-live="polite">
          Importance by the asset policy’s rule: <strong>{preview ?? '—'}</strong>
        </p>
        <Field label="Exposure" hint="where it can be reached from: it weighs in the priority of an early warning that hits it" error={errorAt('exposure')}>
          {(props) => (
            <select {...props} value={values.exposure} onChange={(event) => onChange((before) => ({ ...before, exposure: event.target.value }))}>
              <option value="">— not stated —</option>
              {EXPOSURES.map((exposure) => (
                <option key={exposure} value={exposure}>
                  {EXPOSURE_LABELS[exposure]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      {identifiedType(values.type) && (
        <fieldset>
          <legend>Vendor product (for advisory matching)</legend>
          <p className="hint">
            The product this asset is, as its vendor names it: advisories naming it are matched to it (an SBOM does the same for software components). Vendor,
            product and installed version are needed; leave all empty when it is no vendor product.
          </p>
          {errorAt('identity') && !IDENTITY.some((field) => errorAt(`identity.${field}`)) && <p className="field-error">{errorAt('identity')}</p>}
          {IDENTITY.map((field) => (
            <Field
              key={field}
              label={IDENTITY_LABELS[field]}
              error={errorAt(`identity.${field}`)}
              {...(IDENTITY_HINTS[field] ? { hint: IDENTITY_HINTS[field] } : {})}
            >
              {(props) => <input {...props} value={values.identity[field]} onChange={(event) => setIdentity(field)(event.target.value)} autoComplete="off" />}
            </Field>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>Equipment (physical assets)</legend>
        {EQUIPMENT.map((field) => (
          <Field key={field} label={EQUIPMENT_LABELS[field]} error={errorAt(`equipment.${field}`)}>
            {(props) => <input {...props} value={values.equipment[field]} onChange={(event) => setEquipment(field)(event.target.value)} />}
          </Field>
        ))}
      </fieldset>
      <fieldset>
        <legend>Acceptable use</legend>
        {text('acceptableUse', 'Rules for using this asset', { long: true, hint: 'beyond those of its category and type in the asset policy' })}
      </fieldset>
    </>
  );
}

/** Every field path the form shows, for the problem banner to list only the errors no field claims. */
export const assetFieldPaths = (prefix: string) =>
  [
    'name',
    'type',
    'owner',
    'classification',
    'confidentiality',
    'integrity',
    'availability',
    'labels',
    'equipment',
    'exposure',
    'identity',
    ...OPTIONAL_TEXT,
  ].map((field) => `${prefix}.${field}`);
