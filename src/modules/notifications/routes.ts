import { GET, POST } from "../../web/routes.ts";
import {
  markAllRead,
  notificationsPage,
  openNotification,
  saveSettings,
  settingsPage,
  unsubscribe,
  unsubscribeForm,
} from "./pages.tsx";

type Secret = { Params: { secret: string } };

/** The secret in the address is the proof: a mail client posts it alone, without a session or form token. */
const oneClick = { config: { csrf: false as const } };

export const notificationRoutes = [
  GET<{ Querystring: { page?: string } }>("/notifications", notificationsPage),
  POST("/notifications/tout-lu", markAllRead),
  GET("/notifications/reglages", settingsPage),
  POST("/notifications/reglages", saveSettings),
  POST<{ Params: { id: string } }>("/notifications/:id/ouvrir", openNotification),
  GET<Secret>("/notifications/desabonner/:secret", unsubscribeForm),
  POST<Secret>("/notifications/desabonner/:secret", unsubscribe, oneClick),
];
