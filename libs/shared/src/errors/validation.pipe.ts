import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation, validationFailed } from './app.exception';

/**
 * Rejects unknown fields and reports every broken rule with the field's path
 * (`groups[1].pairIds[0]`) and the rule's name, so that a script can act on it.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = joinPath(parent, error.property);
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        field,
        rule: rule === 'whitelistValidation' ? 'unknown-field' : rule,
        message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

function joinPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}
