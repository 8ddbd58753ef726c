import type { Catalogue } from "../../web/i18n.ts";

/** What people are told of meetings (site notifications and mails), in French first. */
export const MEETING_NOTICE_MESSAGES = {
  fr: {
    "notification.meeting.announced.subject": "{space} : réunion annoncée",
    "notification.meeting.announced.text": "{actor} annonce une réunion : « {title} », le {date} à {time}.",
    "notification.meeting.reminder.subject": "Demain : {title}",
    "notification.meeting.reminder.text": "Rappel : la réunion « {title} » a lieu demain à {time}.",
    "notification.minutes.published.subject": "Compte-rendu publié : {title}",
    "notification.minutes.published.text":
      "Le compte-rendu de « {title} » est publié ; vous pouvez proposer des corrections.",
    "notification.minutes.corrected.subject": "Correction proposée : {title}",
    "notification.minutes.corrected.text": "{actor} propose une correction au compte-rendu de « {title} ».",
    "notification.kind.meeting.announced": "Réunions annoncées",
    "notification.kind.meeting.reminder": "Rappel la veille d’une réunion",
    "notification.kind.minutes.published": "Comptes-rendus publiés",
    "notification.kind.minutes.corrected": "Corrections proposées aux comptes-rendus",
  },
  en: {
    "notification.meeting.announced.subject": "{space}: meeting announced",
    "notification.meeting.announced.text": "{actor} announces a meeting: “{title}”, on {date} at {time}.",
    "notification.meeting.reminder.subject": "Tomorrow: {title}",
    "notification.meeting.reminder.text": "Reminder: the meeting “{title}” is tomorrow at {time}.",
    "notification.minutes.published.subject": "Minutes published: {title}",
    "notification.minutes.published.text":
      "The minutes of “{title}” are published; you may propose corrections.",
    "notification.minutes.corrected.subject": "Correction proposed: {title}",
    "notification.minutes.corrected.text": "{actor} proposes a correction to the minutes of “{title}”.",
    "notification.kind.meeting.announced": "Meetings announced",
    "notification.kind.meeting.reminder": "Reminder the day before a meeting",
    "notification.kind.minutes.published": "Minutes published",
    "notification.kind.minutes.corrected": "Corrections proposed to minutes",
  },
} satisfies Catalogue;
