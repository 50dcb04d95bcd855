import type { ActivityOption } from "./schemas";

/**
 * The activities the picker offers. The activities component (lib/activities) owns them; until it is on main
 * this returns none, and the picker still takes any activity ID typed into it.
 */
export async function listActivityOptions(_search?: string): Promise<ActivityOption[]> {
  return [];
}
