import { GET, POST } from "../../web/routes.ts";
import {
  familyPage,
  forkChamber,
  forkChamberForm,
  proposeCode,
  proposeCodeForm,
  proposeRules,
  proposeRulesForm,
  socialCodeDiffPage,
  socialCodePage,
} from "./pages-code.tsx";

type Slug = { Params: { slug: string } };

/** A space's social code and rules, the proposals that change them, and forking a chamber. */
export const socialCodeRoutes = [
  GET<Slug>("/espaces/:slug/code-social", socialCodePage),
  GET<Slug>("/espaces/:slug/code-social/diff", socialCodeDiffPage),
  GET<Slug>("/espaces/:slug/code-social/proposer", proposeCodeForm),
  POST<Slug>("/espaces/:slug/code-social/proposer", proposeCode),
  GET<Slug>("/espaces/:slug/regles/proposer", proposeRulesForm),
  POST<Slug>("/espaces/:slug/regles/proposer", proposeRules),
  GET<Slug>("/espaces/:slug/bifurquer", forkChamberForm),
  POST<Slug>("/espaces/:slug/bifurquer", forkChamber),
  GET<Slug>("/espaces/:slug/famille", familyPage),
];
