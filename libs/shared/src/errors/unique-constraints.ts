// Unique indexes are named `uq_<table>_<field>` in the migrations, so a unique
// violation can name the API field that collided without a lookup table per module.
export function uniqueViolationField(constraint: string | undefined): string {
  if (!constraint) return 'name';
  const match = /^uq_[a-z_]+?__(.+)$/.exec(constraint);
  if (!match) return 'name';
  return match[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
