import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column({ type: 'text' })
  role: 'viewer' | 'operator' | 'admin' | 'agent';

  /** sha256 of the token: tokens are long random strings, so a fast hash is enough and lookups stay O(1). */
  @Index('uq_api_tokens__token_hash', { unique: true })
  @Column({ name: 'token_hash' })
  tokenHash: string;

  /** The first characters, so that a person can tell tokens apart in a list. */
  @Column()
  prefix: string;

  @Column({ name: 'pair_id', type: 'uuid', nullable: true })
  pairId: string | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
