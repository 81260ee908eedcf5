/**
 * The provider text stored in state (`__provider`) for every resource of this package.
 *
 * The engine keeps it per resource and runs that stored copy for refresh and destroy,
 * possibly on another machine, in another directory, after an upgrade. So it holds no
 * path, no credential and no library code: it resolves the installed package by name
 * from the program's directory (where the engine starts the dynamic provider; a
 * `createRequire` there also covers a program inside this package's own repository)
 * and calls the stable entry point `dispatch(kind, method, args)`.
 *
 * It is written out by hand rather than produced by Pulumi's closure serializer,
 * which wraps every function in scaffolding: seven one-line methods came to over
 * 2 KB per resource that way; this is under 300 bytes.
 */
export const DYNAMIC_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

/**
 * The `__provider` module text for resources of `kind` (a name `dispatch` knows).
 *
 * One line without indentation: the engine keeps the text twice per resource (inputs and
 * outputs) and rewrites the whole checkpoint after every step, so its size is paid on each
 * write. Resources whose state holds an earlier text keep working: every text resolves the
 * same entry point and calls the same `dispatch`, and the dynamic provider ignores a changed
 * text when diffing.
 */
export function providerModuleText(kind: string): string {
  return (
    "exports.handler=function(){var p={};" +
    `${JSON.stringify(DYNAMIC_METHODS)}.forEach(function(m){p[m]=function(){` +
    'return require("module").createRequire(process.cwd()+"/")("pulumi-telnyx-texml/dynamic")' +
    `.dispatch(${JSON.stringify(kind)},m,Array.prototype.slice.call(arguments))}});return p};\n`
  );
}
