/**
 * The boundaries of the code, checked by `npm test` (dependency-cruiser): data flows one way, route →
 * service → store → database, and each layer imports only what it may. Type-only imports count too.
 */
module.exports = {
  forbidden: [
    {
      name: "core-is-pure",
      comment: "core/ holds pure rules: it imports nothing from the database, the web layer or the modules.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(?!core/)" },
    },
    {
      name: "web-imports-no-module",
      comment: "web/ is shared machinery (layout, forms, i18n, URLs): modules use it, never the other way.",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/(modules|app|services|messages|main|cli)" },
    },
    {
      name: "modules-meet-through-services",
      comment:
        "A module reaches another module only through its service.ts, never its store, views or routes.",
      severity: "error",
      from: { path: "^src/modules/([^/]+)/" },
      to: { path: "^src/modules/", pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/service\\.ts$"] },
    },
    {
      name: "cli-loads-no-page",
      comment:
        "The command line imports no route, page or view file (nor the web application), but serve and archive (and its page-rendering threads), whose work is the pages.",
      severity: "error",
      from: { path: "^src/(main\\.ts|cli/)", pathNot: "^src/cli/(serve|archive|archive-fetch)\\.ts$" },
      to: { path: "(^src/app\\.ts$|/(routes|pages?|pages-[^/]*|views?|views-[^/]*)\\.tsx?$)" },
    },
    {
      name: "no-circular",
      comment: "No import cycle, type-only imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.test\\.tsx?$", "test-helpers\\.ts$"] },
    moduleSystems: ["es6"],
  },
};
