import type { Language } from "../../core/accounts.ts";
import {
  type DecisionMode,
  type DecisionRules,
  PROPOSAL_CLASSES,
  SMALL_CHAMBER,
} from "../../core/decisions.ts";
import type { SpaceKind } from "../../core/spaces.ts";
import { translate } from "../../web/i18n.ts";
import { euros } from "../../web/money.ts";

/** What the sentences need to know of a space besides its rules. */
export interface RulesSubject {
  kind: SpaceKind;
  /** `open`: anyone joins at once. */
  access: string;
  /** In cents. */
  doocracyCap: number;
}

const MODES: DecisionMode[] = ["consent", "consensus", "advice", "notice"];

/**
 * A space's rules as sentences anyone can read, for its « À propos » page and a settings proposal's
 * text: which class of proposal is decided how, how long each phase lasts, what an objection or a
 * block does at the deadline, who is asked, how people join, and the do-ocracy cap.
 */
export function rulesText(subject: RulesSubject, rules: DecisionRules, lang: Language = "fr"): string[] {
  const t = (key: string, params = {}) => translate(lang, key, params);
  const days = (count: number) => t("code.days", { count });
  const list = (items: string[]) =>
    new Intl.ListFormat(lang === "fr" ? "fr-FR" : "en-GB", { type: "conjunction" }).format(items);
  const sentences: string[] = [];
  for (const mode of MODES) {
    const classes = PROPOSAL_CLASSES.filter((c) => rules.modes[c] === mode);
    if (classes.length > 0)
      sentences.push(
        t(`code.rules.mode.${mode}`, { classes: list(classes.map((c) => t(`code.classes.${c}`))) }),
      );
  }
  sentences.push(
    t("code.rules.phases", {
      total: days(rules.questionsDays + rules.reactionsDays + rules.objectionsDays),
      questions: days(rules.questionsDays),
      reactions: days(rules.reactionsDays),
      objections: days(rules.objectionsDays),
    }),
  );
  sentences.push(
    rules.onObjection === "extend"
      ? t("code.rules.objection.extend", { extension: days(rules.extensionDays) })
      : t("code.rules.objection.fail"),
  );
  sentences.push(
    t(rules.quorum > 0 ? "code.rules.consensus.quorum" : "code.rules.consensus", {
      quorum: rules.quorum,
      threshold: rules.threshold,
    }),
  );
  sentences.push(t("code.rules.review", { count: rules.reviewMonths }));
  sentences.push(
    rules.participants === "facilitators"
      ? t("code.rules.asked.facilitators")
      : subject.kind === "chamber"
        ? t("code.rules.asked.membersSmall", { small: SMALL_CHAMBER })
        : t("code.rules.asked.members"),
  );
  if (subject.access === "open") sentences.push(t("code.rules.admission.open"));
  else if (subject.kind === "chamber" && rules.admission === "cooptation")
    sentences.push(
      t("code.rules.admission.cooptation", { mode: t(`decisions.mode.${rules.modes.cooptation}`) }),
    );
  else sentences.push(t("code.rules.admission.facilitators"));
  if (subject.kind === "chamber") sentences.push(t("code.rules.cap", { cap: euros(subject.doocracyCap) }));
  return sentences;
}
