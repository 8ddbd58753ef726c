import { GET } from "../../web/routes.ts";
import { accountsSchema, listAccounts, listTransfers, transfersSchema } from "./api.ts";

export const ledgerRoutes = [
  GET("/api/v1/spaces/:slug/ledger/transfers", listTransfers, { schema: transfersSchema }),
  GET("/api/v1/spaces/:slug/ledger/accounts", listAccounts, { schema: accountsSchema }),
];
