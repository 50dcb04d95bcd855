import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { FORMATS } from "./formats";
import { LOCALE_COOKIE, NAMESPACES, TIME_ZONE_COOKIE, toLocale, toTimeZone } from "./locales";

export default getRequestConfig(async () => {
  const store = await cookies();
  const locale = toLocale(store.get(LOCALE_COOKIE)?.value);
  const timeZone = toTimeZone(store.get(TIME_ZONE_COOKIE)?.value);
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => [ns, (await import(`../messages/${locale}/${ns}.json`)).default] as const),
  );
  return { locale, timeZone, formats: FORMATS, messages: Object.fromEntries(entries), now: new Date() };
});
