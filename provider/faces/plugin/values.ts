/**
 * Property values between the provider protocol's `google.protobuf.Struct`s and the plain
 * objects the kind providers take and return.
 *
 * The plugin tells the engine it does not accept secrets or resource references
 * (`Configure`), so values arrive plain; the engine keeps values secret that were secret
 * (and the schema's `secret: true` outputs) on its side. Unknown values (`pulumi preview`
 * of something not yet created) arrive as the protocol's unknown sentinel, which the kinds'
 * validation already recognizes. A secret wrapper, should one arrive anyway (provider config
 * is sent before `Configure` says anything), is unwrapped here: it never reaches a kind.
 */
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { provider as pb, struct } from "./grpc";

type Props = Record<string, unknown>;

/** The signature key the protocol marks special values with, and its value for a secret. */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** A request's Struct as a plain object (an absent Struct is an empty one). */
export function fromStruct(value: Struct | undefined): Props {
  return value ? (withoutSecretWrappers(value.toJavaScript()) as Props) : {};
}

/** A plain object as a Struct; undefined values are left out (a Struct cannot hold them). */
export function toStruct(value: Props): Struct {
  return struct.Struct.fromJavaScript(withoutUndefined(value) as Record<string, never>);
}

/** Failures of a `Check` or `CheckConfig`, as the protocol's messages. */
export function checkFailures(failures: readonly { property: string; reason: string }[]): providerPb.CheckFailure[] {
  return failures.map((failure) => new pb.CheckFailure().setProperty(failure.property).setReason(failure.reason));
}

function withoutSecretWrappers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretWrappers);
  if (value && typeof value === "object") {
    const object = value as Props;
    if (object[SIGNATURE_KEY] === SECRET_SIGNATURE) return withoutSecretWrappers(object.value);
    return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, withoutSecretWrappers(v)]));
  }
  return value;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  if (value && typeof value === "object") {
    const out: Props = {};
    for (const [key, v] of Object.entries(value as Props)) if (v !== undefined) out[key] = withoutUndefined(v);
    return out;
  }
  return value;
}
