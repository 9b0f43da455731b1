import type { ApplicationEntity } from '../application.entity';

export function toApplicationResponse(app: ApplicationEntity) {
  return {
    id: app.id,
    name: app.name,
    owner: app.owner,
    tier: app.tier,
    rpoSeconds: app.rpoSeconds,
    rtoSeconds: app.rtoSeconds,
    protection: app.protection,
    optIn: app.optIn,
    description: app.description,
    version: app.version,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}
