import { isMap, parseDocument } from 'yaml';
import { CliError, ExitCode } from '../exit-codes';
import {
  Fields,
  isPlainObject,
  KindName,
  KINDS,
  kindOfSection,
  kindOrder,
  REF_FIELDS,
  SECTIONS,
} from './kinds';

/** One resource the estate file declares, in the file's vocabulary. */
export interface EstateEntry {
  kind: KindName;
  name: string;
  /** Its place in its section, for messages: `pairs[2]`. */
  index: number;
  fields: Fields;
}

export interface Estate {
  file: string;
  /** The sections the file has (even empty ones): only these are pruned. */
  sections: KindName[];
  /** Every entry, in dependency order and then file order. */
  entries: EstateEntry[];
}

/** The estate file is not valid: nothing was sent. Exit code 2, like a validation error of the API. */
export class EstateError extends CliError {
  constructor(message: string, problems: string[] = []) {
    super(message, ExitCode.Validation, problems, 'invalid-estate');
    this.name = 'EstateError';
  }
}

export const entryLabel = (e: Pick<EstateEntry, 'kind' | 'index' | 'name'>) =>
  `${KINDS.find((k) => k.kind === e.kind)!.section}[${e.index}] (${e.name})`;

/**
 * Reads an estate file: YAML, then `${VAR}` interpolation from the environment in
 * string values (so that secrets stay out of the file and out of git), then the
 * checks the API cannot make because they are about the file itself: known
 * sections, a name on every entry, no name twice, references that are names.
 * Field values are left for the API to judge.
 */
export function parseEstate(text: string, file: string, env: Record<string, string | undefined>): Estate {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new EstateError(
      `${file} is not valid YAML`,
      doc.errors.map(
        (e) =>
          `${file}:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'}: ${e.message.split('\n')[0]}`,
      ),
    );
  }
  const root = doc.contents === null ? {} : doc.toJS();
  if (!isMap(doc.contents) && doc.contents !== null) {
    throw new EstateError(`${file} must be a mapping with the sections ${SECTIONS.join(', ')}`);
  }
  const missing = new Set<string>();
  const interpolated = interpolate(root, env, missing) as Fields;
  if (missing.size > 0) {
    throw new EstateError(
      `${file} uses environment variables that are not set`,
      [...missing].map((name) => `\${${name}} is not set (export it, or write \${${name}:-default})`),
    );
  }

  const problems: string[] = [];
  const sections: KindName[] = [];
  const entries: EstateEntry[] = [];
  for (const [section, list] of Object.entries(interpolated)) {
    const kind = kindOfSection(section);
    if (!kind) {
      problems.push(`${section}: not a section of an estate file (expected ${SECTIONS.join(', ')})`);
      continue;
    }
    sections.push(kind);
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`${section}: must be a list`);
      continue;
    }
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const where = `${section}[${index}]`;
      if (!isPlainObject(item)) {
        problems.push(`${where}: must be a mapping of fields`);
        return;
      }
      const fields: Fields = { ...item };
      if (kind === 'pair' && fields.name === undefined && typeof fields.sourceResourceId === 'string') {
        // As the API does: a pair is named after its source VM unless told otherwise.
        fields.name = fields.sourceResourceId.split('/').filter(Boolean).pop();
      }
      if (typeof fields.name !== 'string' || fields.name.trim() === '') {
        problems.push(`${where}: name is required (other entries refer to it by name)`);
        return;
      }
      const name = fields.name;
      if (seen.has(name)) {
        problems.push(`${where}: the name ${name} is already used by ${section}[${seen.get(name)}]`);
        return;
      }
      seen.set(name, index);
      problems.push(...shapeProblems(kind, fields, `${where} (${name})`));
      entries.push({ kind, name, index, fields });
    });
  }
  if (problems.length > 0) throw new EstateError(`${file} is not a valid estate file`, problems);
  entries.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.index - b.index);
  sections.sort((a, b) => kindOrder(a) - kindOrder(b));
  return { file, sections, entries };
}

function shapeProblems(kind: KindName, fields: Fields, where: string): string[] {
  const problems: string[] = [];
  for (const field of Object.keys(REF_FIELDS[kind])) {
    const value = fields[field];
    if (value === undefined || typeof value === 'string') continue;
    if (kind === 'pair' && field === 'target' && isPlainObject(value)) {
      problems.push(
        `${where}: target is the name of the target site; put resourceGroup, vmSize, staticIp… under replica`,
      );
    } else {
      problems.push(
        `${where}: ${field} must be the name of ${/^[aeiou]/.test(REF_FIELDS[kind][field]) ? 'an' : 'a'} ${REF_FIELDS[kind][field]}`,
      );
    }
  }
  if (kind === 'plan' && fields.groups !== undefined) {
    if (!Array.isArray(fields.groups)) problems.push(`${where}: groups must be a list`);
    else
      fields.groups.forEach((group, g) => {
        if (
          isPlainObject(group) &&
          group.pairs !== undefined &&
          !(Array.isArray(group.pairs) && group.pairs.every((p) => typeof p === 'string'))
        ) {
          problems.push(`${where}: groups[${g}].pairs must be a list of pair names`);
        }
      });
  }
  return problems;
}

const VARIABLE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * `${NAME}` is replaced by the variable's value, `${NAME:-default}` falls back to the
 * default when it is unset or empty, and `$${NAME}` is a literal `${NAME}`. Only string
 * values are touched, after parsing, so a secret with `:` or `#` cannot break the YAML.
 */
export function interpolate(
  value: unknown,
  env: Record<string, string | undefined>,
  missing: Set<string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(
      VARIABLE,
      (whole, escaped: string | undefined, name: string, fallback: string | undefined) => {
        if (escaped) return whole.slice(1);
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        if (found === '') return '';
        missing.add(name);
        return whole;
      },
    );
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, missing));
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, missing)]));
  return value;
}
