import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import { donationList, newDonation, recordDonation } from "./pages.tsx";
import { correctDonation, donationPage } from "./pages-donation.tsx";
import {
  cancelDonationImport,
  confirmDonationImport,
  donationImportForm,
  donationImportReport,
  previewDonationImport,
} from "./pages-import.tsx";

export const donationRoutes = [
  GET("/espaces/:slug/dons", donationList),
  GET("/espaces/:slug/dons/nouveau", newDonation),
  POST("/espaces/:slug/dons", recordDonation),
  GET("/espaces/:slug/dons/import", donationImportForm),
  POST("/espaces/:slug/dons/import", previewDonationImport, { upload: "files" }),
  POST("/espaces/:slug/dons/import/:upload", confirmDonationImport),
  POST("/espaces/:slug/dons/import/:upload/annuler", cancelDonationImport),
  GET("/espaces/:slug/dons/import/:upload", donationImportReport),
  GET("/espaces/:slug/dons/:id", donationPage),
  POST("/espaces/:slug/dons/:id/corriger", correctDonation),

  POST("/api/v1/spaces/:slug/donations", api.recordDonation, { schema: api.recordDonationSchema }),
  POST("/api/v1/spaces/:slug/helloasso/notifications", api.helloassoNotification, {
    bodyLimit: 64 * 1024,
    schema: api.helloassoNotificationSchema,
  }),
];
