import { listOutbox } from "../modules/mail/service.ts";
import type { Invocation } from "./command.ts";
import { withServices } from "./services.ts";

export function outbox({ config }: Invocation): Promise<void> {
  return withServices(config, [], async ({ ctx }) => {
    for (const mail of await listOutbox(ctx)) {
      process.stdout.write(
        `--- ${mail.created_at} ${mail.sent_at ? "envoyé" : "non envoyé"}\nÀ : ${mail.to_address}\nObjet : ${mail.subject}\n\n${mail.body_text}\n\n`,
      );
    }
  });
}
