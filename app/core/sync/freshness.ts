// Webhooks arrive at least once and in any order; imports overlap with them. A change is applied
// only when it is newer than what the store holds, so a late, stale delivery never rolls a record
// back and a duplicate is a no-op.

export interface StoredVersion {
  sourceUpdatedAt: Date | null;
  deletedAt?: Date | null;
}

export function isNewerThanStored(incomingUpdatedAt: Date, stored: StoredVersion | null): boolean {
  if (!stored) return true;
  if (stored.deletedAt && incomingUpdatedAt.getTime() <= stored.deletedAt.getTime()) return false;
  // A stub made from an order's embedded buyer has no source version yet.
  if (!stored.sourceUpdatedAt) return true;
  return incomingUpdatedAt.getTime() > stored.sourceUpdatedAt.getTime();
}
