import { type Invocation, required, UsageError } from "./command.ts";
import { withServices } from "./services.ts";

export function spaceCreate({ config, values }: Invocation): Promise<void> {
  return withServices(config, async ({ spaces, db }) => {
    const admin = await db.kysely
      .selectFrom("persons")
      .select("id")
      .where("is_admin", "=", 1)
      .orderBy("id")
      .executeTakeFirst();
    if (!admin) throw new UsageError("Créez d’abord un compte administrateur (user create --admin).");
    const space = await spaces.create(
      { id: admin.id, isAdmin: true },
      {
        kind: required(values, "kind"),
        name: required(values, "name"),
        slug: values.slug,
        territory: values.territory,
        theme: values.theme,
        assembly: values.assembly,
      },
    );
    process.stdout.write(`Espace créé : /espaces/${space.slug} (${space.id})\n`);
  });
}
