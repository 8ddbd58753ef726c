/**
 * Every module's catalogue of messages, registered once into web/i18n (which holds the site's own
 * words). Imported by whatever translates (the web application, the command line, tests of views).
 */
import { ACCOUNT_MESSAGES } from "./modules/accounts/messages.ts";
import { ARCHIVE_MESSAGES } from "./modules/archive/messages.ts";
import { AUDIT_MESSAGES } from "./modules/audit/messages.ts";
import { AUDIT_SENTENCES } from "./modules/audit/messages-sentences.ts";
import { CLAIM_MESSAGES } from "./modules/claims/messages.ts";
import { COMMONS_MESSAGES } from "./modules/commons/messages.ts";
import { COMMONS_CHOICE_MESSAGES } from "./modules/commons/messages-choice.ts";
import { COMMONS_IMPORT_MESSAGES } from "./modules/commons/messages-import.ts";
import { COMMONS_PLACE_MESSAGES } from "./modules/commons/messages-places.ts";
import { DECISION_MESSAGES } from "./modules/decisions/messages.ts";
import { CODE_MESSAGES } from "./modules/decisions/messages-code.ts";
import { DECISION_LOG_MESSAGES } from "./modules/decisions/messages-log.ts";
import { DECISION_PAGE_MESSAGES } from "./modules/decisions/messages-proposals.ts";
import { DONATION_MESSAGES } from "./modules/donations/messages.ts";
import { GEOCODING_MESSAGES } from "./modules/geocoding/messages.ts";
import { HOME_MESSAGES } from "./modules/home/messages.ts";
import { JOB_MESSAGES } from "./modules/jobs/messages.ts";
import { LEDGER_MESSAGES } from "./modules/ledger/messages.ts";
import { LIFECYCLE_MESSAGES } from "./modules/lifecycle/messages.ts";
import { MEETING_MESSAGES } from "./modules/meetings/messages.ts";
import { MEETING_NOTICE_MESSAGES } from "./modules/meetings/messages-notices.ts";
import { PAD_FETCH_MESSAGES } from "./modules/meetings/messages-pad.ts";
import { NOTIFICATION_MESSAGES } from "./modules/notifications/messages.ts";
import { PAGE_MESSAGES } from "./modules/pages/messages.ts";
import { WIKI_IMPORT_MESSAGES } from "./modules/pages/messages-import.ts";
import { WIKI_WEB_IMPORT_MESSAGES } from "./modules/pages/messages-web-import.ts";
import { SPACE_MESSAGES } from "./modules/spaces/messages.ts";
import { TAG_MESSAGES } from "./modules/tags/messages.ts";
import { TASK_MESSAGES } from "./modules/tasks/messages.ts";
import { TRANSPARENCY_MESSAGES } from "./modules/transparency/messages.ts";
import { TREASURY_MESSAGES } from "./modules/treasury/messages.ts";
import { registerMessages } from "./web/i18n.ts";

for (const catalogue of [
  ACCOUNT_MESSAGES,
  SPACE_MESSAGES,
  HOME_MESSAGES,
  AUDIT_MESSAGES,
  AUDIT_SENTENCES,
  COMMONS_MESSAGES,
  COMMONS_IMPORT_MESSAGES,
  COMMONS_PLACE_MESSAGES,
  COMMONS_CHOICE_MESSAGES,
  GEOCODING_MESSAGES,
  TAG_MESSAGES,
  DECISION_MESSAGES,
  DECISION_LOG_MESSAGES,
  CODE_MESSAGES,
  DECISION_PAGE_MESSAGES,
  LEDGER_MESSAGES,
  TRANSPARENCY_MESSAGES,
  TREASURY_MESSAGES,
  DONATION_MESSAGES,
  MEETING_MESSAGES,
  MEETING_NOTICE_MESSAGES,
  CLAIM_MESSAGES,
  TASK_MESSAGES,
  JOB_MESSAGES,
  NOTIFICATION_MESSAGES,
  PAD_FETCH_MESSAGES,
  PAGE_MESSAGES,
  LIFECYCLE_MESSAGES,
  WIKI_IMPORT_MESSAGES,
  WIKI_WEB_IMPORT_MESSAGES,
  ARCHIVE_MESSAGES,
])
  registerMessages(catalogue);
