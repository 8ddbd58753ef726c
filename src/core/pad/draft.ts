/** The draft of minutes read from a pad (src/core/pad.ts), and its parts. */

/** A meeting's minutes as read from its pad, to review before saving (the JSON API's shape too). */
export interface PadDraft {
  /** The themes on the agenda. */
  agenda: { title: string; description: string }[];
  /** The people who introduced themselves in the presentation round, in the pad's order. */
  attendees: { name: string; intro: string }[];
  /** The timestamped log: a time ("HH:MM") and what happened then, in the pad's order. */
  entries: { time: string; text: string }[];
  /** The workshops, each with its report (paragraphs separated by an empty line). */
  workshops: { title: string; facilitator: string | null; report: string }[];
  /** What named people said they would do: the sentence as written, and who. */
  actions: { text: string; volunteers: string[] }[];
}

/** A theme of the agenda. */
export type Agenda = PadDraft["agenda"][number];
/** Someone of the presentation round. */
export type Attendee = PadDraft["attendees"][number];
/** An action and its volunteers. */
export type Action = PadDraft["actions"][number];
