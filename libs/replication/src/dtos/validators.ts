import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import { isValidResourceGroupName } from '@twinsite/core';

function rule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  message: (property: string) => string,
  options?: ValidationOptions,
) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: message(propertyName), ...options },
      validator: { validate },
    });
}

/**
 * A database URL of one of `protocols`. The message never repeats the value: these
 * URLs carry credentials, and error messages end up in logs and consoles.
 */
export const IsDatabaseUrl = (protocols: string[], options?: ValidationOptions) =>
  rule(
    'database-url',
    (v) => {
      if (typeof v !== 'string' || v.length > 2000) return false;
      try {
        const url = new URL(v);
        return protocols.includes(url.protocol.replace(/:$/, '')) && !!url.hostname;
      } catch {
        return false;
      }
    },
    (p) => `${p} must be a ${protocols.map((s) => `${s}://`).join(' or ')} URL`,
    options,
  );

/** ARM's resource group naming rule: 1–90 letters, digits, `_-.()`, not ending in a period. */
export const IsResourceGroupName = (options?: ValidationOptions) =>
  rule(
    'resource-group-name',
    (v) => typeof v === 'string' && isValidResourceGroupName(v),
    (p) => `${p} must be a resource group name: 1-90 letters, digits, _ - . ( ), not ending in a period`,
    options,
  );

/** A field that identifies the resource and cannot change after creation. */
export const Immutable = (hint: string, options?: ValidationOptions) =>
  rule(
    'immutable',
    (v) => v === undefined,
    (p) => `${p} cannot be changed after creation; ${hint}`,
    options,
  );

/** Valid only when a sibling field has a given value (`standbyVmId` needs `mode: "standby"`). */
export const OnlyWith = (sibling: string, value: unknown, options?: ValidationOptions) =>
  rule(
    'only-with',
    (v, args) => v === undefined || (args.object as Record<string, unknown>)[sibling] === value,
    (p) => `${p} is only allowed when ${sibling} is ${JSON.stringify(value)}`,
    options,
  );

/** May be left out, but not sent as null (unlike @IsOptional, which lets null through to a NOT NULL column). */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);
