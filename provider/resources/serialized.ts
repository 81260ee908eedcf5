import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into state (`__provider`). Each method is a
 * one-line call to `dispatch` in the package installed next to the program, resolved
 * by name from the program's directory (the engine starts the dynamic provider
 * there), so the stored text holds no path, no credential and no library code.
 */
export function serializedProvider(kind: string): pulumi.dynamic.ResourceProvider {
  const run = (method: string, args: unknown[]) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("module").createRequire(process.cwd() + "/")("pulumi-telnyx-texml/dynamic").dispatch(kind, method, args);
  return {
    configure: (req) => run("configure", [req]),
    check: (olds, news) => run("check", [olds, news]),
    diff: (id, olds, news) => run("diff", [id, olds, news]),
    create: (inputs) => run("create", [inputs]),
    read: (id, props) => run("read", [id, props]),
    update: (id, olds, news) => run("update", [id, olds, news]),
    delete: (id, props) => run("delete", [id, props]),
  };
}
