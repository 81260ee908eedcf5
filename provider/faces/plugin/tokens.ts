/** The Pulumi package the provider plugin serves, and how its tokens are spelled. */

/** The package name: config keys are `telnyx-texml:<key>`, the plugin binary `pulumi-resource-telnyx-texml`. */
export const PACKAGE_NAME = "telnyx-texml";

/** `telnyx-texml:index:<member>`, the token of a resource kind or a function. */
export const tokenOf = (member: string): string => `${PACKAGE_NAME}:index:${member}`;

/** The member of a `telnyx-texml:index:<member>` token, or undefined for another package's or module's token. */
export function memberOf(token: string): string | undefined {
  const prefix = `${PACKAGE_NAME}:index:`;
  return token.startsWith(prefix) ? token.slice(prefix.length) : undefined;
}
