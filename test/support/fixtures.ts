import * as crypto from 'node:crypto';
import * as forge from 'node-forge';

/** A self-signed CA certificate in PEM, as an operator would paste their stamp's CA. */
export function testCaPem(commonName = 'Contoso Stamp CA'): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export const guid = () => crypto.randomUUID();

export function siteBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `stamp-${crypto.randomBytes(3).toString('hex')}`,
    armEndpoint: 'https://management.east.contoso.local',
    location: 'east',
    subscriptionId: guid(),
    tenantId: 'adfs',
    clientId: guid(),
    clientSecret: 'site-client-secret-DO-NOT-LEAK-1234',
    ...overrides,
  };
}
