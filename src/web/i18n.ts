import type { Language } from "../core/accounts.ts";
import { COMMONS_MESSAGES } from "../modules/commons/messages.ts";
import { CLAIM_MESSAGES } from "../modules/ledger/claim-messages.ts";
import { DONATION_PAGE_MESSAGES } from "../modules/ledger/donation-page-messages.ts";
import { LEDGER_MESSAGES } from "../modules/ledger/messages.ts";
import { TRANSPARENCY_MESSAGES } from "../modules/ledger/transparency-messages.ts";
import { TREASURY_MESSAGES } from "../modules/ledger/treasury-messages.ts";
import { TAG_MESSAGES } from "../modules/tags/messages.ts";

type Dictionary = Record<string, string>;

const frBase: Dictionary = {
  "site.tagline": "Le lieu commun de l’assemblée et des chambres des communs",
  "nav.skip": "Aller au contenu",
  "nav.main": "Navigation principale",
  "nav.home": "Accueil",
  "nav.login": "Se connecter",
  "nav.register": "Créer un compte",
  "nav.profile": "Mon profil",
  "nav.logout": "Se déconnecter",
  "nav.newSpace": "Créer un espace",
  "nav.audit": "Journal",
  "footer.licence": "Logiciel libre sous licence AGPL-3.0-or-later.",

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
  "home.firstAccount": "Cette instance est toute neuve : le premier compte créé en devient l’administrateur.",

  "kind.assembly": "Assemblée des communs",
  "kind.chamber": "Chambre des communs",

  "register.title": "Créer un compte",
  "register.submit": "Créer mon compte",
  "register.checkMail.title": "Vérifiez votre boîte mail",
  "register.checkMail.body":
    "Nous avons envoyé un message à cette adresse. S’il s’agit d’un nouveau compte, il contient un lien pour le confirmer (valable 48 heures) ; si l’adresse a déjà un compte, il vous aide à vous connecter.",
  "confirm.title": "Confirmer mon adresse",
  "confirm.intro":
    "Un dernier pas : confirmez que cette adresse e-mail est bien la vôtre pour ouvrir votre compte.",
  "confirm.submit": "Confirmer et me connecter",
  "confirm.invalid":
    "Ce lien n’est plus valable (déjà utilisé ou expiré). Connectez-vous : si votre adresse n’est pas encore confirmée, un nouveau lien vous sera envoyé.",
  "register.haveAccount": "Déjà un compte ? Connectez-vous.",
  "register.welcome": "Bienvenue, {name} ! Votre compte est créé.",
  "register.welcomeAdmin":
    "Bienvenue, {name} ! Vous êtes l’administrateur ou l’administratrice de cette instance.",
  "login.title": "Se connecter",
  "login.submit": "Se connecter",
  "login.forgot": "Mot de passe oublié ?",
  "login.noAccount": "Pas encore de compte ? Créez-en un.",
  "login.welcome": "Bonjour, {name} !",
  "logout.done": "Vous êtes déconnecté·e.",
  "forgot.title": "Mot de passe oublié",
  "forgot.intro":
    "Indiquez votre adresse e-mail : si un compte y est associé, vous recevrez un lien valable une heure.",
  "forgot.submit": "Recevoir un lien",
  "forgot.sent":
    "Si un compte existe pour cette adresse, un lien de réinitialisation vient d’y être envoyé. Il est valable une heure.",
  "reset.title": "Choisir un nouveau mot de passe",
  "reset.submit": "Enregistrer le mot de passe",
  "reset.done": "Votre mot de passe est changé ; vos autres sessions sont fermées.",
  "reset.invalid": "Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.",

  "field.email": "Adresse e-mail",
  "field.password": "Mot de passe",
  "field.passwordHint": "10 caractères au moins. Une phrase de plusieurs mots est plus facile à retenir.",
  "field.currentPassword": "Mot de passe actuel",
  "field.newPassword": "Nouveau mot de passe",
  "field.displayName": "Nom affiché",
  "field.introduction": "Qui je suis (une ligne)",
  "field.introductionHint":
    "Par exemple : « jardinière au jardin partagé du quartier, curieuse des communs ».",
  "field.language": "Langue",
  "field.name": "Nom",
  "field.slug": "Adresse (slug)",
  "field.slugHint": "Lettres minuscules, chiffres et tirets. Laissez vide pour la déduire du nom.",
  "field.summary": "Présentation courte",
  "field.territory": "Territoire",
  "field.territoryHint": "Pour une assemblée : une ville, une métropole…",
  "field.theme": "Thème",
  "field.themeHint": "Pour une chambre : mobilité, tiers-lieux…",
  "field.kind": "Type d’espace",
  "field.assembly": "Assemblée liée (facultatif)",
  "field.noAssembly": "Aucune",
  "field.tokenName": "Nom du jeton",
  "field.role": "Rôle",
  "field.joinIntroduction": "Présentez-vous aux membres de la chambre",

  "msg.field.required": "Ce champ est obligatoire.",
  "msg.field.tooLong": "{max} caractères au plus.",
  "msg.field.email": "Cette adresse e-mail ne semble pas valide.",
  "msg.field.language": "Choisissez le français ou l’anglais.",
  "msg.field.invalid": "Cette valeur n’est pas valide.",
  "msg.password.tooShort": "Le mot de passe doit faire au moins 10 caractères.",
  "msg.password.tooLong": "Le mot de passe doit faire au plus 200 caractères.",
  "msg.password.wrong": "Ce n’est pas votre mot de passe actuel.",
  "msg.email.taken": "Un compte existe déjà avec cette adresse.",
  "msg.slug.format": "Uniquement des lettres minuscules sans accent, des chiffres et des tirets.",
  "msg.slug.reserved": "Cette adresse est réservée, choisissez-en une autre.",
  "msg.slug.taken": "Un espace utilise déjà cette adresse.",
  "msg.space.kind": "Choisissez assemblée ou chambre.",
  "msg.space.assemblyUnknown": "Cette assemblée n’existe pas.",
  "msg.membership.introductionRequired": "Une chambre coopte ses membres : présentez-vous en une ligne.",
  "msg.membership.role": "Rôle inconnu.",

  "error.VALIDATION_FAILED": "Certaines informations sont à corriger.",
  "error.CSRF_INVALID": "Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.",
  "error.UNAUTHENTICATED": "Connectez-vous pour continuer.",
  "error.FORBIDDEN": "Vous n’avez pas la permission de faire cela.",
  "error.NOT_FOUND": "Cette page n’existe pas.",
  "error.SPACE_NOT_FOUND": "Cet espace n’existe pas.",
  "error.MEMBERSHIP_NOT_FOUND": "Cette adhésion n’existe pas.",
  "error.RESET_LINK_INVALID": "Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.",
  "error.CONFIRM_LINK_INVALID": "Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré).",
  "error.EMAIL_NOT_CONFIRMED":
    "Confirmez d’abord votre adresse e-mail : nous venons de vous renvoyer le lien.",
  "error.WRONG_PASSWORD": "Le mot de passe actuel est incorrect.",
  "error.LOGIN_FAILED": "Adresse e-mail ou mot de passe incorrect.",
  "error.TOO_MANY_ATTEMPTS": "Trop de tentatives. Patientez un quart d’heure avant de réessayer.",
  "error.SLUG_TAKEN": "Un espace utilise déjà cette adresse.",
  "error.ALREADY_MEMBER": "Vous êtes déjà membre de cet espace.",
  "error.ALREADY_REQUESTED": "Votre demande est déjà en attente.",
  "error.NOT_A_MEMBER": "Vous n’êtes pas membre de cet espace.",
  "error.MEMBER_NOT_ACTIVE":
    "Cette personne n’est pas (ou plus) membre de l’espace : son rôle ne peut pas changer.",
  "error.NOT_PENDING": "Cette demande a déjà été traitée.",
  "error.LAST_FACILITATOR": "L’espace doit garder au moins un·e facilitateur·rice.",
  "error.CONFLICT": "Cette information existe déjà.",
  "error.REFERENCE_MISSING": "Un élément lié n’existe plus.",
  "error.BACKUP_INVALID": "Ce fichier de sauvegarde n’est pas valide.",
  "error.DATABASE_NOT_EMPTY":
    "La base de données n’est pas vide : la restauration se fait dans une base vide.",
  "error.BAD_REQUEST": "La requête est mal formée.",
  "error.PAYLOAD_TOO_LARGE": "Le contenu envoyé est trop volumineux.",
  "error.UNSUPPORTED_MEDIA_TYPE": "Ce type de contenu n’est pas accepté.",
  "error.INTERNAL": "Une erreur inattendue s’est produite. Elle a été consignée ; réessayez dans un instant.",
  "error.page.403": "Accès refusé",
  "error.page.404": "Page introuvable",
  "error.page.500": "Erreur du serveur",
  "error.page.other": "Impossible de continuer",
  "error.backHome": "Retour à l’accueil",
  "form.errorTitle": "Erreur :",

  "space.about": "À propos",
  "space.members": "Membres",
  "space.audit": "Journal",
  "space.join": "Rejoindre l’assemblée",
  "space.requestJoin": "Demander à rejoindre la chambre",
  "space.requestHint":
    "Une chambre est cooptée : vos futurs pairs liront votre présentation. Un·e facilitateur·rice accepte ou décline la demande.",
  "space.leave": "Quitter l’espace",
  "space.cancelRequest": "Retirer ma demande",
  "space.youAreMember": "Vous êtes membre ({role}).",
  "space.youAreMemberPlain": "Vous êtes membre de cet espace.",
  "space.overview": "Présentation",
  "space.sections": "Sections de {name}",
  "space.youArePending": "Votre demande est en attente.",
  "space.loginToJoin": "Connectez-vous pour rejoindre cet espace.",
  "space.joined": "Vous avez rejoint {name}.",
  "space.requested":
    "Votre demande est enregistrée : les facilitateur·rices de {name} la verront parmi les demandes en attente.",
  "space.left": "Vous avez quitté {name}.",
  "space.linkedAssembly": "Liée à l’assemblée {name}",
  "space.territory": "Territoire : {value}",
  "space.theme": "Thème : {value}",
  "space.created": "L’espace {name} est créé.",
  "space.new": "Créer un espace",
  "space.create": "Créer l’espace",
  "space.propertiesCaption":
    "Les six propriétés de l’espace (valeurs par défaut de son type ; le code social peut les changer)",
  "space.property": "Propriété",
  "space.value": "Valeur",
  "prop.territorial": "Territorial",
  "prop.decisionMode": "Mode de décision principal",
  "prop.functions": "Fonctions",
  "prop.access": "Accès",
  "prop.forkPolicy": "Fork",
  "prop.formalisation": "Formalisation",
  "value.yes": "oui",
  "value.no": "non",
  "value.stigmergy": "stigmergie (do-ocratie : agir, informer, revenir en arrière en cas d’objection)",
  "value.consent": "consentement (pas d’objection valable)",
  "value.consensus": "consensus",
  "value.discovery_exploration": "découverte, exploration",
  "value.securing_dialogue": "sécurisation, dialogue institutionnel",
  "value.open": "ouvert",
  "value.cooptation": "cooptation (les membres consentent)",
  "value.avoid": "à éviter",
  "value.encouraged": "encouragé (copie du code social, filiation gardée)",
  "value.low": "faible",
  "value.statutes": "statuts associatifs",
  "members.title": "Membres de {name}",
  "members.none": "Personne n’est encore membre.",
  "members.loginToSee": "Connectez-vous pour voir les membres.",
  "members.pending": "Demandes en attente",
  "members.nonePending": "Aucune demande en attente.",
  "members.accept": "Accepter",
  "members.decline": "Décliner",
  "members.accepted": "Demande acceptée.",
  "members.declined": "Demande déclinée.",
  "members.changeRole": "Changer le rôle",
  "members.roleChanged": "Rôle modifié.",
  "role.member": "membre",
  "role.facilitator": "facilitateur·rice",
  "role.treasurer": "trésorier·ère",

  "audit.title": "Journal des changements",
  "audit.titleSpace": "Journal de {name}",
  "audit.empty": "Aucun changement enregistré.",
  "audit.when": "Quand",
  "audit.who": "Qui",
  "audit.what": "Quoi",
  "audit.space": "Espace",
  "audit.change": "Avant → après",
  "audit.older": "Plus anciens",
  "audit.system": "opérateur (CLI)",
  "audit.action.person.registered": "inscription",
  "audit.action.person.created": "compte créé par l’opérateur",
  "audit.action.person.confirmed": "adresse confirmée",
  "audit.action.person.registrationRenewed": "inscription renouvelée",
  "audit.action.person.profileChanged": "profil modifié",
  "audit.action.person.passwordChanged": "mot de passe changé",
  "audit.action.person.passwordReset": "mot de passe réinitialisé",
  "audit.action.session.opened": "connexion",
  "audit.action.session.closed": "déconnexion",
  "audit.action.token.created": "jeton d’API créé",
  "audit.action.token.revoked": "jeton d’API révoqué",
  "audit.action.space.created": "espace créé",
  "audit.action.membership.joined": "adhésion",
  "audit.action.membership.requested": "demande d’adhésion",
  "audit.action.membership.accepted": "demande acceptée",
  "audit.action.membership.declined": "demande déclinée",
  "audit.action.membership.left": "départ",
  "audit.action.membership.roleChanged": "rôle changé",
  "audit.action.emailLink.sent": "lien envoyé par e-mail",

  "profile.title": "Mon profil",
  "profile.edit": "Mes informations",
  "profile.save": "Enregistrer",
  "profile.saved": "Profil enregistré.",
  "profile.password": "Changer de mot de passe",
  "profile.passwordSave": "Changer le mot de passe",
  "profile.passwordChanged": "Mot de passe changé ; vos autres sessions sont fermées.",
  "profile.spaces": "Mes espaces",
  "profile.noSpaces": "Vous n’avez encore rejoint aucun espace.",
  "profile.tokens": "Jetons d’API personnels",
  "profile.tokensIntro":
    "Un jeton permet à un programme d’agir en votre nom via l’API (en-tête Authorization: Bearer …).",
  "profile.noTokens": "Aucun jeton.",
  "profile.tokenCreate": "Créer un jeton",
  "profile.tokenCreated": "Voici votre jeton. Copiez-le maintenant : il ne sera plus jamais affiché.",
  "profile.tokenRevoke": "Révoquer",
  "profile.tokenRevoked": "Jeton révoqué.",
  "profile.tokenStatusRevoked": "révoqué",
  "profile.tokenLastUsed": "dernier usage : {when}",
  "profile.tokenNeverUsed": "jamais utilisé",
  "token.defaultName": "Mon jeton",
  "lang.fr": "Français",
  "lang.en": "English",

  "mail.reset.subject": "Réinitialiser votre mot de passe",
  "mail.reset.body":
    "Bonjour {name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable {minutes} minutes, une seule fois) :\n{url}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.",
  "mail.confirm.subject": "Confirmez votre adresse pour ouvrir votre compte",
  "mail.confirm.body":
    "Bonjour {name},\n\nPour ouvrir votre compte, confirmez votre adresse en ouvrant ce lien (valable {hours} heures, une seule fois) :\n{url}\n\nSi vous n’avez pas créé de compte, ignorez ce message : rien ne sera ouvert.",
  "mail.alreadyRegistered.subject": "Un compte existe déjà avec cette adresse",
  "mail.alreadyRegistered.body":
    "Bonjour,\n\nQuelqu’un (peut-être vous) a voulu créer un compte avec cette adresse, qui en a déjà un.\nMot de passe oublié ? {url}\n\nSi ce n’était pas vous, ignorez ce message.",
};

const enBase: Dictionary = {
  "site.tagline": "The common place of the assembly and chambers of the commons",
  "nav.skip": "Skip to content",
  "nav.main": "Main navigation",
  "nav.home": "Home",
  "nav.login": "Log in",
  "nav.register": "Create an account",
  "nav.profile": "My profile",
  "nav.logout": "Log out",
  "nav.newSpace": "Create a space",
  "nav.audit": "Log",
  "footer.licence": "Free software under the AGPL-3.0-or-later licence.",
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
  "kind.assembly": "Assembly of the commons",
  "kind.chamber": "Chamber of the commons",
  "register.title": "Create an account",
  "register.submit": "Create my account",
  "register.checkMail.title": "Check your mailbox",
  "register.checkMail.body":
    "We sent a message to this address. For a new account it holds a link to confirm it (valid for 48 hours); if the address already has an account, it helps you log in.",
  "confirm.title": "Confirm my address",
  "confirm.intro": "One last step: confirm that this e-mail address is yours to open your account.",
  "confirm.submit": "Confirm and log in",
  "confirm.invalid":
    "This link is no longer valid (already used or expired). Log in: if your address is not confirmed yet, a new link will be sent to you.",
  "register.haveAccount": "Already have an account? Log in.",
  "register.welcome": "Welcome, {name}! Your account is ready.",
  "register.welcomeAdmin": "Welcome, {name}! You are the administrator of this instance.",
  "login.title": "Log in",
  "login.submit": "Log in",
  "login.forgot": "Forgot your password?",
  "login.noAccount": "No account yet? Create one.",
  "login.welcome": "Hello, {name}!",
  "logout.done": "You are logged out.",
  "forgot.title": "Forgot your password",
  "forgot.intro":
    "Enter your e-mail address: if it has an account, you will receive a link valid for one hour.",
  "forgot.submit": "Send me a link",
  "forgot.sent":
    "If an account exists for this address, a reset link has just been sent to it. It is valid for one hour.",
  "reset.title": "Choose a new password",
  "reset.submit": "Save the password",
  "reset.done": "Your password is changed; your other sessions are closed.",
  "reset.invalid": "This link is no longer valid (already used or expired). Ask for a new one.",
  "field.email": "E-mail address",
  "field.password": "Password",
  "field.passwordHint": "At least 10 characters. A phrase of several words is easier to remember.",
  "field.currentPassword": "Current password",
  "field.newPassword": "New password",
  "field.displayName": "Display name",
  "field.introduction": "Who I am (one line)",
  "field.introductionHint": "For example: “gardener at the neighbourhood garden, curious about the commons”.",
  "field.language": "Language",
  "field.name": "Name",
  "field.slug": "Address (slug)",
  "field.slugHint": "Lower-case letters, digits and hyphens. Leave empty to derive it from the name.",
  "field.summary": "Short presentation",
  "field.territory": "Territory",
  "field.territoryHint": "For an assembly: a city, a metropolis…",
  "field.theme": "Theme",
  "field.themeHint": "For a chamber: mobility, third places…",
  "field.kind": "Kind of space",
  "field.assembly": "Linked assembly (optional)",
  "field.noAssembly": "None",
  "field.tokenName": "Token name",
  "field.role": "Role",
  "field.joinIntroduction": "Introduce yourself to the chamber's members",
  "msg.field.required": "This field is required.",
  "msg.field.tooLong": "At most {max} characters.",
  "msg.field.email": "This e-mail address does not look valid.",
  "msg.field.language": "Choose French or English.",
  "msg.field.invalid": "This value is not valid.",
  "msg.password.tooShort": "The password must be at least 10 characters long.",
  "msg.password.tooLong": "The password must be at most 200 characters long.",
  "msg.password.wrong": "This is not your current password.",
  "msg.email.taken": "An account already exists with this address.",
  "msg.slug.format": "Only unaccented lower-case letters, digits and hyphens.",
  "msg.slug.reserved": "This address is reserved, choose another one.",
  "msg.slug.taken": "A space already uses this address.",
  "msg.space.kind": "Choose assembly or chamber.",
  "msg.space.assemblyUnknown": "This assembly does not exist.",
  "msg.membership.introductionRequired": "A chamber co-opts its members: introduce yourself in one line.",
  "msg.membership.role": "Unknown role.",
  "error.VALIDATION_FAILED": "Some information needs fixing.",
  "error.CSRF_INVALID":
    "The form has expired or does not come from this site. Reload the page and try again.",
  "error.UNAUTHENTICATED": "Log in to continue.",
  "error.FORBIDDEN": "You are not allowed to do this.",
  "error.NOT_FOUND": "This page does not exist.",
  "error.SPACE_NOT_FOUND": "This space does not exist.",
  "error.MEMBERSHIP_NOT_FOUND": "This membership does not exist.",
  "error.RESET_LINK_INVALID": "This link is no longer valid (already used or expired). Ask for a new one.",
  "error.CONFIRM_LINK_INVALID": "This confirmation link is no longer valid (already used or expired).",
  "error.EMAIL_NOT_CONFIRMED": "Confirm your e-mail address first: we have just sent you the link again.",
  "error.WRONG_PASSWORD": "The current password is wrong.",
  "error.LOGIN_FAILED": "Wrong e-mail address or password.",
  "error.TOO_MANY_ATTEMPTS": "Too many attempts. Wait a quarter of an hour before trying again.",
  "error.SLUG_TAKEN": "A space already uses this address.",
  "error.ALREADY_MEMBER": "You are already a member of this space.",
  "error.ALREADY_REQUESTED": "Your request is already pending.",
  "error.NOT_A_MEMBER": "You are not a member of this space.",
  "error.MEMBER_NOT_ACTIVE":
    "This person is not (or no longer) a member of the space: their role cannot change.",
  "error.NOT_PENDING": "This request has already been decided.",
  "error.LAST_FACILITATOR": "The space must keep at least one facilitator.",
  "error.CONFLICT": "This information already exists.",
  "error.REFERENCE_MISSING": "A linked item no longer exists.",
  "error.BACKUP_INVALID": "This backup file is not valid.",
  "error.DATABASE_NOT_EMPTY": "The database is not empty: restore into an empty database.",
  "error.BAD_REQUEST": "The request is malformed.",
  "error.PAYLOAD_TOO_LARGE": "The content sent is too large.",
  "error.UNSUPPORTED_MEDIA_TYPE": "This content type is not accepted.",
  "error.INTERNAL": "An unexpected error occurred. It has been logged; try again in a moment.",
  "error.page.403": "Access denied",
  "error.page.404": "Page not found",
  "error.page.500": "Server error",
  "error.page.other": "Cannot continue",
  "error.backHome": "Back to the home page",
  "form.errorTitle": "Error:",
  "space.about": "About",
  "space.members": "Members",
  "space.audit": "Log",
  "space.join": "Join the assembly",
  "space.requestJoin": "Ask to join the chamber",
  "space.requestHint":
    "A chamber is co-opted: your future peers will read your introduction. A facilitator accepts or declines the request.",
  "space.leave": "Leave the space",
  "space.cancelRequest": "Withdraw my request",
  "space.youAreMember": "You are a member ({role}).",
  "space.youAreMemberPlain": "You are a member of this space.",
  "space.overview": "Overview",
  "space.sections": "Sections of {name}",
  "space.youArePending": "Your request is pending.",
  "space.loginToJoin": "Log in to join this space.",
  "space.joined": "You joined {name}.",
  "space.requested":
    "Your request is recorded: the facilitators of {name} will see it among the pending requests.",
  "space.left": "You left {name}.",
  "space.linkedAssembly": "Linked to the assembly {name}",
  "space.territory": "Territory: {value}",
  "space.theme": "Theme: {value}",
  "space.created": "The space {name} is created.",
  "space.new": "Create a space",
  "space.create": "Create the space",
  "space.propertiesCaption":
    "The six properties of the space (defaults of its kind; its social code can change them)",
  "space.property": "Property",
  "space.value": "Value",
  "prop.territorial": "Territorial",
  "prop.decisionMode": "Main decision mode",
  "prop.functions": "Functions",
  "prop.access": "Access",
  "prop.forkPolicy": "Fork",
  "prop.formalisation": "Formalisation",
  "value.yes": "yes",
  "value.no": "no",
  "value.stigmergy": "stigmergy (do-ocracy: act, tell, revert if someone objects)",
  "value.consent": "consent (no valid objection)",
  "value.consensus": "consensus",
  "value.discovery_exploration": "discovery, exploration",
  "value.securing_dialogue": "securing, institutional dialogue",
  "value.open": "open",
  "value.cooptation": "co-optation (members consent)",
  "value.avoid": "to avoid",
  "value.encouraged": "encouraged (copy the social code, keep the lineage)",
  "value.low": "low",
  "value.statutes": "association statutes",
  "members.title": "Members of {name}",
  "members.none": "Nobody is a member yet.",
  "members.loginToSee": "Log in to see the members.",
  "members.pending": "Pending requests",
  "members.nonePending": "No pending request.",
  "members.accept": "Accept",
  "members.decline": "Decline",
  "members.accepted": "Request accepted.",
  "members.declined": "Request declined.",
  "members.changeRole": "Change role",
  "members.roleChanged": "Role changed.",
  "role.member": "member",
  "role.facilitator": "facilitator",
  "role.treasurer": "treasurer",
  "audit.title": "Change log",
  "audit.titleSpace": "Log of {name}",
  "audit.empty": "No change recorded.",
  "audit.when": "When",
  "audit.who": "Who",
  "audit.what": "What",
  "audit.space": "Space",
  "audit.change": "Before → after",
  "audit.older": "Older",
  "audit.system": "operator (CLI)",
  "audit.action.person.registered": "registration",
  "audit.action.person.created": "account created by the operator",
  "audit.action.person.confirmed": "address confirmed",
  "audit.action.person.registrationRenewed": "registration renewed",
  "audit.action.person.profileChanged": "profile changed",
  "audit.action.person.passwordChanged": "password changed",
  "audit.action.person.passwordReset": "password reset",
  "audit.action.session.opened": "login",
  "audit.action.session.closed": "logout",
  "audit.action.token.created": "API token created",
  "audit.action.token.revoked": "API token revoked",
  "audit.action.space.created": "space created",
  "audit.action.membership.joined": "joined",
  "audit.action.membership.requested": "request to join",
  "audit.action.membership.accepted": "request accepted",
  "audit.action.membership.declined": "request declined",
  "audit.action.membership.left": "left",
  "audit.action.membership.roleChanged": "role changed",
  "audit.action.emailLink.sent": "link sent by e-mail",
  "profile.title": "My profile",
  "profile.edit": "My details",
  "profile.save": "Save",
  "profile.saved": "Profile saved.",
  "profile.password": "Change password",
  "profile.passwordSave": "Change the password",
  "profile.passwordChanged": "Password changed; your other sessions are closed.",
  "profile.spaces": "My spaces",
  "profile.noSpaces": "You have not joined any space yet.",
  "profile.tokens": "Personal API tokens",
  "profile.tokensIntro":
    "A token lets a program act on your behalf through the API (header Authorization: Bearer …).",
  "profile.noTokens": "No token.",
  "profile.tokenCreate": "Create a token",
  "profile.tokenCreated": "Here is your token. Copy it now: it will never be shown again.",
  "profile.tokenRevoke": "Revoke",
  "profile.tokenRevoked": "Token revoked.",
  "profile.tokenStatusRevoked": "revoked",
  "profile.tokenLastUsed": "last used: {when}",
  "profile.tokenNeverUsed": "never used",
  "token.defaultName": "My token",
  "lang.fr": "Français",
  "lang.en": "English",
  "mail.reset.subject": "Reset your password",
  "mail.reset.body":
    "Hello {name},\n\nTo choose a new password, open this link (valid for {minutes} minutes, once):\n{url}\n\nIf you did not ask for this, ignore this message: your password is unchanged.",
  "mail.confirm.subject": "Confirm your address to open your account",
  "mail.confirm.body":
    "Hello {name},\n\nTo open your account, confirm your address by opening this link (valid for {hours} hours, once):\n{url}\n\nIf you did not create an account, ignore this message: nothing will be opened.",
  "mail.alreadyRegistered.subject": "An account already exists with this address",
  "mail.alreadyRegistered.body":
    "Hello,\n\nSomeone (perhaps you) tried to create an account with this address, which already has one.\nForgot your password? {url}\n\nIf it was not you, ignore this message.",
};

/** Each module keeps its own messages beside its code; they all join the two dictionaries here. */
const MODULE_MESSAGES = [
  COMMONS_MESSAGES,
  TAG_MESSAGES,
  LEDGER_MESSAGES,
  TRANSPARENCY_MESSAGES,
  TREASURY_MESSAGES,
  DONATION_PAGE_MESSAGES,
  CLAIM_MESSAGES,
];
const fr: Dictionary = Object.assign({}, frBase, ...MODULE_MESSAGES.map((m) => m.fr));
const en: Dictionary = Object.assign({}, enBase, ...MODULE_MESSAGES.map((m) => m.en));
const DICTIONARIES: Record<Language, Dictionary> = { fr, en };
const LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };
// Made once: building an Intl object costs far more than using it.
const PLURALS: Record<Language, Intl.PluralRules> = {
  fr: new Intl.PluralRules(LOCALES.fr),
  en: new Intl.PluralRules(LOCALES.en),
};
// The instance serves one territory: its dates are shown in its time zone, whatever the server's.
const TIME_ZONE = "Europe/Paris";

export type Params = Record<string, string | number>;

/** `home.members` with a numeric `count` reads `home.members.one` or `.other`, as the language counts. */
function pluralKey(language: Language, key: string, count: unknown): string {
  if (typeof count !== "number" || fr[`${key}.other`] === undefined) return key;
  const form = `${key}.${PLURALS[language].select(count)}`;
  return DICTIONARIES[language][form] === undefined ? `${key}.other` : form;
}

/**
 * A message in the language asked for, falling back to French. A key ending in a number
 * (`field.tooLong.80`) is the base message with that number as `{max}`.
 */
export function translate(language: Language, key: string, params: Params = {}): string {
  const resolved = pluralKey(language, key, params.count);
  let text = DICTIONARIES[language][resolved] ?? fr[resolved];
  let values = params;
  if (text === undefined) {
    const numbered = /^(.*)\.(\d+)$/.exec(key);
    const base = numbered?.[1];
    text = base ? (DICTIONARIES[language][base] ?? fr[base]) : undefined;
    if (text === undefined) return key;
    values = { max: numbered?.[2] ?? "", ...params };
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** A date format of the language, made once: making one costs a hundred times more than using it. */
export function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = DATE_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], options);
    DATE_FORMATS.set(key, format);
  }
  return format;
}

/** A date and time as people of the instance read it; `seconds` for logs, where order matters. */
export function formatDateTime(
  language: Language,
  iso: string,
  precision: "minutes" | "seconds" = "minutes",
): string {
  return dateFormat(language, {
    dateStyle: precision === "seconds" ? "short" : "medium",
    timeStyle: precision === "seconds" ? "medium" : "short",
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** A field error key from core (`field.required`) as a sentence. */
export function fieldMessage(language: Language, key: string): string {
  return translate(language, `msg.${key}`);
}

/** The best of our languages for an Accept-Language header (`en-GB,en;q=0.8,fr;q=0.5`). */
export function negotiate(header: string | undefined): Language {
  if (!header) return "fr";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === "fr" || tag === "en") return tag;
  }
  return "fr";
}

export function keysOf(language: Language): string[] {
  return Object.keys(DICTIONARIES[language]);
}
