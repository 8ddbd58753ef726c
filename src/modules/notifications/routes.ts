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

export const notificationRoutes = [
  GET<{ Querystring: { page?: string } }>("/notifications", notificationsPage),
  POST("/notifications/tout-lu", markAllRead),
  GET("/notifications/reglages", settingsPage),
  POST("/notifications/reglages", saveSettings),
  POST<{ Params: { id: string } }>("/notifications/:id/ouvrir", openNotification),
  GET<Secret>("/notifications/desabonner/:secret", unsubscribeForm),
  POST<Secret>("/notifications/desabonner/:secret", unsubscribe, { oneClick: true }),
];
