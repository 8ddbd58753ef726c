import type { Catalogue } from "../../web/i18n.ts";

/** The accounts module's words, in French first. */
export const ACCOUNT_MESSAGES: Catalogue = {
  fr: {
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
    "reset.doneTokens.one":
      "Votre mot de passe est changé ; vos autres sessions sont fermées et votre jeton d’API est révoqué.",
    "reset.doneTokens.other":
      "Votre mot de passe est changé ; vos autres sessions sont fermées et vos {count} jetons d’API sont révoqués.",
    "reset.invalid": "Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.",
    "profile.title": "Mon profil",
    "profile.edit": "Mes informations",
    "profile.save": "Enregistrer",
    "profile.saved": "Profil enregistré.",
    "profile.password": "Changer de mot de passe",
    "profile.passwordSave": "Changer le mot de passe",
    "profile.passwordChanged": "Mot de passe changé ; vos autres sessions sont fermées.",
    "profile.passwordChangedTokens.one":
      "Mot de passe changé ; vos autres sessions sont fermées et votre jeton d’API est révoqué.",
    "profile.passwordChangedTokens.other":
      "Mot de passe changé ; vos autres sessions sont fermées et vos {count} jetons d’API sont révoqués.",
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
    "privacy.title": "Mes données",
    "privacy.intro":
      "Vous pouvez télécharger tout ce que cette instance garde à votre sujet, ou supprimer votre compte.",
    "privacy.download": "Télécharger mes données (JSON)",
    "privacy.deleteLink": "Supprimer mon compte",
    "delete.title": "Supprimer mon compte",
    "delete.goes": "Ce qui disparaît",
    "delete.goes.1": "votre adresse e-mail et votre mot de passe",
    "delete.goes.2": "votre présentation",
    "delete.goes.3": "vos sessions ouvertes et vos jetons d’API",
    "delete.goes.4": "vos adhésions aux espaces et vos déclarations de contribution aux communs",
    "delete.goes.5": "votre adresse e-mail dans les dons que vous avez faits",
    "delete.stays": "Ce qui reste",
    "delete.stays.1":
      "les mouvements des comptes des chambres ne sont jamais réécrits : vos notes de frais et les mouvements que vous avez saisis y portent le nom choisi ci-dessous, ou « anonyme » ; un don garde le nom que vous aviez choisi de montrer en le faisant",
    "delete.stays.2":
      "vos notes de frais et leurs justificatifs restent dans les comptes : ceux des notes payées sont conservés pendant la durée légale (dix ans)",
    "delete.stays.3": "les communs que vous avez ajoutés restent dans l’annuaire",
    "delete.stays.4": "le journal des changements garde ce que vous avez fait",
    "delete.stays.5":
      "les comptes-rendus de réunion, les ordres du jour et le tableau des tâches gardent ce que vous y avez fait, sous le nom choisi ci-dessous, sans votre présentation",
    "delete.shownAs": "Nom laissé sur ce qui reste",
    "delete.shownAs.name": "Mon nom affiché : « {name} »",
    "delete.shownAs.anonymous": "« anonyme »",
    "delete.successor": "Adresse e-mail de la personne qui administrera l’instance",
    "delete.successorHint":
      "Vous êtes la seule personne à administrer cette instance : nommez quelqu’un qui a déjà un compte confirmé.",
    "delete.confirm": "Supprimer définitivement mon compte",
    "delete.done": "Votre compte est supprimé. Merci d’avoir participé.",
    "msg.account.successorRequired":
      "Vous êtes la dernière personne à administrer cette instance : nommez quelqu’un d’autre avant de supprimer votre compte.",
    "msg.account.successorUnknown": "Aucun autre compte confirmé n’a cette adresse.",
    "field.shownAs": "Nom laissé sur ce qui reste",
    "field.successor": "Personne qui administrera l’instance",
    "token.defaultName": "Mon jeton",
    "mail.reset.subject": "Réinitialiser votre mot de passe",
    "mail.reset.body":
      "Bonjour {name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable {minutes} minutes, une seule fois) :\n{url}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.",
    "mail.confirm.subject": "Confirmez votre adresse pour ouvrir votre compte",
    "mail.confirm.body":
      "Bonjour {name},\n\nPour ouvrir votre compte, confirmez votre adresse en ouvrant ce lien (valable {hours} heures, une seule fois) :\n{url}\n\nSi vous n’avez pas créé de compte, ignorez ce message : rien ne sera ouvert.",
    "mail.tokensRevoked.subject": "Mot de passe changé : jetons d’API révoqués",
    "mail.tokensRevoked.body.one":
      "Bonjour {name},\n\nLe mot de passe de votre compte vient de changer. Par précaution, votre jeton d’API est révoqué : un jeton fait par quelqu’un qui aurait eu votre mot de passe ne doit pas lui survivre. Si un programme en a besoin, créez-en un nouveau sur votre profil :\n{url}\n\nSi vous n’avez pas changé votre mot de passe, choisissez-en un nouveau tout de suite :\n{resetUrl}",
    "mail.tokensRevoked.body.other":
      "Bonjour {name},\n\nLe mot de passe de votre compte vient de changer. Par précaution, vos {count} jetons d’API sont révoqués : un jeton fait par quelqu’un qui aurait eu votre mot de passe ne doit pas lui survivre. Si un programme en a besoin, créez-en de nouveaux sur votre profil :\n{url}\n\nSi vous n’avez pas changé votre mot de passe, choisissez-en un nouveau tout de suite :\n{resetUrl}",
    "mail.alreadyRegistered.subject": "Un compte existe déjà avec cette adresse",
    "mail.alreadyRegistered.body":
      "Bonjour,\n\nQuelqu’un (peut-être vous) a voulu créer un compte avec cette adresse, qui en a déjà un.\nMot de passe oublié ? {url}\n\nSi ce n’était pas vous, ignorez ce message.",
  },
  en: {
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
    "reset.doneTokens.one":
      "Your password is changed; your other sessions are closed and your API token is revoked.",
    "reset.doneTokens.other":
      "Your password is changed; your other sessions are closed and your {count} API tokens are revoked.",
    "reset.invalid": "This link is no longer valid (already used or expired). Ask for a new one.",
    "profile.title": "My profile",
    "profile.edit": "My details",
    "profile.save": "Save",
    "profile.saved": "Profile saved.",
    "profile.password": "Change password",
    "profile.passwordSave": "Change the password",
    "profile.passwordChanged": "Password changed; your other sessions are closed.",
    "profile.passwordChangedTokens.one":
      "Password changed; your other sessions are closed and your API token is revoked.",
    "profile.passwordChangedTokens.other":
      "Password changed; your other sessions are closed and your {count} API tokens are revoked.",
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
    "privacy.title": "My data",
    "privacy.intro": "You can download everything this instance keeps about you, or delete your account.",
    "privacy.download": "Download my data (JSON)",
    "privacy.deleteLink": "Delete my account",
    "delete.title": "Delete my account",
    "delete.goes": "What goes",
    "delete.goes.1": "your e-mail address and your password",
    "delete.goes.2": "your introduction",
    "delete.goes.3": "your open sessions and your API tokens",
    "delete.goes.4": "your memberships of spaces and your declarations of contributing to commons",
    "delete.goes.5": "your e-mail address in the donations you made",
    "delete.stays": "What stays",
    "delete.stays.1":
      "the chambers' ledger entries are never rewritten: your claims and the entries you made show the name chosen below, or “anonyme”; a donation keeps the name you chose to show when you made it",
    "delete.stays.2":
      "your expense claims and their receipts stay in the books: those of paid claims are kept for the legal period (ten years)",
    "delete.stays.3": "the commons you added stay in the directory",
    "delete.stays.4": "the change log keeps what you did",
    "delete.stays.5":
      "meeting minutes, agendas and the task board keep what you did there, under the name chosen below, without your introduction",
    "delete.shownAs": "Name left on what stays",
    "delete.shownAs.name": "My display name: “{name}”",
    "delete.shownAs.anonymous": "“anonyme” (anonymous)",
    "delete.successor": "E-mail address of the person who will administer the instance",
    "delete.successorHint":
      "You are the only administrator of this instance: name someone who already has a confirmed account.",
    "delete.confirm": "Delete my account for good",
    "delete.done": "Your account is deleted. Thank you for taking part.",
    "msg.account.successorRequired":
      "You are the last administrator of this instance: name someone else before deleting your account.",
    "msg.account.successorUnknown": "No other confirmed account has this address.",
    "field.shownAs": "Name left on what stays",
    "field.successor": "Who will administer the instance",
    "token.defaultName": "My token",
    "mail.reset.subject": "Reset your password",
    "mail.reset.body":
      "Hello {name},\n\nTo choose a new password, open this link (valid for {minutes} minutes, once):\n{url}\n\nIf you did not ask for this, ignore this message: your password is unchanged.",
    "mail.confirm.subject": "Confirm your address to open your account",
    "mail.confirm.body":
      "Hello {name},\n\nTo open your account, confirm your address by opening this link (valid for {hours} hours, once):\n{url}\n\nIf you did not create an account, ignore this message: nothing will be opened.",
    "mail.tokensRevoked.subject": "Password changed: API tokens revoked",
    "mail.tokensRevoked.body.one":
      "Hello {name},\n\nThe password of your account has just changed. As a precaution, your API token is revoked: a token made by someone who had your password must not outlive it. If a program needs one, create a new one on your profile:\n{url}\n\nIf you did not change your password, choose a new one at once:\n{resetUrl}",
    "mail.tokensRevoked.body.other":
      "Hello {name},\n\nThe password of your account has just changed. As a precaution, your {count} API tokens are revoked: a token made by someone who had your password must not outlive it. If a program needs some, create new ones on your profile:\n{url}\n\nIf you did not change your password, choose a new one at once:\n{resetUrl}",
    "mail.alreadyRegistered.subject": "An account already exists with this address",
    "mail.alreadyRegistered.body":
      "Hello,\n\nSomeone (perhaps you) tried to create an account with this address, which already has one.\nForgot your password? {url}\n\nIf it was not you, ignore this message.",
  },
};
