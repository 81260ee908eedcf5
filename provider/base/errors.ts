/**
 * The error family of this package: API, configuration, validation, import, file and
 * webhook failures are {@link TelnyxTexmlError}s, whose `family` says which kind each is,
 * and which keep the error they wrap (if any) as `cause`. This module loads nothing heavy
 * (it imports nothing), so `/data` and `/webhooks` export it cheaply and the webhook
 * bundle includes it.
 *
 * | class                      | family       |
 * | -------------------------- | ------------ |
 * | `TelnyxApiError`           | `api`        |
 * | `TelnyxConfigError`        | `config`     |
 * | `TelnyxValidationError`    | `validation` |
 * | `TelnyxImportError`        | `import`     |
 * | `TexmlFileError`           | `file`       |
 * | `WebhookVerificationError` | `webhook`    |
 */
/** Which kind of failure a {@link TelnyxTexmlError} is; stable strings, meant for `switch`, logs and metrics. */
export type TelnyxTexmlErrorFamily = "api" | "config" | "validation" | "import" | "file" | "webhook";

/**
 * The environment variable that brings back each error's full detail (its stack, its
 * properties and its `cause`) where Pulumi would otherwise print the message alone.
 */
export const DEBUG_VARIABLE = "TELNYX_TEXML_DEBUG";

/** Whether {@link DEBUG_VARIABLE} asks for full error detail (set, and not `0` or `false`). */
export function debugErrors(env: Record<string, string | undefined> | undefined = globalThis.process?.env): boolean {
  // `process` may be missing: this module is part of the webhook verifier's Worker bundle.
  const value = env?.[DEBUG_VARIABLE]?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/** The common base of the package's error family (see the README's Errors section). */
export class TelnyxTexmlError extends Error {
  /** Which kind of failure this is: the same for every instance of a subclass. */
  readonly family: TelnyxTexmlErrorFamily;

  /**
   * @param family see {@link TelnyxTexmlError.family}
   * @param message the whole message (only it crosses the dynamic provider's boundary to the CLI)
   * @param cause the error this one wraps, kept as the standard `cause` property
   */
  constructor(family: TelnyxTexmlErrorFamily, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    // The subclass's name, e.g. `TelnyxApiError` (subclasses also set it literally, for minified code).
    this.name = new.target.name;
    this.family = family;
  }

  /**
   * Read by `@pulumi/pulumi`'s Node.js language host (`RunError.isInstance`): when a program
   * fails with a `RunError`, it prints the message alone, where any other error gets its stack
   * and a dump of its properties. Every message of this family already says what failed and
   * what to check, so it is marked as one, unless {@link DEBUG_VARIABLE} asks for the detail.
   * A getter on the prototype, so it is not one of the properties an error dump shows.
   *
   * @internal
   */
  get __pulumiRunError(): boolean {
    return !debugErrors();
  }
}

/** An argument or resource input this package refuses before sending anything; `property` names it. */
export class TelnyxValidationError extends TelnyxTexmlError {
  override readonly name = "TelnyxValidationError";
  /** The argument or input at fault, e.g. `limit` or `friendlyName`. */
  readonly property: string;

  /**
   * @param property the argument or input at fault
   * @param message the whole message, conventionally starting with `<property>: `
   * @param cause the error this one wraps, if any
   */
  constructor(property: string, message: string, cause?: unknown) {
    super("validation", message, cause);
    this.property = property;
  }
}

/**
 * An existing object that cannot be adopted: an `import` whose object is missing or differs
 * from the declared inputs, a `get` of an object that does not exist, or a create whose
 * outcome is unknown and whose object cannot be proven to be this stack's.
 */
export class TelnyxImportError extends TelnyxTexmlError {
  override readonly name = "TelnyxImportError";

  /**
   * @param message the whole message, naming the object and what to do
   * @param cause the error this one wraps (the API's 404, the failed create), if any
   */
  constructor(message: string, cause?: unknown) {
    super("import", message, cause);
  }
}

/** An unusable setting (base URL, retry variables, credentials, an optional peer dependency), found before any request is sent. */
export class TelnyxConfigError extends TelnyxTexmlError {
  override readonly name = "TelnyxConfigError";
  /** The stack config key and/or environment variable at fault, e.g. `TELNYX_MAX_RETRIES`. */
  readonly setting: string;

  /**
   * @param setting the stack config key and/or environment variable at fault
   * @param message the whole message, naming the setting and the expected form
   * @param cause the error this one wraps, if any
   */
  constructor(setting: string, message: string, cause?: unknown) {
    super("config", message, cause);
    this.setting = setting;
  }
}
