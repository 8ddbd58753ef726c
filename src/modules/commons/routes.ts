import { DELETE, GET, POST, PUT } from "../../web/routes.ts";
import {
  apiCreate,
  apiCreateOptions,
  apiDelete,
  apiDeleteOptions,
  apiGet,
  apiGetOptions,
  apiList,
  apiListOptions,
  apiReplace,
  apiReplaceOptions,
} from "./api.ts";
import { embedOptions, mapPageOptions } from "./map-csp.ts";
import { commonsDetail, commonsExport, commonsList, commonsMap, commonsMapData, embedMap } from "./pages.tsx";
import { commonsSuggestions, mergeConfirmation, relateCommons } from "./pages-choice.tsx";
import { addresses, kinds, placeAddresses, saveKinds } from "./pages-curation.tsx";
import { createCommons, editCommons, newCommons, saveCommons } from "./pages-form.tsx";
import { cancelImport, confirmImport, importPage, importProgress, previewImport } from "./pages-import.tsx";
import {
  addImage,
  confirmCommoner,
  declareCommoner,
  deleteCommons,
  deleteImage,
  image,
  linkChamber,
  mergeCommons,
  refuseCommoner,
  unlinkChamber,
  unrelateCommons,
  withdrawCommoner,
} from "./pages-record.ts";

/** The directory of commons of an assembly: its pages, its map, its images and its JSON API. */
export const commonsRoutes = [
  GET("/espaces/:slug/communs", commonsList),
  // Form pages show the pin map: their CSP lets the tile server's images in.
  GET("/espaces/:slug/communs/nouveau", newCommons, mapPageOptions),
  POST("/espaces/:slug/communs", createCommons, mapPageOptions),
  // A record's page shows its places on a small map.
  GET("/espaces/:slug/communs/:commons", commonsDetail, mapPageOptions),
  GET("/espaces/:slug/communs/:commons/modifier", editCommons, mapPageOptions),
  POST("/espaces/:slug/communs/:commons", saveCommons, mapPageOptions),
  POST("/espaces/:slug/communs/:commons/supprimer", deleteCommons),
  POST("/espaces/:slug/communs/:commons/lies", relateCommons),
  POST("/espaces/:slug/communs/:commons/lies/retirer", unrelateCommons),
  POST("/espaces/:slug/communs/:commons/commoners", declareCommoner),
  POST("/espaces/:slug/communs/:commons/commoners/retirer", withdrawCommoner),
  POST("/espaces/:slug/communs/:commons/commoners/:person/confirmer", confirmCommoner),
  POST("/espaces/:slug/communs/:commons/commoners/:person/refuser", refuseCommoner),
  POST("/espaces/:slug/communs/:commons/chambres", linkChamber),
  POST("/espaces/:slug/communs/:commons/chambres/retirer", unlinkChamber),
  GET("/espaces/:slug/communs/:commons/fusionner", mergeConfirmation),
  POST("/espaces/:slug/communs/:commons/fusionner", mergeCommons),
  POST("/espaces/:slug/communs/:commons/images", addImage, { upload: "files" }),
  POST("/espaces/:slug/communs/:commons/images/:image/supprimer", deleteImage),
  GET("/images/:image/:size", image),
  GET("/espaces/:slug/communs/export/:format", commonsExport),
  GET("/espaces/:slug/communs/carte.json", commonsMapData),
  GET("/espaces/:slug/communs/suggestions.json", commonsSuggestions),
  GET("/espaces/:slug/carte", commonsMap, mapPageOptions),
  GET("/embed/map", embedMap, embedOptions),
  GET("/espaces/:slug/communs/adresses", addresses),
  POST("/espaces/:slug/communs/adresses", placeAddresses),
  GET("/espaces/:slug/communs/types", kinds),
  POST("/espaces/:slug/communs/types", saveKinds),
  GET("/espaces/:slug/communs/import", importPage),
  POST("/espaces/:slug/communs/import", previewImport, { upload: "files" }),
  POST("/espaces/:slug/communs/import/:upload", confirmImport),
  POST("/espaces/:slug/communs/import/:upload/annuler", cancelImport),
  GET("/espaces/:slug/communs/import/:upload", importProgress),

  GET("/api/v1/spaces/:slug/commons", apiList, apiListOptions),
  POST("/api/v1/spaces/:slug/commons", apiCreate, apiCreateOptions),
  GET("/api/v1/commons/:id", apiGet, apiGetOptions),
  PUT("/api/v1/commons/:id", apiReplace, apiReplaceOptions),
  DELETE("/api/v1/commons/:id", apiDelete, apiDeleteOptions),
];
