export const ROLES = ["analyst", "marketer", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { analyst: 0, marketer: 1, admin: 2 };

/** analyst reads analytics; marketer also manages activities, audiences and sends; admin also users and settings. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}
