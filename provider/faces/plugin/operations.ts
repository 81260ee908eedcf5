/**
 * Everything the plugin does for a request other than `GetPluginInfo` and `GetSchema`: the
 * resource operations, the configuration operations and the lookups, in one module, which
 * server.ts loads on the first such request. `npm run build` bundles it and all it imports, zod
 * and undici included, into dist/provider/faces/plugin/operations.bundle.js
 * (scripts/build-plugin-operations.mjs), which the built plugin loads instead: that request loads
 * one file instead of about 240.
 *
 * The three groups are one module so that they share one copy of the settings `Configure`
 * stores (config.ts) and of the error classes. The bundle's own copy of the warning code finds
 * the engine's route all the same: it sits on a process-wide symbol (base/warning-sink.ts).
 */
export * as configuration from "./configuration";
export * as functions from "./functions";
export * as resources from "./resources";
