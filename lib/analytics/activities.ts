import { listActivities, listChannels } from "@/lib/activities";
import type { Db } from "@/lib/db";
import type { ActivityOption } from "./schemas";

/**
 * The activities the picker offers (newest first), with the channels of the one on screen so charts can name
 * them. Other activities' channels are loaded when they are picked (the page reloads its server half).
 */
export async function listActivityOptions(db: Db, opts: { selected?: string; search?: string } = {}): Promise<ActivityOption[]> {
  const [activities, channels] = await Promise.all([
    listActivities(db, { search: opts.search }),
    opts.selected ? listChannels(db, opts.selected) : Promise.resolve([]),
  ]);
  return activities.map((a) => ({ id: a.id, name: a.name, channels: a.id === opts.selected ? channels.map((c) => ({ id: c.id, name: c.name })) : [] }));
}
