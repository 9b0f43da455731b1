import { DATABASE_LAG_SOURCE_KINDS, LagSourceKind } from './dtos/lag-source.dto';

/** The write-only part of a database lag source. */
export interface LagSourceSecrets {
  primaryUrl: string;
  replicaUrl: string;
}

export interface SplitLagSource {
  kind: LagSourceKind;
  /** Safe to store in the clear and to return. */
  settings: Record<string, unknown>;
  /** Null for kinds without credentials. */
  secrets: Partial<LagSourceSecrets> | null;
}

const SECRET_KEYS = new Set(['primaryUrl', 'replicaUrl']);

export function isDatabaseKind(kind: string): boolean {
  return (DATABASE_LAG_SOURCE_KINDS as readonly string[]).includes(kind);
}

/** Separates what may be shown (kind, settings) from the URLs that are stored sealed only. */
export function splitLagSource(input: { kind: LagSourceKind } & Record<string, unknown>): SplitLagSource {
  const settings: Record<string, unknown> = {};
  const secrets: Partial<LagSourceSecrets> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'kind' || value === undefined || value === null) continue;
    if (SECRET_KEYS.has(key)) (secrets as Record<string, unknown>)[key] = value;
    else settings[key] = value;
  }
  return { kind: input.kind, settings, secrets: isDatabaseKind(input.kind) ? secrets : null };
}

/** The lag source as the API shows it: kind and settings, and for database kinds only whether credentials are set. */
export function lagSourceView(
  kind: LagSourceKind,
  settings: Record<string, unknown> | null,
  credentialsSet: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = { kind, ...(settings ?? {}) };
  if (isDatabaseKind(kind)) view.credentialsSet = credentialsSet;
  return view;
}

/** The missing URLs of a database lag source, for the error that names them. */
export function missingSecrets(secrets: Partial<LagSourceSecrets> | null): Array<keyof LagSourceSecrets> {
  if (!secrets) return [];
  return (['primaryUrl', 'replicaUrl'] as const).filter((key) => !secrets[key]);
}
