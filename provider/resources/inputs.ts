import type * as pulumi from "@pulumi/pulumi";

/** A validated input shape with every level accepting `pulumi.Input`s, as Pulumi packages type their args. */
export type DeepInput<T> = T extends readonly (infer U)[]
  ? pulumi.Input<pulumi.Input<DeepInputValue<U>>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

type DeepInputValue<T> = T extends object ? { [K in keyof T]: DeepInput<T[K]> } : T;

/** Args type derived from a resource's zod input type. */
export type ArgsOf<T> = { [K in keyof T]: DeepInput<T[K]> };
