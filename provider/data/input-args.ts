import type * as pulumi from "@pulumi/pulumi";

/**
 * `pulumi.Input`-wrapped arguments.
 *
 * @deprecated Each `getXOutput` function has its own `GetXOutputArgs` interface; use those.
 */
export type InputArgs<A> = { [K in keyof A]: pulumi.Input<A[K]> };
