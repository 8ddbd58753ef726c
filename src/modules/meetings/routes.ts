import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import {
  addGuest,
  addMinutes,
  answerMeeting,
  arrangeTheme,
  cancelMeeting,
  createMeeting,
  deleteItem,
  editItem,
  editItemForm,
  editMeeting,
  editMeetingForm,
  meetingCalendar,
  meetingDetail,
  meetingList,
  minutesAsMarkdown,
  newMeeting,
  printMinutes,
  proposeCorrection,
  proposeTheme,
  publishMinutes,
  spaceCalendar,
  tickAttendance,
} from "./pages.tsx";
import { padForm, readPad } from "./pages-pad.tsx";

/** A pad's text travels in the review form: up to 2 MB, percent-encoded. */
const PAD_FORM = { bodyLimit: 8 * 1024 * 1024 };

export const meetingRoutes = [
  GET("/espaces/:slug/reunions", meetingList),
  GET("/espaces/:slug/reunions.ics", spaceCalendar),
  GET("/espaces/:slug/reunions/nouvelle", newMeeting),
  POST("/espaces/:slug/reunions/nouvelle", createMeeting),
  GET("/espaces/:slug/reunions/:meeting", meetingDetail),
  GET("/espaces/:slug/reunions/:meeting/reunion.ics", meetingCalendar),
  GET("/espaces/:slug/reunions/:meeting/modifier", editMeetingForm),
  POST("/espaces/:slug/reunions/:meeting/modifier", editMeeting),
  POST("/espaces/:slug/reunions/:meeting/annuler", cancelMeeting),
  POST("/espaces/:slug/reunions/:meeting/ordre-du-jour", proposeTheme),
  POST("/espaces/:slug/reunions/:meeting/ordre-du-jour/:item/:move", arrangeTheme),
  POST("/espaces/:slug/reunions/:meeting/presence", answerMeeting),
  POST("/espaces/:slug/reunions/:meeting/presences", tickAttendance),
  POST("/espaces/:slug/reunions/:meeting/invites", addGuest),
  POST("/espaces/:slug/reunions/:meeting/compte-rendu", addMinutes),
  GET("/espaces/:slug/reunions/:meeting/compte-rendu.md", minutesAsMarkdown),
  GET("/espaces/:slug/reunions/:meeting/compte-rendu/:item", editItemForm),
  POST("/espaces/:slug/reunions/:meeting/compte-rendu/:item", editItem),
  POST("/espaces/:slug/reunions/:meeting/compte-rendu/:item/supprimer", deleteItem),
  POST("/espaces/:slug/reunions/:meeting/publier", publishMinutes),
  POST("/espaces/:slug/reunions/:meeting/corrections", proposeCorrection),
  GET("/espaces/:slug/reunions/:meeting/imprimer", printMinutes),
  GET("/espaces/:slug/reunions/:meeting/pad", padForm),
  POST("/espaces/:slug/reunions/:meeting/pad", readPad, { upload: "files" }),
  POST("/espaces/:slug/reunions/:meeting/pad/enregistrer", readPad, PAD_FORM),

  GET("/api/v1/spaces/:slug/meetings", api.listMeetings, { schema: api.listMeetingsSchema }),
  POST("/api/v1/spaces/:slug/meetings", api.createMeeting, { schema: api.createMeetingSchema }),
  GET("/api/v1/spaces/:slug/meetings/:id", api.getMeeting, { schema: api.getMeetingSchema }),
  POST("/api/v1/spaces/:slug/meetings/:id/pad", api.importPad, api.importPadOptions),
];
