export const ROLES = ["analyst", "marketer", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { analyst: 0, marketer: 1, admin: 2 };

/** analyst reads analytics; marketer also manages activities, audiences and sends; admin also users and settings. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/**
 * How phone numbers are shown to a role: whole to those who send (marketer, admin), masked (`138****8000`) to
 * analysts, everywhere: pages, route answers and CSV exports. lib/audiences/phone.ts `showPhone` applies it.
 */
export type PhoneView = "whole" | "masked";

export function phoneViewFor(role: Role): PhoneView {
  return hasRole(role, "marketer") ? "whole" : "masked";
}
