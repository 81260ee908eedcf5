// Minimal stand-in declarations for the parts of @pulumi/aws the example uses, so the
// example type-checks in this repository's CI without installing the AWS provider.
// A real project installs @pulumi/aws, whose types take precedence.
declare module "@pulumi/aws" {
  import type * as pulumi from "@pulumi/pulumi";
  export namespace iam {
    class Role extends pulumi.CustomResource {
      constructor(name: string, args: { assumeRolePolicy: pulumi.Input<string>; managedPolicyArns?: pulumi.Input<string>[] }, opts?: pulumi.CustomResourceOptions);
      readonly arn: pulumi.Output<string>;
    }
  }
  export namespace lambda {
    class Function extends pulumi.CustomResource {
      constructor(
        name: string,
        args: {
          runtime: pulumi.Input<string>;
          handler: pulumi.Input<string>;
          role: pulumi.Input<string>;
          code: pulumi.Input<pulumi.asset.Archive>;
          sourceCodeHash?: pulumi.Input<string>;
          timeout?: pulumi.Input<number>;
        },
        opts?: pulumi.CustomResourceOptions,
      );
      readonly name: pulumi.Output<string>;
    }
    class FunctionUrl extends pulumi.CustomResource {
      constructor(name: string, args: { functionName: pulumi.Input<string>; authorizationType: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions);
      readonly functionUrl: pulumi.Output<string>;
    }
  }
}
