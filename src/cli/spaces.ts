import { type Invocation, required, UsageError } from "./command.ts";
import { withServices } from "./services.ts";

export function spaceCreate({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["spaces", "accounts"], async ({ spaces, accounts }) => {
    const admin = await accounts.oldestAdmin();
    if (!admin) throw new UsageError("Créez d’abord un compte administrateur (user create --admin).");
    const space = await spaces.create(admin, {
      kind: required(values, "kind"),
      name: required(values, "name"),
      slug: values.slug,
      territory: values.territory,
      theme: values.theme,
      assembly: values.assembly,
    });
    process.stdout.write(`Espace créé : /espaces/${space.slug} (${space.id})\n`);
  });
}
