// Minimal stand-in declarations for the part of @pulumi/cloudflare the example uses, so
// the example type-checks in this repository's CI without installing the provider.
declare module "@pulumi/cloudflare" {
  import type * as pulumi from "@pulumi/pulumi";
  class WorkersScript extends pulumi.CustomResource {
    constructor(
      name: string,
      args: { accountId: pulumi.Input<string>; scriptName: pulumi.Input<string>; content: pulumi.Input<string>; mainModule?: pulumi.Input<string> },
      opts?: pulumi.CustomResourceOptions,
    );
    readonly scriptName: pulumi.Output<string>;
  }
}
