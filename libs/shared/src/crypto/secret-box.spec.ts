import * as crypto from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox({ secretKey: crypto.randomBytes(32) });

  it('opens what it sealed', () => {
    expect(box.open(box.seal('s3cr3t-value'))).toBe('s3cr3t-value');
  });

  it('never stores the plaintext and never seals twice the same', () => {
    const a = box.seal('s3cr3t-value');
    const b = box.seal('s3cr3t-value');
    expect(a).not.toContain('s3cr3t');
    expect(a).not.toBe(b);
  });

  it('refuses a tampered value and a value sealed under another key', () => {
    const sealed = box.seal('s3cr3t-value');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    const other = new SecretBox({ secretKey: crypto.randomBytes(32) });
    expect(() => other.open(sealed)).toThrow();
  });
});
