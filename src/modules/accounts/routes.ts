import type { Config } from "../../config.ts";
import { GET, POST } from "../../web/routes.ts";
import { me, meSchema } from "./api.ts";
import {
  confirm,
  confirmForm,
  forgot,
  forgotForm,
  login,
  loginForm,
  logout,
  register,
  registerForm,
  reset,
  resetForm,
} from "./pages.tsx";
import { deleteAccount, deleteAccountForm, downloadData } from "./pages-privacy.tsx";
import { changePassword, createToken, profile, revokeToken, saveProfile } from "./pages-profile.tsx";

/** Forms that try a password or send a mail: COMMUNS_LOGIN_RATE_LIMIT requests per IP per 15 minutes. */
const limited = (config: Config) => ({
  config: { rateLimit: { max: config.loginRateLimit, timeWindow: "15 minutes" } },
});

type Secret = { Params: { secret: string } };

export const accountRoutes = [
  GET("/inscription", registerForm),
  POST("/inscription", register, limited),
  GET("/connexion", loginForm),
  POST("/connexion", login, limited),
  POST("/deconnexion", logout),
  GET("/mot-de-passe-oublie", forgotForm),
  POST("/mot-de-passe-oublie", forgot, limited),
  GET<Secret>("/confirmation/:secret", confirmForm),
  POST<Secret>("/confirmation/:secret", confirm, limited),
  GET<Secret>("/reinitialisation/:secret", resetForm),
  POST<Secret>("/reinitialisation/:secret", reset, limited),
  GET("/profil", profile),
  POST("/profil", saveProfile),
  POST("/profil/mot-de-passe", changePassword),
  POST("/profil/jetons", createToken),
  POST<{ Params: { id: string } }>("/profil/jetons/:id/revoquer", revokeToken),
  GET("/profil/donnees", downloadData),
  GET("/profil/supprimer", deleteAccountForm),
  POST("/profil/supprimer", deleteAccount, limited),

  GET("/api/v1/me", me, meSchema),
];
