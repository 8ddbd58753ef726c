import { type Invocation, required, UsageError } from "./command.ts";
import { withServices } from "./services.ts";

export function userCreate({ config, values }: Invocation): Promise<void> {
  return withServices(
    config,
    ["accounts"],
    async ({ accounts }) => {
      const person = await accounts.createByOperator({
        email: required(values, "email"),
        displayName: required(values, "name"),
        // COMMUNS_PASSWORD keeps the password out of `ps` and of the shell's history.
        password: required({ password: values.password ?? process.env.COMMUNS_PASSWORD }, "password"),
        admin: values.admin === true,
      });
      process.stdout.write(
        `Compte créé : ${person.email} (${person.id})${person.isAdmin ? ", administrateur" : ""}\n`,
      );
    },
    { createsDatabase: true },
  );
}

export function tokenCreate({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["accounts"], async ({ accounts }) => {
    const person = await accounts.findByEmail(required(values, "email"));
    if (!person) throw new UsageError("Aucun compte avec cette adresse.");
    const { token } = await accounts.createToken(person, { name: values.name ?? "CLI" });
    process.stdout.write(`${token}\n`);
  });
}
