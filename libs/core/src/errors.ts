/**
 * A rule a piece of input breaks, named by the field that breaks it.
 *
 * Validations in the core return lists of these instead of throwing, so that the
 * HTTP layer can report every problem of a request at once (in `error.details`)
 * and the console can put each message next to the field it belongs to.
 */
export interface DomainViolation {
  /** Path of the offending field in the input, e.g. `groups[1].pairIds[0]`. */
  field: string;
  /** Stable machine-readable rule name, e.g. `unique-pair`. */
  rule: string;
  /** One sentence for a person. */
  message: string;
}

export function violation(field: string, rule: string, message: string): DomainViolation {
  return { field, rule, message };
}

/**
 * Builds the field paths used in violations: `fieldPath('groups', 1, 'pairIds', 0)`
 * gives `groups[1].pairIds[0]`. Numbers become indexes, strings become properties.
 */
export function fieldPath(...parts: Array<string | number>): string {
  let path = '';
  for (const part of parts) {
    if (typeof part === 'number') {
      path += `[${part}]`;
    } else if (part !== '') {
      path += path === '' ? part : `.${part}`;
    }
  }
  return path;
}
