import { Type, type Static } from 'typebox';
import {
  OS_FAMILIES,
  OS_PROVIDERS,
  OS_TYPES,
  PROFILE_SOURCES,
  PROFILE_VALIDATION_STATES,
  SECURITY_FEATURES,
} from '../core/os-profile/os-profile-types.js';
import { ProjectName } from './project-schemas.js';
import { literals } from './schema-helpers.js';

/** One certificate of `tlsCaCert`, decoded for people (the API never makes clients parse PEM). */
export const CertificateInfo = Type.Object({
  subject: Type.String(),
  issuer: Type.String(),
  notBefore: Type.String(),
  notAfter: Type.String(),
  sha256Fingerprint: Type.String(),
  isCA: Type.Boolean(),
  selfSigned: Type.Boolean(),
});
export type CertificateInfo = Static<typeof CertificateInfo>;

/** An OS profile as the API shows it: EMF's OperatingSystemResource plus edge-orch's additions. */
export const OsProfileResource = Type.Object({
  resourceId: Type.String({ description: '`os-` + 8 hex, server generated.' }),
  name: Type.String(),
  profileName: Type.String(),
  imageUrl: Type.String({ description: 'Absolute https URL of the image.' }),
  imageId: Type.String({ description: 'The OS image version.' }),
  sha256: Type.String({ description: '64 lower-case hex of the file as hosted.' }),
  osType: literals(OS_TYPES, 'Stored canonical; aliases such as MUTABLE are accepted on input.'),
  osProvider: literals(OS_PROVIDERS, 'Stored canonical; aliases such as INFRA are accepted on input.'),
  securityFeature: literals(SECURITY_FEATURES, 'Stored canonical; aliases NONE, SB_FDE are accepted.'),
  osFamily: literals(OS_FAMILIES, 'Derived from profileName/name: decides the OS rules.'),
  architecture: Type.String(),
  description: Type.String(),
  tlsCaCert: Type.String({
    description: "Base64 of the PEM of the image server's certificate(s), '' if none.",
  }),
  tlsCaCertInfo: Type.Array(CertificateInfo, { description: 'The certificates of tlsCaCert, decoded.' }),
  secureBootCerts: Type.String({
    description:
      "Base64 of the PEM of the Secure Boot db certificate(s) the first-stage loader must chain to, '' if none.",
  }),
  secureBootDbx: Type.String({
    description:
      "The Secure Boot deny list: PEM certificates, then SHA-256 Authenticode hashes one per line; '' if none.",
  }),
  secureBootMokCerts: Type.String({
    description: "Base64 of the PEM of MOK certificates shim trusts for second stages, '' if none.",
  }),
  sbatLevel: Type.String({
    description: "SBAT revocation level (sbat,1,<date> then component,generation lines), '' if none.",
  }),
  metadata: Type.String({
    description: 'Flat string map as JSON text (EMF shape), e.g. {"kernelversion":"…"}.',
  }),
  source: literals(PROFILE_SOURCES, '`default` (one of the default profiles) or `custom`.'),
  installedPackages: Type.String(),
  existingCves: Type.String(),
  fixedCves: Type.String(),
  platformBundle: Type.String(),
  installedPackagesUrl: Type.String({ description: "URL of the OS package manifest (EMF), '' if none." }),
  existingCvesUrl: Type.String({ description: "URL of the list of the OS's known CVEs (EMF), '' if none." }),
  fixedCvesUrl: Type.String({ description: "URL of the list of CVEs this version fixes (EMF), '' if none." }),
  repoUrl: Type.String({ description: "EMF's deprecated copy of the image URL, as given at create." }),
  profileVersion: Type.String({ description: "Version of the profile family (EMF), '' if none." }),
  osResourceID: Type.String({ description: "EMF's deprecated alias of resourceId." }),
  validation: Type.Object(
    {
      state: literals(
        PROFILE_VALIDATION_STATES,
        'Image validation state: pending, running, passed, warned or failed (filter validation.state).',
      ),
    },
    { description: 'Image validation of the profile.' },
  ),
  timestamps: Type.Object({ createdAt: Type.String(), updatedAt: Type.String() }),
});
export type OsProfileResource = Static<typeof OsProfileResource>;

/** EMF's list envelope (the capital O is EMF's). */
export const OsProfileList = Type.Object({
  OperatingSystemResources: Type.Array(OsProfileResource),
  totalElements: Type.Integer(),
  hasNext: Type.Boolean(),
});
export type OsProfileList = Static<typeof OsProfileList>;

const text = (description: string) => Type.String({ description });
const enumText = (description: string) => Type.String({ description });

/**
 * The fields a client may send on create (documentation for the OpenAPI document; the rules are
 * core's, applied by the handler so that orchd, the CLI and the web console say the same thing).
 */
export const OsProfileInput = Type.Object(
  {
    name: text('1..128 characters, unique in the project.'),
    profileName: text('Family, e.g. ubuntu-22.04-lts-generic; with imageId unique in the project.'),
    imageUrl: text('https:// URL (query strings allowed) or a path on the Release Service.'),
    imageId: text('The OS image version, e.g. 22.04.5.'),
    sha256: text('64 hex, any case; stored lower-case.'),
    osType: enumText('MUTABLE (Ubuntu) or IMMUTABLE (EMT); EMF spellings accepted.'),
    osProvider: Type.Optional(enumText('INFRA (default) or LENOVO; EMF spellings accepted.')),
    securityFeature: Type.Optional(enumText('NONE (default) or SB_FDE; EMF spellings accepted.')),
    architecture: Type.Optional(text('Default x86_64.')),
    description: Type.Optional(text('Free text.')),
    tlsCaCert: Type.Optional(text("PEM text or base64 of PEM of the image server's certificate(s).")),
    secureBootCerts: Type.Optional(
      text('PEM text or base64 of the Secure Boot db certificate(s) the first-stage loader must chain to.'),
    ),
    secureBootDbx: Type.Optional(
      text(
        'Deny list: PEM certificates and SHA-256 Authenticode hashes (64 hex, sha256: allowed), one per line.',
      ),
    ),
    secureBootMokCerts: Type.Optional(
      text('PEM text or base64 of MOK certificates shim trusts for second stages (grub, kernel).'),
    ),
    sbatLevel: Type.Optional(
      text(
        "SBAT revocation level (sbat,1,<date> then component,generation lines); default: shim's .sbatlevel.",
      ),
    ),
    metadata: Type.Optional(
      Type.Union([Type.String(), Type.Record(Type.String(), Type.String())], {
        description: 'A flat string map, or its JSON text.',
      }),
    ),
    installedPackages: Type.Optional(text('Free text / JSON text (EMF).')),
    existingCves: Type.Optional(text('Free text / JSON text (EMF).')),
    fixedCves: Type.Optional(text('Free text / JSON text (EMF).')),
    platformBundle: Type.Optional(text('Free text / JSON text (EMF).')),
    installedPackagesUrl: Type.Optional(text('URL or path of the OS package manifest; immutable.')),
    existingCvesUrl: Type.Optional(text('URL or path of the known-CVE list; immutable.')),
    fixedCvesUrl: Type.Optional(text('URL or path of the fixed-CVE list; immutable.')),
    repoUrl: Type.Optional(text("EMF's deprecated copy of the image URL; stored as given, immutable.")),
    profileVersion: Type.Optional(text('Version of the profile family; immutable.')),
    validate: Type.Optional(
      Type.Boolean({ description: 'Create only, not stored: false skips the automatic image validation.' }),
    ),
  },
  { additionalProperties: false },
);
export type OsProfileInput = Static<typeof OsProfileInput>;

/**
 * PATCH / PUT body. PATCH changes the fields it names; PUT replaces the profile. Only description,
 * metadata, architecture, tlsCaCert and the Secure Boot policy (secureBootCerts, secureBootDbx,
 * secureBootMokCerts, sbatLevel) may differ from the stored values: any other field must repeat
 * the stored value (a GET-edit-PUT round trip is fine) or the call is refused naming it.
 */
export const OsProfileChangeInput = Type.Partial(Type.Omit(OsProfileInput, ['validate']), {
  additionalProperties: false,
  description:
    'Fields to change; only name, description, metadata, architecture, tlsCaCert, secureBootCerts, secureBootDbx, secureBootMokCerts and sbatLevel are mutable.',
});
export type OsProfileChangeInput = Static<typeof OsProfileChangeInput>;

/** PATCH's query: EMF's field mask. Other parameters are ignored, as EMF ignores them. */
export const PatchProfileQuery = Type.Object(
  {
    fieldMask: Type.Optional(
      Type.String({
        description:
          'Comma-separated fields to change, e.g. `name,metadata` (proto `tls_ca_cert` or JSON `tlsCaCert` spelling). ' +
          'Only these are read from the body; a named mutable field missing from the body is reset. Unknown paths are ignored.',
      }),
    ),
  },
  { additionalProperties: true },
);

export const ProjectProfileParams = Type.Object(
  { project: ProjectName, resourceId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export const ListProfilesQuery = Type.Object(
  {
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, default: 0 })),
    filter: Type.Optional(Type.String({ description: 'AIP-160, e.g. osType=MUTABLE AND name="Ubuntu*"' })),
    orderBy: Type.Optional(Type.String({ description: '`field [asc|desc], ...`, e.g. name desc' })),
  },
  // EMF ignores query parameters it does not know; so does orchd on EMF's paths.
  { additionalProperties: true },
);
export type ListProfilesQuery = Static<typeof ListProfilesQuery>;
