import { Placeholder } from "@/components/shell/placeholder";
import { requirePageUser } from "@/lib/auth/page";

export default async function Page() {
  await requirePageUser("analyst");
  return <Placeholder section="campaigns" />;
}
