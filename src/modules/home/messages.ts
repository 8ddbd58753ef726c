import type { Catalogue } from "../../web/i18n.ts";

/** The home module's words, in French first. */
export const HOME_MESSAGES: Catalogue = {
  fr: {
    "home.title": "Bienvenue",
    "home.intro":
      "{instance} rassemble une assemblée des communs, ouverte et territoriale, et des chambres des communs, thématiques et cooptées, qui gèrent l’argent. Trouvez un espace, rejoignez-le, contribuez.",
    "home.assemblies": "Assemblées des communs",
    "home.chambers": "Chambres des communs",
    "home.noAssemblies": "Aucune assemblée pour l’instant.",
    "home.noChambers": "Aucune chambre pour l’instant.",
    "home.emptyAdmin": "Commencez par créer une assemblée pour votre territoire.",
    "home.emptyVisitor": "Les administrateurs n’ont pas encore créé d’espace. Revenez bientôt !",
    "home.members.one": "{count} membre",
    "home.members.other": "{count} membres",
    "home.firstAccount":
      "Cette instance est toute neuve : le premier compte créé en devient l’administrateur.",
  },
  en: {
    "home.title": "Welcome",
    "home.intro":
      "{instance} brings together an open, territorial assembly of the commons and co-opted, thematic chambers of the commons that handle money. Find a space, join it, contribute.",
    "home.assemblies": "Assemblies of the commons",
    "home.chambers": "Chambers of the commons",
    "home.noAssemblies": "No assembly yet.",
    "home.noChambers": "No chamber yet.",
    "home.emptyAdmin": "Start by creating an assembly for your territory.",
    "home.emptyVisitor": "The administrators have not created any space yet. Come back soon!",
    "home.members.one": "{count} member",
    "home.members.other": "{count} members",
    "home.firstAccount": "This instance is brand new: the first account created becomes its administrator.",
  },
};
