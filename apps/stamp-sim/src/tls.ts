import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';

// The stamps' TLS. Real stamps use an enterprise CA the client must be told to trust,
// so the simulator has its own CA (kept in the data directory, so a client configured
// once keeps working across restarts) and a server certificate for 127.0.0.1/localhost.

export interface TlsMaterial {
  caPem: string;
  caPath: string;
  certPem: string;
  keyPem: string;
}

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // Node's native generator; forge's pure-JS one takes seconds for 2048-bit keys.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function serial(): string {
  // Positive, non-zero: the top bit of the first byte cleared.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString('hex');
}

function createCa(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const subject = [
    { name: 'commonName', value: 'Twinsite Stamp Simulator Root CA' },
    { name: 'organizationName', value: 'Twinsite' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function createServerCert(
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  hostnames: string[],
): { certPem: string; keyPem: string } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const altNames = [
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
    ...hostnames.map((value) => ({ type: 2, value })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** Loads the CA from `dataDir` (creating it the first time) and issues a fresh server certificate. */
export function loadTls(dataDir: string, hostnames: string[] = ['localhost']): TlsMaterial {
  fs.mkdirSync(dataDir, { recursive: true });
  const caPath = path.join(dataDir, 'ca.pem');
  const caKeyPath = path.join(dataDir, 'ca-key.pem');
  let ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  if (fs.existsSync(caPath) && fs.existsSync(caKeyPath)) {
    ca = {
      cert: forge.pki.certificateFromPem(fs.readFileSync(caPath, 'utf8')),
      key: forge.pki.privateKeyFromPem(fs.readFileSync(caKeyPath, 'utf8')) as forge.pki.rsa.PrivateKey,
    };
  } else {
    ca = createCa();
    fs.writeFileSync(caKeyPath, forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
    fs.writeFileSync(caPath, forge.pki.certificateToPem(ca.cert));
  }
  const server = createServerCert(ca, hostnames);
  return { caPem: forge.pki.certificateToPem(ca.cert), caPath, ...server };
}
