import * as crypto from 'node:crypto';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isArmResourceId } from '@twinsite/core/arm-resource-id';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rule(
  name: string,
  validate: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate },
    });
}

export const IsGuid = (options?: ValidationOptions) =>
  rule('guid', (v) => typeof v === 'string' && GUID.test(v), 'must be a GUID', options);

/** Azure AD tenants are GUIDs; ADFS-based stamps use the literal tenant `adfs`. */
export const IsTenantId = (options?: ValidationOptions) =>
  rule(
    'tenant',
    (v) => typeof v === 'string' && (GUID.test(v) || v === 'adfs'),
    'must be a GUID or "adfs"',
    options,
  );

/** ARM refuses to send a token over plain HTTP, so an http:// endpoint can never work. */
export const IsHttpsUrl = (options?: ValidationOptions) =>
  rule(
    'https-url',
    (v) => {
      if (typeof v !== 'string') return false;
      try {
        const url = new URL(v);
        return url.protocol === 'https:' && !!url.hostname;
      } catch {
        return false;
      }
    },
    'must be an https:// URL',
    options,
  );

export const IsPemCertificate = (options?: ValidationOptions) =>
  rule(
    'pem-certificate',
    (v) => {
      if (typeof v !== 'string' || !v.includes('-----BEGIN CERTIFICATE-----')) return false;
      try {
        new crypto.X509Certificate(v);
        return true;
      } catch {
        return false;
      }
    },
    'must be a PEM-encoded X.509 certificate',
    options,
  );

export const IsArmId = (expectedType?: string, options?: ValidationOptions) =>
  rule(
    'arm-resource-id',
    (v) => typeof v === 'string' && isArmResourceId(v, expectedType),
    expectedType ? `must be an ARM resource ID of a ${expectedType}` : 'must be an ARM resource ID',
    options,
  );

export const IsIPv4 = (options?: ValidationOptions) =>
  rule(
    'ipv4',
    (v) => typeof v === 'string' && /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(v),
    'must be an IPv4 address',
    options,
  );
