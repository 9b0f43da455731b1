import * as crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TWINSITE_CONFIG } from '../config/config.module';
import type { TwinsiteConfig } from '../config/config';

const VERSION = 'v1';

/**
 * Encrypts stored credentials (client secrets, database URLs) with AES-256-GCM under
 * TWINSITE_SECRET_KEY. The output is `v1.<iv>.<tag>.<ciphertext>` in base64url, so
 * a key rotation can add `v2` without guessing what a stored value is.
 */
@Injectable()
export class SecretBox {
  constructor(@Inject(TWINSITE_CONFIG) private readonly config: Pick<TwinsiteConfig, 'secretKey'>) {}

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.config.secretKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined)
      throw new Error('not a sealed secret');
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      this.config.secretKey,
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
